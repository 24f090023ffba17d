"""Strict, safe YAML reading: bytes in, a tree of located strings out.

The only module that imports PyYAML. Every scalar stays a string (no YAML 1.1
guessing), and anything that makes YAML dangerous or ambiguous for untrusted
files is refused with its location: tags, anchors, aliases, merge keys,
duplicate keys, several documents, complex keys.

Why it is both safe and fast: we read *events* from libyaml's parser (the C
parser is ~9x faster than the pure one) and build the nodes ourselves with an
explicit stack. libyaml's parser is not recursive, so deep nesting cannot
crash it; only PyYAML's composer recursed (and segfaulted). Deep nesting
does cost libyaml quadratic time, so we stop at `MAX_DEPTH` while the
events are still being produced, before that cost is paid. The file size is
capped before parsing.

PyYAML is imported only when a file is actually parsed (in `_events`, the
one deferred import of the library): importing it costs more than a whole
check of a kept bundled tree (prebuilt.py), which never needs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from msgspec import Struct, field

from contactcheck.errors import N_, InvalidFile, Problem
from contactcheck.files import MAX_BYTES, too_large
from contactcheck.i18n import _, quantity

if TYPE_CHECKING:
    import yaml

MAX_DEPTH = 32
"""Deepest nesting of mappings and sequences (a tree needs about 6)."""
MAX_ITEMS = 10_000
"""Most items in one list (a question has a handful of choices, an outcome a few reasons)."""
MAX_KEYS = 200_000
"""Most keys in one mapping (a 100,000-node tree has about 67,000 outcomes in one)."""
MAX_NODES = 3_000_000
"""Most values in a file, counting keys (a 100,000-node tree has about 2.3 million).

With the byte cap alone, a 32 MiB flow list of 16.7 million items took 74 s and 2 GB to
refuse; with these counts any file that is read at all is read in seconds.
"""

_BOM = b"\xef\xbb\xbf"
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML (and so the parser's line numbers) counts as a line break."""


class YScalar(Struct, frozen=True):
    """A scalar, always kept as the string that was written."""

    value: str
    line: int
    col: int
    plain: bool = True
    """Whether it was written unquoted (an unquoted empty value means "nothing")."""


class YSeq(Struct, frozen=True):
    """A sequence of nodes."""

    items: list[YNode]
    line: int
    col: int


class YMap(Struct, frozen=True):
    """A mapping with string keys, in file order; each key keeps its own location."""

    entries: dict[str, tuple[YScalar, YNode]]
    line: int
    col: int


YNode = YScalar | YSeq | YMap


class _Open(Struct):
    """A mapping or sequence being built."""

    node: YMap | YSeq
    key: YScalar | None = None
    skip_value: bool = False
    """A rejected key (duplicate or not a string): its value is read and dropped."""
    pending: list[YNode] = field(default_factory=list)


class Source:
    """The decoded text of a file, for messages with the source line and a caret."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        self._lines: list[str] | None = None

    def line(self, number: int) -> str | None:
        """Line `number` (1-based), or None."""
        if self._lines is None:
            # Not str.splitlines(): it also breaks at form feeds and other characters that
            # YAML does not count, and the shown line would not match the line number.
            self._lines = _LINE_BREAK.split(self.text)
        if 1 <= number <= len(self._lines):
            return self._lines[number - 1]
        return None

    def position(self, index: int) -> tuple[int, int]:
        """The 1-based line and column of the character at `index`."""
        breaks = list(_LINE_BREAK.finditer(self.text, 0, index))
        start = breaks[-1].end() if breaks else 0
        return len(breaks) + 1, index - start + 1

    def problem(self, line: int, col: int, message: str, hint: str | None = None) -> Problem:
        """A problem located in this file."""
        return Problem(self.name, line, col, message, hint, self.line(line))


SAVE_AS_UTF8 = N_("save it as UTF-8")
RIGHT_FILE = N_("is this the right file?")


def decode(data: bytes, name: str, what: str = "tree") -> Source:
    """Check the size and decode UTF-8 (with or without BOM); refuse anything else."""
    if len(data) > MAX_BYTES:
        raise InvalidFile([too_large(name, len(data))], what)
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    elif data[:4] in _UTF32_BOMS or data[:2] in _UTF16_BOMS:
        encoding = "UTF-32" if data[:4] in _UTF32_BOMS else "UTF-16"
        raise InvalidFile(
            [Problem(name, 1, 1, _("the file is saved as {encoding}").format(encoding=encoding),
                     _(SAVE_AS_UTF8))], what
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        start = before.rfind(b"\n") + 1
        col = len(before[start:].decode("utf-8", "replace")) + 1
        shown = data[start:].split(b"\n", 1)[0].decode("utf-8", "replace")
        raise InvalidFile(
            [Problem(name, line, col,
                     _("the file is not valid UTF-8 (byte {byte})").format(
                         byte=f"0x{data[error.start]:02x}"),
                     _(SAVE_AS_UTF8), shown)],
            what,
        ) from None
    source = Source(name, text)
    if "\x00" in text:
        # Most often a UTF-16 or UTF-32 file without a byte order mark.
        line, col = source.position(text.index("\x00"))
        raise InvalidFile(
            [source.problem(line, col, _("the file contains a NUL character (byte 0x00)"),
                            _("save it as UTF-8 text; a NUL usually means UTF-16 or a binary "
                              "file"))],
            what,
        )
    return source


def parse(source: Source, what: str = "tree") -> YMap:
    """Parse one YAML document strictly; raise `InvalidFile` listing every problem found."""
    import yaml

    problems: list[Problem] = []
    try:
        root = _build(_events(source.text), source, problems)
    except _Stop as stop:
        problems.append(stop.problem)
        root = None
    except yaml.MarkedYAMLError as error:
        problems.append(_from_yaml_error(source, error))
        root = None
    except yaml.reader.ReaderError as error:
        problems.append(_from_reader_error(source, error))
        root = None
    except (yaml.YAMLError, ValueError, TypeError, AttributeError, RecursionError,
            MemoryError, UnicodeError, IndexError) as error:
        problems.append(source.problem(0, 0, _("the file could not be read as YAML ({error})")
                                       .format(error=error)))
        root = None
    if problems:
        raise InvalidFile(problems, what)
    if root is None or (isinstance(root, YScalar) and root.plain and root.value == ""):
        raise InvalidFile([source.problem(0, 0, _("the file is empty"))], what)
    if not isinstance(root, YMap):
        raise InvalidFile(
            [source.problem(root.line, root.col,
                            _("the top level must be a mapping of keys to values"),
                            _(_FIRST_LINE.get(what, _KEY_VALUE)))],
            what,
        )
    return root


_FIRST_LINE = {"tree": N_("start the file with `id: ...` on the first line"),
               "translation": N_("start the file with `translation: ...` on the first line")}
_KEY_VALUE = N_("write each setting as `key: value` on a line of its own")
"""How to start a file whose top level is not a mapping: by the first key of its kind."""


class _Stop(Exception):
    """A problem after which reading cannot go on."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _events(text: str) -> Iterator[yaml.Event]:
    import yaml

    return yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _from_yaml_error(source: Source, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark is not None else 0
    col = mark.column + 1 if mark is not None else 0
    message = " ".join(str(part) for part in (error.context, error.problem) if part)
    hint = None
    if "\t" in (source.line(line) or "") or "tab" in message:
        hint = _("indent with spaces, not tabs")
    elif "mapping values are not allowed" in message:
        hint = _("quote text that contains ': ' (a colon and a space)")
    elif "did not find expected" in message or "unexpected end of stream" in message:
        # libyaml notices an unclosed quote or a mis-indented line only where the next key
        # should have started, often lines later.
        hint = _("check the lines above for a missing closing quote, bracket or brace, or a "
                 "line indented differently from its neighbours")
    return source.problem(line, col, _("YAML syntax error: {message}").format(
        message=message or _("cannot parse")), hint)


def _from_reader_error(source: Source, error: yaml.reader.ReaderError) -> Problem:
    """A character YAML refuses, located by searching for it.

    The error's own position is a byte offset with the C parser and a character offset with the
    pure one, so neither can be trusted to give a column.
    """
    character = chr(error.character) if isinstance(error.character, int) else str(error.character)
    index = source.text.find(character) if character else -1
    line, col = source.position(index) if index >= 0 else (0, 0)
    return source.problem(
        line, col,
        _("the file contains the character {code}, which YAML does not allow").format(
            code=f"U+{ord(character[:1] or '?'):04X}"),
        _("remove it (control characters often come from text copied out of another "
          "program)"))


def _build(events: Iterator[yaml.Event], source: Source, problems: list[Problem]) -> YNode | None:
    """Build nodes from parser events with an explicit stack (no recursion)."""
    import yaml

    stack: list[_Open] = []
    root: YNode | None = None
    documents = 0

    def here(event: yaml.Event) -> tuple[int, int]:
        mark = event.start_mark
        return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)

    def refuse_decorations(event: yaml.NodeEvent) -> None:
        line, col = here(event)
        if event.anchor is not None:
            problems.append(source.problem(
                line, col, _("anchors ({anchor}) are not allowed").format(
                    anchor=f"&{event.anchor}"),
                _("write the content out in full; shared files must not expand unexpectedly")))
        tag = getattr(event, "tag", None)
        if tag is not None:
            problems.append(source.problem(
                line, col, _("tags ({tag}) are not allowed").format(tag=tag),
                _("remove the tag; every value is text")))

    nodes = 0

    def attach(node: YNode) -> None:
        nonlocal root, nodes
        nodes += 1
        if nodes > MAX_NODES:
            raise _Stop(source.problem(
                node.line, node.col, _("the file holds too many values (more than {count}, "
                                       "counting keys)").format(count=quantity(MAX_NODES)),
                _(RIGHT_FILE)))
        if not stack:
            root = node
            return
        top = stack[-1]
        if isinstance(top.node, YSeq):
            if len(top.node.items) >= MAX_ITEMS:
                raise _Stop(source.problem(
                    node.line, node.col, _("the list that starts on line {line} has more than "
                                           "{count} items").format(line=top.node.line,
                                                                   count=quantity(MAX_ITEMS)),
                    _(RIGHT_FILE)))
            top.node.items.append(node)
            return
        if top.key is None and not top.skip_value:
            if not isinstance(node, YScalar):
                problems.append(source.problem(
                    node.line, node.col, _("keys must be plain text, not a list or mapping")))
                top.skip_value = True
                return
            if node.plain and node.value == "<<":
                problems.append(source.problem(
                    node.line, node.col, _("merge keys (<<) are not allowed"),
                    _("write the keys out in full")))
                top.skip_value = True
                return
            previous = top.node.entries.get(node.value)
            if previous is not None:
                first = previous[0]
                problems.append(source.problem(
                    node.line, node.col,
                    _("duplicate key '{key}' (first on line {line})").format(key=node.value,
                                                                             line=first.line),
                    _("each key may appear once in a mapping; remove or rename one")))
                top.skip_value = True
                return
            if len(top.node.entries) >= MAX_KEYS:
                raise _Stop(source.problem(
                    node.line, node.col, _("the mapping that starts on line {line} has more "
                                           "than {count} keys").format(line=top.node.line,
                                                                       count=quantity(MAX_KEYS)),
                    _(RIGHT_FILE)))
            top.key = node
            return
        if top.skip_value:
            top.skip_value = False
            return
        assert top.key is not None
        top.node.entries[top.key.value] = (top.key, node)
        top.key = None

    for event in events:
        if isinstance(event, yaml.ScalarEvent):
            refuse_decorations(event)
            line, col = here(event)
            plain = not event.style  # the C parser says '', the pure one None
            attach(YScalar(event.value, line, col, plain))
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            refuse_decorations(event)
            if len(stack) >= MAX_DEPTH:
                line, col = here(event)
                raise _Stop(source.problem(
                    line, col, _("the file is nested too deeply (more than {count} "
                                 "levels)").format(count=MAX_DEPTH)))
            line, col = here(event)
            container: YMap | YSeq = (
                YMap({}, line, col) if isinstance(event, yaml.MappingStartEvent)
                else YSeq([], line, col)
            )
            stack.append(_Open(container))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            attach(stack.pop().node)
        elif isinstance(event, yaml.AliasEvent):
            line, col = here(event)
            problems.append(source.problem(
                line, col, _("aliases ({alias}) are not allowed").format(
                    alias=f"*{event.anchor}"),
                _("write the content out in full")))
            attach(YScalar("", line, col))
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                line, col = here(event)
                raise _Stop(source.problem(
                    line, col, _("the file holds more than one YAML document"),
                    _("keep one tree per file and remove the `---` separator")))
    return root
