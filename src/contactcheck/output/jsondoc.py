"""JSON for people's terminals and scripts: every control and invisible character escaped.

`json.dumps(ensure_ascii=False)` escapes C0 controls but writes C1 controls
(U+0080-U+009F, including the 8-bit CSI U+009B), bidi marks, line and paragraph
separators, zero-width and byte-order marks and tag characters as they are; a
`jq -r` or a log viewer then passes them to a terminal. Here each of them is a
`\\uXXXX` escape: the data is unchanged, the text is inert. Every JSON the tool
prints goes through `dumps`.
"""

from __future__ import annotations

import codecs
import json
import re
import sys
from typing import Any

from contactcheck.textsafe import is_unsafe

_NOT_PLAIN_ASCII = re.compile("[^\x00-\x7e]")


def dumps(value: Any, *, indent: int | None = 2) -> str:
    """`value` as JSON (UTF-8 text kept readable), with every unsafe character escaped.

    On an output that is not UTF-8 (an ASCII or Latin-1 locale) every non-ASCII character
    is escaped too, so no stand-in ever changes the data.
    """
    if not _utf_output():
        return json.dumps(value, ensure_ascii=True, indent=indent)
    return escape(json.dumps(value, ensure_ascii=False, indent=indent))


def _utf_output() -> bool:
    """Whether stdout takes every character (UTF-8, UTF-16, UTF-32)."""

    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def escape(text: str) -> str:
    """JSON text with each unsafe character replaced by its `\\uXXXX` escape (pairs above FFFF)."""
    return _NOT_PLAIN_ASCII.sub(_escaped, text)


def _escaped(found: re.Match[str]) -> str:
    char = found.group()
    if not is_unsafe(char):  # the one definition of what is unsafe to show
        return char
    return json.dumps(char, ensure_ascii=True)[1:-1]
