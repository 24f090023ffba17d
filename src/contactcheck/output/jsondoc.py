"""JSON for people's terminals and scripts: every control and invisible character escaped.

`json.dumps(ensure_ascii=False)` escapes C0 controls but writes C1 controls
(U+0080-U+009F, including the 8-bit CSI U+009B), bidi marks, line and paragraph
separators, zero-width and byte-order marks and tag characters as they are; a
`jq -r` or a log viewer then passes them to a terminal. Here each of them is a
`\\uXXXX` escape: the data is unchanged, the text is inert. Every JSON the tool
prints goes through `dumps`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from contactcheck.textsafe import is_unsafe

_NOT_PLAIN_ASCII = re.compile("[^\x00-\x7e]")


def dumps(value: Any, *, indent: int | None = 2) -> str:
    """`value` as JSON (UTF-8 text kept readable), with every unsafe character escaped."""
    return escape(json.dumps(value, ensure_ascii=False, indent=indent))


def escape(text: str) -> str:
    """JSON text with each unsafe character replaced by its `\\uXXXX` escape (pairs above FFFF)."""
    return _NOT_PLAIN_ASCII.sub(_escaped, text)


def _escaped(found: re.Match[str]) -> str:
    char = found.group()
    if not is_unsafe(char):  # the one definition of what is unsafe to show
        return char
    return json.dumps(char, ensure_ascii=True)[1:-1]
