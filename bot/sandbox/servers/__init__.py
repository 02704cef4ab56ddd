"""Loopback HTTP servers that speak the Graph (Facebook, Instagram), X v2 and Reddit wire formats.

One module per platform, as in bot/platforms/; base holds the request handler, routing, fault switches
and budgets they share, and graph what the two Graph API hosts share.
"""

from bot.sandbox.servers.base import JSON, PlatformServer, Reply, SandboxHandler, walk
from bot.sandbox.servers.facebook import FacebookServer
from bot.sandbox.servers.graph import GraphServer
from bot.sandbox.servers.instagram import InstagramServer
from bot.sandbox.servers.reddit import RedditServer, RedditTokenServer
from bot.sandbox.servers.x import XServer

SERVER_CLASSES: dict[str, type[PlatformServer]] = {
    "facebook": FacebookServer,
    "instagram": InstagramServer,
    "x": XServer,
    "reddit": RedditServer,
}

__all__ = [
    "JSON",
    "SERVER_CLASSES",
    "FacebookServer",
    "GraphServer",
    "InstagramServer",
    "PlatformServer",
    "RedditServer",
    "RedditTokenServer",
    "Reply",
    "SandboxHandler",
    "XServer",
    "walk",
]
