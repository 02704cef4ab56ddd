"""`python -m bot.sandbox`: the same as `modbot sandbox`."""

from bot.cli.sandbox import sandbox_command

if __name__ == "__main__":
    sandbox_command()
