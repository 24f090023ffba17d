"""Text from trees and from the person, made inert for Markdown pages.

One escaper for every Markdown we write (result notes, agenda pages, safety
plans), so a `*`, `#`, `<` or `~~~` in someone's text stays a character and
can never turn into a heading, a link, HTML or a code fence that swallows the
crisis lines after it.
"""

from __future__ import annotations

import re

from contactcheck.textsafe import safe_text

_INLINE = re.compile(r"([\\`*_\[\]<>|~&#!])")
_LINE_START = re.compile(r"^([+\-=]|\d+(?=[.)]))")


def escape_markdown(text: str) -> str:
    """`text` on one line, with everything that could change a Markdown page escaped.

    Control characters and line breaks become spaces (a line break could start
    a heading, a list or indented code); inline marks are backslash-escaped
    anywhere; and what would start a list, a rule or a numbered item at the
    start is escaped too.
    """
    flat = " ".join(part for part in safe_text(text, stand_in=" ").split(" ") if part)
    escaped = _INLINE.sub(r"\\\1", flat)
    start = _LINE_START.match(escaped)
    if start is None:
        return escaped
    if start.group(1).isdigit():
        return f"{escaped[:start.end()]}\\{escaped[start.end():]}"
    return "\\" + escaped
