"""The marketplace's `flask peers ...` commands; they call the same services as the views."""

import click

# Every command here is added to the `flask peers` group by peers.cli.
commands: list[click.Command] = []
