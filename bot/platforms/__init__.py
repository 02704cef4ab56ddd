"""Platform connectors: `make_connector(page)` builds the right one for a configured page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.config import PageConfig
from bot.domain import Platform
from bot.platforms.base import Connector


def connector_class(platform: Platform) -> type[Connector]:
    # Imported lazily so that loading one SDK does not require the others.
    if platform is Platform.FACEBOOK:
        from bot.platforms.facebook import FacebookConnector

        return FacebookConnector
    if platform is Platform.INSTAGRAM:
        from bot.platforms.instagram import InstagramConnector

        return InstagramConnector
    if platform is Platform.X:
        from bot.platforms.x import XConnector

        return XConnector
    from bot.platforms.reddit import RedditConnector

    return RedditConnector


def make_connector(page: PageConfig, environ: Mapping[str, str] | None = None, **kwargs: Any) -> Connector:
    """The connector for `page`; kwargs (clock, sleep, pacer) are passed through, for tests."""
    return connector_class(page.platform)(page, environ, **kwargs)  # type: ignore[call-arg]
