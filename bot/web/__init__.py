"""The moderators' review app: `create_app` builds it, `serve` runs it under waitress."""

from bot.web.app import close_app, create_app

__all__ = ["create_app", "close_app"]
