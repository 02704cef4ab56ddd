"""Demo accounts for `modbot demo`: one per role, with a printed password, in a throwaway database."""

from __future__ import annotations

import secrets

from bot.store import Store
from bot.web.security import ROLES, hash_password

DEMO_USERS = {
    "admin": "demo-admin",
    "moderator": "demo-mod",
    "records": "demo-records",
    "supervisor": "demo-supervisor",
}


def create_demo_accounts(store: Store, password: str | None = None) -> dict[str, str]:
    """Create (or reset) one account per role, all with `password` (random when None).

    Returns {user name: password} for the demo to print. Never call this on a production database.
    """
    password = password or secrets.token_urlsafe(9)
    hashed = hash_password(password)
    for role in ROLES:
        store.upsert_user(DEMO_USERS[role], hashed, role, actor="modbot-demo")
    return {DEMO_USERS[role]: password for role in ROLES}
