"""Loopback stand-ins for Facebook, Instagram, X and Reddit, for tests and the demo."""

from bot.sandbox.sandbox import SANDBOX_SECRETS, Sandbox, env_var

__all__ = ["SANDBOX_SECRETS", "Sandbox", "env_var"]
