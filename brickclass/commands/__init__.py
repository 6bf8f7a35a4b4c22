"""One module per ``brickclass`` subcommand; see ``brickclass.cli``."""
