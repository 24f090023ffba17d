"""Typed reading of located YAML nodes, shared by every file format we read.

Trees, policy profiles, answers, scenarios and the person's own files all go
through `Reader`: each method checks one node, records a located `Problem` if it
is wrong, and returns the value or None, so a file's problems are all reported
together rather than one at a time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from contactcheck.errors import Problem
from contactcheck.i18n import N_, _, language
from contactcheck.textsafe import describe, first_unsafe, is_unsafe
from contactcheck.tree.model import ID_PATTERN
from contactcheck.tree.yamlread import Source, YMap, YNode, YScalar, YSeq

_T = TypeVar("_T")

BOOLEANS: Mapping[str, bool] = {"true": True, "false": False}


def did_you_mean(word: str, options: Iterable[str]) -> str | None:
    """A "did you mean" hint for a misspelt key, id or value, or None."""
    import difflib  # only for a problem: slow to import, so not at every start

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    if not close:
        return None
    return _("did you mean '{word}'?").format(word=close[0])


class Reader:
    """Reads located YAML nodes into typed values, collecting every problem found."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.problems: list[Problem] = []

    # -- reporting ---------------------------------------------------------

    def fail(self, node: YNode | YScalar, message: str, hint: str | None = None) -> None:
        self.problems.append(self.source.problem(node.line, node.col, joined(message),
                                                 joined(hint) if hint else hint))

    # -- generic readers ---------------------------------------------------

    def mapping(self, node: YNode, what: str, keys: tuple[str, ...],
                required: tuple[str, ...]) -> YMap | None:
        """`node` as a mapping with only known keys and every required key."""
        if not isinstance(node, YMap):
            self.fail(node, _("{what} must be a mapping of keys to values").format(what=what))
            return None
        meant: set[str] = set()
        for key, (key_node, _value) in node.entries.items():
            if key not in keys:
                import difflib  # only for a problem: slow to import, so not at every start

                hint = did_you_mean(key, (k for k in keys if k not in node.entries))
                meant.update(difflib.get_close_matches(key, keys, n=1, cutoff=0.6))
                self.fail(key_node, _("unknown key '{key}' in {what}").format(key=_show(key),
                                                                                what=what),
                          hint or _("allowed keys: {keys}").format(keys=", ".join(keys)))
        for key in required:
            # A misspelt key already says "did you mean"; "missing" would say it twice.
            if key not in node.entries and key not in meant:
                self.fail(node, _("{what} is missing the required key '{key}'").format(
                    what=what, key=key))
        return node

    def text(self, node: YNode, what: str, *, one_line: bool = False) -> str | None:
        """`node` as non-empty text with no control characters."""
        if not isinstance(node, YScalar):
            self.fail(node, _("{what} must be text, not {kind}").format(what=what,
                                                                          kind=_kind(node)),
                      _("quote the whole text: a '- ' or ': ' inside it starts a list or "
                        "mapping"))
            return None
        # A block scalar (`title: >`) ends with a line break; that is not part of the text.
        value = node.value.strip() if one_line else node.value.strip("\n")
        if not value.strip():
            self.fail(node, _("{what} is empty").format(what=what))
            return None
        if one_line and "\n" in value:
            self.fail(node, _("{what} must be a single line").format(what=what),
                      _("write it on one line; longer explanations belong in another field"))
            return None
        bad = first_unsafe(value, allowed="\n")
        if bad is not None:
            self.fail(node, _("{what} contains the control character {character}").format(
                what=what, character=describe(bad)),
                      _("text must not be able to drive the terminal; remove it"))
            return None
        return value

    def identifier(self, node: YNode, what: str) -> str | None:
        """`node` as an id matching `ID_PATTERN`."""
        if not isinstance(node, YScalar):
            self.fail(node, _("{what} must be an id, not {kind}").format(what=what,
                                                                           kind=_kind(node)))
            return None
        if not ID_PATTERN.fullmatch(node.value):  # `$` alone would allow a final newline
            message = _("{what} is not a valid id: '{id}'")
            odd = next((ch for ch in node.value if not ch.isascii()), None)
            code = name = ""
            if odd is not None:
                # A look-alike letter or an invisible character reads as a plain id on screen.
                message = _("{what} is not a valid id: '{id}' (it contains U+{code} {name})")
                code = f"{ord(odd):04X}"
                name = unicodedata.name(odd, "") or _("an unnamed character")
            self.fail(node, message.format(what=what, id=show_id(node.value), code=code,
                                           name=name),
                      _("ids use lower-case ASCII letters, digits and _, and start with a "
                        "letter (at most 64 characters); retype it"))
            return None
        return node.value

    def items(self, node: YNode, what: str, read: Callable[[YNode, str], _T | None],
              item: Callable[[int], str] | None = None) -> list[_T]:
        """`node` as a non-empty list, each item read by `read` and named by `item(index)`."""
        if not isinstance(node, YSeq):
            self.fail(node, _("{what} must be a list (one '- ' item per line)").format(
                what=what))
            return []
        if not node.items:
            self.fail(node, _("{what} must not be empty").format(what=what))
            return []
        name = item or (lambda index: _("item {index} of {what}").format(index=index,
                                                                          what=what))
        found = [read(value, name(index)) for index, value in enumerate(node.items, 1)]
        return [value for value in found if value is not None]

    def get(self, node: YMap, key: str) -> YNode | None:
        entry = node.entries.get(key)
        return entry[1] if entry else None

    def choose(self, node: YNode, what: str, options: Mapping[str, _T]) -> _T | None:
        if isinstance(node, YScalar) and node.value in options:
            return options[node.value]
        shown = node.value if isinstance(node, YScalar) else _kind(node)
        self.fail(node, _("{what} is '{value}', which is not one of: {options}").format(
            what=what, value=_show(shown), options=", ".join(options)),
                  did_you_mean(shown, options))
        return None


    def flag(self, node: YNode, what: str) -> bool | None:
        """`node` as `true` or `false`."""
        return self.choose(node, what, BOOLEANS)

    def read_map(self, node: YMap, what: str, keys: tuple[str, ...], required: tuple[str, ...],
                 text_keys: tuple[str, ...]) -> dict[str, str] | None:
        """A mapping whose listed keys are single-line texts; None if anything is wrong."""
        count = len(self.problems)
        if self.mapping(node, what, keys, required) is None:
            return None
        values: dict[str, str] = {}
        for key in text_keys:
            value_node = self.get(node, key)
            if value_node is not None:
                value = self.text(value_node, _("'{key}' of {what}").format(key=key, what=what),
                                  one_line=True)
                if value is not None:
                    values[key] = value
        return values if len(self.problems) == count else None


_KINDS: Mapping[type, str] = {YMap: N_("a mapping"), YSeq: N_("a list"), YScalar: N_("a text")}


def _kind(node: YNode) -> str:
    """What a node is, with its article ("a list"), in the interface's language."""
    return _(_KINDS[type(node)])


def _show(value: str, *, ascii_only: bool = False) -> str:
    """A value for a message: printable (or ASCII, to show look-alike letters), and short."""
    text = "".join(ch if not is_unsafe(ch) and (ch.isascii() or not ascii_only)
                   else f"\\u{ord(ch):04x}" for ch in value)
    return text if len(text) <= 40 else text[:39] + "…"


_JOIN = re.compile(r"\b(a|de) el\b")


def joined(text: str) -> str:
    """A message built of phrases, with Spanish's "de el" and "a el" written "del" and "al"
    (*el título del resultado «x»*), never inside the «quoted» ids and texts it shows."""
    if language().split("-")[0] != "es" or " el" not in text:
        return text
    return "".join(part if part.startswith("«") else _JOIN.sub(r"\1l", part)
                   for part in re.split(r"(«[^»]*»)", text))


def show_id(value: str) -> str:
    """An id (valid or not) for a message: ASCII, so a look-alike letter shows as `\\u043e`."""
    return _show(value, ascii_only=True)
