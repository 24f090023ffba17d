"""`contactcheck questions`: what a script needs to pass answers."""

from __future__ import annotations

from pathlib import Path

import click

from contactcheck.commands.options import format_option, tree_option
from contactcheck.output.formats import emit


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@tree_option
@format_option("text", "json")
def questions(tree_path: Path, output_format: str) -> None:
    """List a tree's questions (ids, values, where each leads) and its outcomes.

    Scripts and other front ends use this to know what to pass to
    `check --answer ID=VALUE`. The JSON shape is documented in the README.
    """
    from contactcheck.tree.load import load_tree

    tree = load_tree(tree_path)
    emit("questions", output_format, tree)
