"""The `phenomena` command line (one typer app; each command group in its own module)."""
from app.cli.main import cli, format_table, main  # noqa: F401
