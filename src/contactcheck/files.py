"""How much of a file is ever read: the size cap, and the problem a bigger file gets.

Apart from yamlread.py so that reading a file for the cache (cache.py) does not
import the YAML layer: a load served from the cache never needs it.
"""

from __future__ import annotations

from contactcheck.errors import Problem

MAX_BYTES = 32 * 1024 * 1024
"""Largest file read (32 MiB: ample for a 100,000-node tree)."""


def too_large(name: str, size: int | None) -> Problem:
    """The problem of a file over `MAX_BYTES` (`size` None when it is a pipe or device)."""
    amount = f"{size:,} bytes; " if size is not None else ""
    return Problem(name, 0, 0, f"the file is too large ({amount}the limit is {MAX_BYTES:,} bytes)",
                   "files like this are a few kilobytes; is this the right file?")
