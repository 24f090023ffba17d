"""The one place rich consoles are made, so colour and safety settings agree everywhere.

Tree text is never read as markup, numbers are never "highlighted", emoji
codes are never expanded, and `NO_COLOR` / `--no-color` turn colour off.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


NARROWEST = 20
"""The fewest columns we lay out for: a phone number and its label must fit on one line."""
WIDEST = 1000
"""The most columns we lay out for: rules and padding are built as long as the width."""


def no_color_requested(flag: bool = False) -> bool:
    """`--no-color`, or a non-empty NO_COLOR (https://no-color.org)."""
    return flag or bool(os.environ.get("NO_COLOR"))


def make_console(*, stderr: bool = False, no_color: bool = False, width: int | None = None,
                 file: IO[str] | None = None) -> Console:
    """A console for our output: no markup, no highlighting, no emoji codes."""
    from rich.console import Console

    console = Console(
        file=file,
        stderr=stderr,
        no_color=no_color_requested(no_color),
        markup=False,
        highlight=False,
        emoji=False,
        width=width,
        soft_wrap=False,
    )
    # rich takes COLUMNS as it is: 0 prints nothing at all, 1 puts each digit of a phone
    # number on its own line, 99999999999 runs out of memory drawing a rule. Only a width
    # outside what we lay out for is fixed, so a real terminal's resizes are still followed.
    measured = console.width
    if not NARROWEST <= measured <= WIDEST:
        console.width = min(max(measured, NARROWEST), WIDEST)
    return console


def wants_plain(plain: bool = False, environ: Mapping[str, str] | None = None) -> bool:
    """Plain numbered prompts: `--plain`, `ACCESSIBLE` set (not 0), or `TERM=dumb`."""
    env = os.environ if environ is None else environ
    accessible = env.get("ACCESSIBLE", "").strip()
    return plain or accessible not in ("", "0") or env.get("TERM", "") == "dumb"
