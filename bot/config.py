"""Configuration: TOML → frozen dataclasses. Secrets are read only from the environment, by name."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.domain import Platform


class ConfigError(ValueError):
    """Raised for a bad configuration; the message names the file and the key."""


class MissingSecret(ConfigError):
    pass


# Default API endpoints; the sandbox and tests point base_url at 127.0.0.1.
DEFAULT_BASE_URLS: dict[Platform, str] = {
    Platform.FACEBOOK: "https://graph.facebook.com/",
    Platform.INSTAGRAM: "https://graph.facebook.com/",
    Platform.X: "https://api.twitter.com",
    Platform.REDDIT: "https://oauth.reddit.com",
}
# Graph API version for Facebook and Instagram. v25.0 (February 2026) is available until July 2028;
# v21.0, the previous default, expires in January 2027.
DEFAULT_API_VERSION = "v25.0"
GRAPH_VERSION = re.compile(r"v\d{1,2}\.\d")
# Reddit serves its API on oauth.reddit.com but issues tokens only on www.reddit.com (prawcore's reddit_url).
DEFAULT_TOKEN_URLS: dict[Platform, str] = {Platform.REDDIT: "https://www.reddit.com"}

# Which credentials each platform needs: role → meaning. The config maps each role to the
# NAME of an environment variable (e.g. token_env = "LCPD_FB_TOKEN"), never to the secret itself.
CREDENTIAL_ROLES: dict[Platform, tuple[str, ...]] = {
    Platform.FACEBOOK: ("token",),
    Platform.INSTAGRAM: ("token",),
    Platform.X: (
        "bearer_token",
        "consumer_key",
        "consumer_secret",
        "access_token",
        "access_token_secret",
        "user_token",
    ),
    Platform.REDDIT: ("client_id", "client_secret", "username", "password"),
}
# Hiding and replying on X need user context: the four OAuth 1.0a roles, or an OAuth 2.0 user access
# token (`user_token`). An app-only bearer token (`bearer_token`, optional) can only read.
X_OAUTH1_ROLES = ("consumer_key", "consumer_secret", "access_token", "access_token_secret")
X_USER_CONTEXT_HELP = (
    "an X page needs user-context credentials to hide and reply: consumer_key_env, consumer_secret_env, "
    "access_token_env and access_token_secret_env (OAuth 1.0a), or user_token_env (an OAuth 2.0 user "
    "access token with tweet.read, tweet.write, tweet.moderate.write and users.read); an app-only "
    "bearer token can only read"
)
# Roles that may be left out of the config (X's are checked as a group, see X_USER_CONTEXT_HELP).
OPTIONAL_ROLES: dict[Platform, frozenset[str]] = {
    Platform.X: frozenset({"bearer_token", "user_token", *X_OAUTH1_ROLES}),
}
# Roles whose environment variable may be unset even when the config names it.
UNSET_ALLOWED: dict[Platform, frozenset[str]] = {
    Platform.X: frozenset({"bearer_token"}),
}


@dataclass(kw_only=True, frozen=True)
class PageConfig:
    """One official page/account/subreddit that the daemon watches."""

    name: str
    platform: Platform
    page_id: str  # FB page id, IG business account id, X user id, subreddit name
    credential_env: Mapping[str, str]  # role → environment variable name
    base_url: str
    api_version: str = DEFAULT_API_VERSION
    # Where access tokens are requested (Reddit only: www.reddit.com); None means the platform has no such host.
    token_url: str | None = None
    interval_seconds: float = 60.0
    jitter_seconds: float = 5.0
    posts_limit: int = 25
    timeout_seconds: float = 15.0
    authorized_authors: frozenset[str] = frozenset()
    # Reddit: None builds "<platform>:<app ID>:<version> (by /u/<username>)" from reddit_app_id and the
    # account, the only form Reddit does not throttle; a configured value must have that form too.
    user_agent: str | None = None
    reddit_app_id: str = "modbot"
    enabled: bool = True
    # Every this many seconds one poll re-reads all the recent comments, not just the new ones, so edits
    # are archived (and judged) as new versions; 0 turns it off. The first poll after a start is one.
    recheck_seconds: float = 900.0

    def secret(self, role: str, environ: Mapping[str, str] | None = None) -> str:
        """The secret for `role`, read from the environment variable the config names."""
        env = os.environ if environ is None else environ
        var = self.credential_env.get(role)
        if var is None:
            raise MissingSecret(f"page {self.name!r}: no environment variable configured for {role!r}")
        value = env.get(var)
        if not value:
            raise MissingSecret(f"page {self.name!r}: environment variable {var} ({role}) is not set")
        return value

    def optional_secret(self, role: str, environ: Mapping[str, str] | None = None) -> str | None:
        try:
            return self.secret(role, environ)
        except MissingSecret:
            return None


def missing_secrets(pages: Iterable[PageConfig], environ: Mapping[str, str] | None = None) -> list[str]:
    """Every required credential variable that is unset, as "VAR (page NAME, role)", in config order.

    Checked all at once so an operator fixes the environment in one go, not one restart per variable."""
    env = os.environ if environ is None else environ
    missing: list[str] = []
    for page in pages:
        optional = OPTIONAL_ROLES.get(page.platform, frozenset())
        unset_ok = UNSET_ALLOWED.get(page.platform, frozenset())
        for role in CREDENTIAL_ROLES[page.platform]:
            var = page.credential_env.get(role)
            if role in unset_ok or (var is None and role in optional) or (var is not None and env.get(var)):
                continue
            missing.append(f"{var or '<no ' + role + '_env key>'} (page {page.name}, {role})")
    return missing


@dataclass(kw_only=True, frozen=True)
class EmailAlertConfig:
    host: str
    port: int = 25
    sender: str = "modbot@localhost"
    recipients: tuple[str, ...] = ()
    username_env: str | None = None
    password_env: str | None = None
    starttls: bool = False
    # Implicit TLS from the first byte (SMTPS, usually port 465) instead of STARTTLS on a plain connection.
    ssl: bool = False
    # Extra CA bundle to trust (a private CA); the system store is used either way, and certificates are verified.
    ca_file: str | None = None
    timeout_seconds: float = 10.0


@dataclass(frozen=True)
class WebhookAlertConfig:
    url: str
    secret_env: str | None = None  # HMAC-SHA256 signing key, sent as X-Modbot-Signature
    timeout_seconds: float = 10.0


@dataclass(kw_only=True, frozen=True)
class AlertsConfig:
    email: EmailAlertConfig | None = None
    webhook: WebhookAlertConfig | None = None
    max_attempts: int = 5
    # An urgent item nobody acknowledged in the review app this long after its alert is alerted again, to
    # the next address of `escalation` (an email address, or an http(s) URL for a webhook); 0 turns it off.
    reack_minutes: float = 15.0
    escalation: tuple[str, ...] = ()


@dataclass(kw_only=True, frozen=True)
class WebConfig:
    host: str = "127.0.0.1"
    port: int = 8080
    secret_key_env: str = "MODBOT_WEB_SECRET"  # noqa: S105 - the variable name, not a secret
    links_live: bool = False
    idle_minutes: float = 30.0  # a review-app sign-in unused this long ends (it also ends after 12 h)
    # Reverse proxies (addresses or CIDR networks) whose X-Forwarded-For names the real client.
    trusted_proxies: tuple[str, ...] = ()
    # Where people reach the review app (behind the proxy), e.g. https://modbot.lcpd.example; alerts then
    # carry a link to the item. None: alerts carry no link (the app's address is not known).
    public_url: str | None = None
    # Serve /metrics (Prometheus text format) to admins and to a scraper on this host (bot.web.metrics).
    metrics: bool = False


@dataclass(kw_only=True, frozen=True)
class Settings:
    db_path: Path
    policy_dir: Path
    scorer: str = "bundled"
    dry_run: bool = False
    log_format: str = "text"
    log_level: str = "INFO"
    # Prefix log lines with their syslog priority ("<3>"): None means only when $JOURNAL_STREAM is set.
    log_syslog_prefix: bool | None = None
    pages: tuple[PageConfig, ...] = ()
    alerts: AlertsConfig = field(default_factory=AlertsConfig)
    web: WebConfig = field(default_factory=WebConfig)
    source: Path | None = None
    # How long a daemon's hold on a page lasts without renewal (it renews every cycle and while acting);
    # another daemon on the same database takes the page over only after that. See bot.daemon.
    lease_seconds: float = 120.0
    # How long a failing platform action (5xx, timeouts, rate limits) keeps being retried, with backoff,
    # before it is given up as failed (an urgent one alerts a person at its first failure).
    action_retry_seconds: float = 6 * 3600.0
    # A page in backoff, rate limited or failing for longer than this alerts a person, once per episode
    # (a full, read-only or corrupt database alerts at once).
    trouble_alert_seconds: float = 900.0


SCORERS = ("bundled", "detoxify", "bundled+detoxify")
MIN_LEASE_SECONDS = 30.0


def _networks(items: tuple[str, ...], where: str) -> tuple[str, ...]:
    import ipaddress

    for i, item in enumerate(items):
        try:
            ipaddress.ip_network(item.strip(), strict=False)
        except ValueError:
            raise ConfigError(f"{where}[{i}]: {item!r} is not an IP address or network") from None
    return items


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class _Section:
    """Reads one TOML table, naming `file: section.key` in every error, and rejecting unknown keys."""

    def __init__(self, data: Mapping[str, Any], where: str) -> None:
        if not isinstance(data, Mapping):
            raise ConfigError(f"{where}: must be a table")
        self.data = dict(data)
        self.where = where
        self.used: set[str] = set()

    def get(
        self, key: str, typ: type | tuple[type, ...], default: Any = ..., *, required: bool = False
    ) -> Any:
        self.used.add(key)
        if key not in self.data:
            if required or default is ...:
                raise ConfigError(f"{self.where}.{key}: required key is missing")
            return default
        value = self.data[key]
        if typ is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if isinstance(value, bool) and typ in (int, float):
            raise ConfigError(f"{self.where}.{key}: expected {typ.__name__}, got a boolean")
        if not isinstance(value, typ):
            names = typ.__name__ if isinstance(typ, type) else "/".join(t.__name__ for t in typ)
            raise ConfigError(f"{self.where}.{key}: expected {names}, got {type(value).__name__}")
        return value

    def strings(self, key: str, default: Any = ..., *, required: bool = False) -> tuple[str, ...]:
        """A list of non-empty strings; an item of another type (or an empty one) names the key and index."""
        items = self.get(key, list, default, required=required)
        for i, item in enumerate(items):
            if not isinstance(item, str):
                raise ConfigError(f"{self.where}.{key}[{i}]: expected str, got {type(item).__name__}")
            if not item.strip():
                raise ConfigError(f"{self.where}.{key}[{i}]: must not be empty")
        return tuple(items)

    def port(self, key: str, default: int, *, allow_zero: bool = False) -> int:
        """A TCP port; 0 (the system picks a free one) only where listening, as the demo does."""
        value = int(self.get(key, int, default))
        if not (0 if allow_zero else 1) <= value <= 65535:
            raise ConfigError(f"{self.where}.{key}: {value} is not a TCP port (1-65535)")
        return value

    def positive(self, key: str, default: float) -> float:
        value = self.get(key, float, default)
        if value <= 0:
            raise ConfigError(f"{self.where}.{key}: must be greater than 0")
        return float(value)

    def finish(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise ConfigError(f"{self.where}: unknown key(s): {', '.join(unknown)}")


def _page(data: Mapping[str, Any], where: str) -> PageConfig:
    s = _Section(data, where)
    name = s.get("name", str, required=True)
    raw_platform = s.get("platform", str, required=True)
    try:
        platform = Platform(raw_platform)
    except ValueError:
        allowed = ", ".join(p.value for p in Platform)
        raise ConfigError(f"{where}.platform: {raw_platform!r} is not one of {allowed}") from None
    page_id = s.get("page_id", str, required=True)
    creds: dict[str, str] = {}
    for role in CREDENTIAL_ROLES[platform]:
        var = s.get(f"{role}_env", str, None)
        if var is None:
            if role in OPTIONAL_ROLES.get(platform, frozenset()):
                continue
            raise ConfigError(
                f"{where}.{role}_env: required key is missing (name of the environment variable)"
            )
        if not var.replace("_", "").isalnum():
            raise ConfigError(f"{where}.{role}_env: {var!r} is not an environment variable name")
        creds[role] = var
    if platform is Platform.X:
        oauth1 = [r for r in X_OAUTH1_ROLES if r in creds]
        if "user_token" not in creds and len(oauth1) < len(X_OAUTH1_ROLES):
            missing = ", ".join(f"{r}_env" for r in X_OAUTH1_ROLES if r not in creds)
            raise ConfigError(f"{where}: {X_USER_CONTEXT_HELP} (missing: {missing})")
    page = PageConfig(
        name=name,
        platform=platform,
        page_id=page_id,
        credential_env=creds,
        base_url=s.get("base_url", str, DEFAULT_BASE_URLS[platform]),
        token_url=_token_url(s, platform, where),
        api_version=_api_version(s, platform, where),
        interval_seconds=s.positive("interval_seconds", 60.0),
        jitter_seconds=s.get("jitter_seconds", float, 5.0),
        posts_limit=int(s.positive("posts_limit", 25)),
        timeout_seconds=s.positive("timeout_seconds", 15.0),
        authorized_authors=frozenset(s.strings("authorized_authors", [])),
        user_agent=_user_agent(s, platform, where),
        reddit_app_id=_reddit_app_id(s, platform, where),
        enabled=s.get("enabled", bool, True),
        recheck_seconds=s.get("recheck_seconds", float, 900.0),
    )
    if page.jitter_seconds < 0:
        raise ConfigError(f"{where}.jitter_seconds: must not be negative")
    if page.recheck_seconds < 0:
        raise ConfigError(f"{where}.recheck_seconds: must not be negative (0 turns rechecks off)")
    s.finish()
    return page


# Reddit's user-agent rule; generic agents are throttled. praw appends its own version after it.
REDDIT_USER_AGENT = re.compile(r"[\w.-]+:[\w.-]+:[\w.-]+ \(by /u/[\w-]{3,20}\)")
REDDIT_APP_ID = re.compile(r"[A-Za-z0-9][\w.-]{0,63}")


def _user_agent(s: _Section, platform: Platform, where: str) -> str | None:
    value = s.get("user_agent", str, None)
    if value is not None and platform is Platform.REDDIT and not REDDIT_USER_AGENT.fullmatch(value):
        raise ConfigError(
            f"{where}.user_agent: {value!r} does not follow Reddit's rule "
            "'<platform>:<app ID>:<version> (by /u/<username>)', e.g. "
            "'python:gov.lascruces.modbot:v0.1.0 (by /u/LCPD_modbot)'; leave it out to build it from "
            "reddit_app_id and the account"
        )
    return value


def _reddit_app_id(s: _Section, platform: Platform, where: str) -> str:
    if "reddit_app_id" in s.data and platform is not Platform.REDDIT:
        raise ConfigError(f"{where}.reddit_app_id: only Reddit pages have one")
    value = s.get("reddit_app_id", str, PageConfig.reddit_app_id)
    if not REDDIT_APP_ID.fullmatch(value):
        raise ConfigError(f"{where}.reddit_app_id: {value!r} must be letters, digits, '.', '_' or '-'")
    return str(value)


def _api_version(s: _Section, platform: Platform, where: str) -> str:
    if "api_version" in s.data and platform not in (Platform.FACEBOOK, Platform.INSTAGRAM):
        raise ConfigError(f"{where}.api_version: only Facebook and Instagram pages use a Graph API version")
    value = s.get("api_version", str, DEFAULT_API_VERSION)
    if not GRAPH_VERSION.fullmatch(value):
        raise ConfigError(
            f"{where}.api_version: {value!r} is not a Graph API version like {DEFAULT_API_VERSION!r} (vNN.N)"
        )
    return str(value)


def _token_url(s: _Section, platform: Platform, where: str) -> str | None:
    default = DEFAULT_TOKEN_URLS.get(platform)
    if "token_url" in s.data and default is None:
        raise ConfigError(f"{where}.token_url: only Reddit pages have a separate token host")
    url = s.get("token_url", str, default)
    if url is not None and not url.startswith(("http://", "https://")):
        raise ConfigError(f"{where}.token_url: must start with http:// or https://")
    return url


def parse_settings(
    data: Mapping[str, Any], source: str = "<config>", base_dir: Path | None = None
) -> Settings:
    """Validate a whole config mapping and build Settings; the first error names `source: key`."""
    base = base_dir or Path.cwd()
    top = _Section(data, source)
    mb = _Section(top.get("modbot", dict, {}), f"{source}: modbot")
    scorer = mb.get("scorer", str, "bundled")
    if scorer not in SCORERS:
        raise ConfigError(f"{source}: modbot.scorer: {scorer!r} is not one of {', '.join(SCORERS)}")
    log_format = mb.get("log_format", str, "text")
    if log_format not in ("text", "json"):
        raise ConfigError(f"{source}: modbot.log_format: must be 'text' or 'json'")
    db_path = base / mb.get("db", str, "modbot.db")
    policy_dir = base / mb.get("policy_dir", str, "moderation_policies")
    dry_run = mb.get("dry_run", bool, False)
    log_level = mb.get("log_level", str, "INFO").upper()
    if log_level not in LOG_LEVELS:
        raise ConfigError(f"{source}: modbot.log_level: {log_level!r} is not one of {', '.join(LOG_LEVELS)}")
    log_syslog_prefix = mb.get("log_syslog_prefix", bool, None)
    lease_seconds = mb.positive("lease_seconds", 120.0)
    action_retry_seconds = mb.positive("action_retry_seconds", 6 * 3600.0)
    trouble_alert_seconds = mb.positive("trouble_alert_seconds", 900.0)
    if lease_seconds < MIN_LEASE_SECONDS:
        raise ConfigError(
            f"{source}: modbot.lease_seconds: must be at least {MIN_LEASE_SECONDS:.0f} (a page's platform "
            "call must fit well inside it)"
        )
    mb.finish()

    pages_raw = top.get("pages", list, [])
    pages = tuple(_page(p, f"{source}: pages[{i}]") for i, p in enumerate(pages_raw))
    names = [p.name for p in pages]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ConfigError(f"{source}: pages: duplicate page name(s): {', '.join(dupes)}")

    slowest = max((p.timeout_seconds for p in pages), default=0.0)
    if lease_seconds < 2 * slowest:
        raise ConfigError(
            f"{source}: modbot.lease_seconds: {lease_seconds:g} is less than twice the slowest page's "
            f"timeout_seconds ({slowest:g}); a platform call must fit well inside a lease"
        )

    alerts_s = _Section(top.get("alerts", dict, {}), f"{source}: alerts")
    email = None
    if "email" in alerts_s.data:
        e = _Section(alerts_s.get("email", dict), f"{source}: alerts.email")
        email = EmailAlertConfig(
            host=e.get("host", str, required=True),
            port=e.port("port", 25),
            sender=e.get("sender", str, "modbot@localhost"),
            recipients=e.strings("recipients", required=True),
            username_env=e.get("username_env", str, None),
            password_env=e.get("password_env", str, None),
            starttls=e.get("starttls", bool, False),
            ssl=e.get("ssl", bool, False),
            ca_file=e.get("ca_file", str, None),
            timeout_seconds=e.positive("timeout_seconds", 10.0),
        )
        e.finish()
    webhook = None
    if "webhook" in alerts_s.data:
        w = _Section(alerts_s.get("webhook", dict), f"{source}: alerts.webhook")
        url = w.get("url", str, required=True)
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"{source}: alerts.webhook.url: must start with http:// or https://")
        webhook = WebhookAlertConfig(
            url=url,
            secret_env=w.get("secret_env", str, None),
            timeout_seconds=w.positive("timeout_seconds", 10.0),
        )
        w.finish()
    reack_minutes = alerts_s.get("reack_minutes", float, 15.0)
    if reack_minutes < 0:
        raise ConfigError(f"{source}: alerts.reack_minutes: must be 0 (off) or more")
    escalation = tuple(alerts_s.get("escalation", list, []))
    for n, address in enumerate(escalation):
        where = f"{source}: alerts.escalation[{n}]"
        if not isinstance(address, str) or not address.strip():
            raise ConfigError(f"{where}: expected an email address or an http(s) URL")
        if address.startswith(("http://", "https://")):
            continue
        if "@" not in address or " " in address.strip():
            raise ConfigError(f"{where}: {address!r} is neither an email address nor an http(s) URL")
        if email is None:
            raise ConfigError(f"{where}: an email address needs [alerts.email] (the SMTP server to send by)")
    alerts = AlertsConfig(
        email=email,
        webhook=webhook,
        max_attempts=alerts_s.get("max_attempts", int, 5),
        reack_minutes=float(reack_minutes),
        escalation=escalation,
    )
    alerts_s.finish()

    web_s = _Section(top.get("web", dict, {}), f"{source}: web")
    web = WebConfig(
        host=web_s.get("host", str, "127.0.0.1"),
        port=web_s.port("port", 8080, allow_zero=True),
        secret_key_env=web_s.get("secret_key_env", str, "MODBOT_WEB_SECRET"),
        links_live=web_s.get("links_live", bool, False),
        idle_minutes=web_s.positive("idle_minutes", 30.0),
        trusted_proxies=_networks(web_s.strings("trusted_proxies", []), f"{source}: web.trusted_proxies"),
        public_url=_public_url(web_s, f"{source}: web.public_url"),
        metrics=web_s.get("metrics", bool, False),
    )
    web_s.finish()
    top.finish()
    return Settings(
        db_path=db_path,
        policy_dir=policy_dir,
        scorer=scorer,
        dry_run=dry_run,
        log_format=log_format,
        log_level=log_level,
        log_syslog_prefix=log_syslog_prefix,
        pages=pages,
        alerts=alerts,
        web=web,
        source=Path(source) if source != "<config>" else None,
        lease_seconds=lease_seconds,
        action_retry_seconds=action_retry_seconds,
        trouble_alert_seconds=trouble_alert_seconds,
    )


def _public_url(s: _Section, where: str) -> str | None:
    url = s.get("public_url", str, None)
    if url is None:
        return None
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(f"{where}: must be the app's http(s) address, e.g. https://modbot.example.org")
    return url.rstrip("/")


def load_settings(path: str | Path) -> Settings:
    """Read and validate a TOML config file. Relative paths in it are relative to the file."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read config: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: not valid TOML: {exc}") from None
    return parse_settings(data, str(p), p.parent.resolve())
