"""`python -m bot` runs the modbot CLI."""

from bot.cli import main

main()
