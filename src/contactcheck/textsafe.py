"""What text may contain, and how any text is made safe to show: one definition for both.

A character is unsafe if its Unicode category is Cc (controls: escape sequences, the bell,
backspace, tabs), Cf (format characters: bidi overrides and isolates, zero-width characters,
the byte-order mark, tag characters), Zl or Zp (line and paragraph separators, which break a
line where a file and the terminal disagree), Co (private use) or Cs (lone surrogates, from
file names that are not UTF-8). The tree rules and the checks of what a person writes refuse
them (`first_unsafe`), and every display replaces them (`safe_text`), so what is checked and
what is shown can never disagree.
"""

from __future__ import annotations

import re
import unicodedata

UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs"})
STAND_IN = "?"


def is_unsafe(char: str) -> bool:
    """Whether one character could drive the terminal, hide text or reorder it."""
    return unicodedata.category(char) in UNSAFE_CATEGORIES


def first_unsafe(text: str, allowed: str = "") -> str | None:
    """The first unsafe character of `text` that is not in `allowed`, or None."""
    if text.isprintable():  # the usual case, in C: nothing unsafe at all
        return None
    return next((char for char in text if char not in allowed and is_unsafe(char)), None)


def safe_text(text: str, keep: str = "", stand_in: str = STAND_IN) -> str:
    """`text` with every unsafe character not in `keep` replaced by `stand_in`."""
    if text.isprintable():
        return text
    return "".join(char if char in keep or not is_unsafe(char) else stand_in for char in text)


def describe(char: str) -> str:
    """A character for a message: `U+202E (RIGHT-TO-LEFT OVERRIDE)`."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


_NUMBERISH = re.compile(r"\+?\d[\d\- ]*\d")


def keep_numbers_whole(text: str, width: int) -> list[str]:
    """Wrap `text` to `width`, never breaking inside a phone number like `116 123`."""
    # Split at spaces, except those inside a number; punctuation stays glued to its word
    # ("call 999." must not become "call 999 .").
    guarded = _NUMBERISH.sub(lambda match: match.group().replace(" ", "\0"), text)
    tokens = [token.replace("\0", " ") for token in guarded.split()]
    # A web address longer than the line is split across lines rather than cut off (a line
    # is never folded by the terminal: it would break a number).
    tokens = [piece for token in tokens
              for piece in ([token[i:i + width] for i in range(0, len(token), width)]
                            if "://" in token and len(token) > width else [token])]
    lines: list[str] = []
    current = ""
    for token in tokens:
        if current and len(current) + 1 + len(token) > width:
            lines.append(current)
            current = token
        else:
            current = f"{current} {token}" if current else token
    if current:
        lines.append(current)
    return lines or [""]
