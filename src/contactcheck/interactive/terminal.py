"""The terminal the questions are asked on: lines of plain text written straight to it.

The questions need nothing of rich: their text is plain, wrapped at words, and the only
style is the bold of an answered question. rich is loaded for the result alone, so the first
question appears sooner (`benchmarks/bench.py` times it against a bare questionary select).
"""

from __future__ import annotations

import os
import shutil
import sys
from typing import TextIO

from contactcheck.output.console import NARROWEST, WIDEST, no_color_requested

_BOLD = "\x1b[1m"
_RESET = "\x1b[0m"


class Terminal:
    """Where the questions are written. `width` follows the terminal as it is resized."""

    def __init__(self, file: TextIO | None = None, *, width: int | None = None,
                 no_color: bool = False) -> None:
        self.file = file if file is not None else sys.stdout
        self._width = width
        isatty = getattr(self.file, "isatty", None)
        styled = bool(isatty and isatty()) and os.environ.get("TERM", "") not in ("dumb",
                                                                                 "unknown")
        self.styled = styled
        """Whether bold may be written (a terminal that understands it)."""
        self.color = styled and not no_color_requested(no_color)
        """Whether the arrow-key prompts may use colour (`--no-color`, NO_COLOR)."""

    @property
    def width(self) -> int:
        """The columns to lay out for, as the console's (kept between 20 and 1000)."""
        measured = self._width or shutil.get_terminal_size().columns
        return min(max(measured, NARROWEST), WIDEST)

    def line(self, text: str = "", *, bold: bool = False) -> None:
        """Write one line (the caller has made its text safe and wrapped it)."""
        if bold and self.styled:
            text = f"{_BOLD}{text}{_RESET}"
        self.write(text + "\n")

    def write(self, text: str) -> None:
        """Write `text` as it is, and show it now."""
        self.file.write(text)
        self.file.flush()
