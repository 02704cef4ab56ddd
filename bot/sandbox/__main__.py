"""`python -m bot.sandbox`: the same as `modbot sandbox`."""

from bot.sandbox.cli import sandbox_command

if __name__ == "__main__":
    sandbox_command()
