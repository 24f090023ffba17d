"""JSON for people's terminals and scripts: every control and invisible character escaped.

`json.dumps(ensure_ascii=False)` escapes C0 controls but writes C1 controls
(U+0080-U+009F, including the 8-bit CSI U+009B), bidi marks, line and paragraph
separators, zero-width and byte-order marks and tag characters as they are; a
`jq -r` or a log viewer then passes them to a terminal. Here each of them is a
`\\uXXXX` escape: the data is unchanged, the text is inert. Every JSON the tool
prints goes through `dumps`.

msgspec writes the text, in C: the same text `json.dumps(indent=...)` writes (a property
test compares them), without the import of the `json` package and its indenting encoder in
Python, which a `check --format json` would otherwise spend most of its output time on.
"""

from __future__ import annotations

import codecs
import re
import sys
from typing import Any

import msgspec

from contactcheck.textsafe import is_unsafe

_NOT_PLAIN_ASCII = re.compile("[^\x00-\x7e]")


def dumps(value: Any, *, indent: int | None = 2) -> str:
    """`value` as JSON (UTF-8 text kept readable), with every unsafe character escaped.

    `indent=None` writes one line. On an output that is not UTF-8 (an ASCII or Latin-1
    locale) every character outside printable ASCII is escaped too, so no stand-in ever
    changes the data.
    """
    text = _json_text(value, indent)
    if not _utf_output():
        return _NOT_PLAIN_ASCII.sub(_u_escape, text)
    return escape(text)


def _json_text(value: Any, indent: int | None) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=indent)`, written by msgspec."""
    try:
        data = msgspec.json.encode(value)
    except (UnicodeEncodeError, TypeError):
        # A lone surrogate (a file name that is not UTF-8, read with surrogateescape) has no
        # UTF-8 form: the json module keeps it in the text, and it is escaped below. A key
        # msgspec refuses (True, None) is one json writes as a string: the same document.
        import json

        return json.dumps(value, ensure_ascii=False, indent=indent)
    # indent 0: one line, with json.dumps's own ", " and ": " between items.
    return msgspec.json.format(data, indent=0 if indent is None else indent).decode("utf-8")


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
    return _u_escape(found)


def _u_escape(found: re.Match[str]) -> str:
    """One character as JSON writes it in ASCII: `\\u00e9`, or a surrogate pair above FFFF."""
    code = ord(found.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
