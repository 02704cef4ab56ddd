"""`python -m bot.cli`: the same as `modbot` (and `python -m bot`)."""

from bot.cli import main

main()
