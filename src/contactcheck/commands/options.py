"""Options and parameter types shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from click.shell_completion import CompletionItem

from contactcheck.bundled import DEFAULT_TREE, bundled_names, find_tree


class TreeParam(click.ParamType):  # type: ignore[type-arg]
    """`--tree NAME|PATH`: a bundled tree's name, or a path to a tree file."""

    name = "tree"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Path:
        if isinstance(value, Path):
            return value
        text = str(value)
        bundled = find_tree(text)
        if bundled is not None:
            return bundled
        path = Path(text)
        if path.is_file():
            return path
        names = ", ".join(bundled_names()) or "none"
        self.fail(f"'{text}' is neither a bundled tree ({names}) nor a file", param, ctx)
        return None  # not reached: fail() raises

    def shell_complete(self, ctx: click.Context, param: click.Parameter,
                       incomplete: str) -> list[CompletionItem]:
        names = [CompletionItem(name) for name in bundled_names() if name.startswith(incomplete)]
        return [*names, CompletionItem(incomplete, type="file")]


tree_option = click.option(
    "--tree", "tree_path", type=TreeParam(), default=DEFAULT_TREE, show_default=True,
    help="A bundled tree's name, or the path of a tree file.")


_F = TypeVar("_F", bound=Callable[..., Any])


def format_option(*formats: str, default: str = "text") -> Callable[[_F], _F]:
    """`--format`, limited to `formats`."""
    return click.option("--format", "output_format", type=click.Choice(formats),
                        default=default, show_default=True, help="Output format.")
