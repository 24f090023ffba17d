"""Warnings beyond validity: things in a valid tree that are likely mistakes or hard to use.

`validate` says whether a tree can be used at all; `lint` says where it could
mislead or tire the people answering it. Each warning has a check name, a
location and a hint. Pure: no click, no rich.

The checks:

- `many-choices`: a question with more than `MAX_CHOICES` choices (long lists are
  hard to take in, and the last ones may not fit a small terminal).
- `similar-labels`: two choices of a question whose labels differ only in case or spacing.
- `comment-truncation`: unquoted text followed by ` #` on its line: YAML reads the
  rest of the line as a comment, so `text: Call #112 now` is just `Call`.
- `missing-draft`: a non-emergency `contact_now` outcome without a `draft:` message.
- `long-path`: a path that asks more than `MAX_PATH_QUESTIONS` questions.
- `reason-without-source`: a reason under `why:` with no `source:`.
- `unknown-source`: a `source:` written as an id that is not in the shipped sources list
  (docs/sources.md), so `--explain` could not show a reference for it.
- `positional-words`: "below" or "above" in tree text. Where a number appears depends on the
  output and the terminal; name the line by kind (`{crisis}`) instead.
- `untranslated`: in a translation (`default.es.yaml`), a text written exactly as the tree
  has it (a text of one word, such as "No" or "OK", may rightly be the same).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from pathlib import Path

from msgspec import Struct

from contactcheck.authoring.routes import longest_path
from contactcheck.check.sources import sources
from contactcheck.errors import Problem
from contactcheck.files import read_capped
from contactcheck.i18n import N_, _, ngettext
from contactcheck.tree.fields import joined
from contactcheck.tree.load import is_translation, load_tree, translation_name
from contactcheck.tree.model import ID_PATTERN, Decision, Tree
from contactcheck.tree.rules import (
    choice_label_named,
    outcome_named,
    question_named,
    translation_from_yaml,
    tree_from_yaml,
)
from contactcheck.tree.yamlread import (
    Source,
    YMap,
    YNode,
    YScalar,
    YSeq,
    decode,
    parse,
)

MAX_CHOICES = 7
"""More choices than this in one question earns a warning."""
MAX_PATH_QUESTIONS = 10
"""A path asking more questions than this earns a warning."""

CHECKS = ("many-choices", "similar-labels", "comment-truncation", "missing-draft",
          "long-path", "reason-without-source", "placeholder-safety-net", "unknown-source",
          "positional-words", "untranslated")
POSITIONAL = re.compile(r"\b(below|above)\b", re.IGNORECASE)

PLACEHOLDERS = frozenset({"~", "null", "none", "todo", "tbd", "tba", "fixme", "xxx", "...", "…",
                          "-", "--", "n/a", "na", "placeholder", "lorem ipsum", "safety net",
                          "safety_net", "text", "?"})
"""Safety-net texts that are a gap, not advice: `~` reads as YAML's null to people, but this
tool keeps it as the text "~" and would show it to someone whose situation got worse."""


class LintWarning(Struct, frozen=True):
    """One warning: which check raised it, and where."""

    check: str
    problem: Problem

    def format(self) -> str:
        """`FILE:LINE:COL: warning: message [check]`, the line with a caret, and the hint."""
        problem = self.problem
        shown = Problem(problem.file, problem.line, problem.col,
                        _("warning: {message} [{check}]").format(message=problem.message,
                                                                 check=self.check),
                        problem.hint, problem.source_line)
        return shown.format()

    def as_json(self) -> dict[str, object]:
        """The warning as a JSON-ready mapping."""
        return {"check": self.check, **self.problem.as_json()}


class LintReport(Struct, frozen=True):
    """A valid tree and the warnings about it."""

    tree: Tree
    warnings: tuple[LintWarning, ...]


def lint_file(path: Path) -> LintReport:
    """Load the tree or translation at `path` (raising `InvalidFile` if it is invalid) and
    lint it."""
    named = translation_name(path)
    if named is not None and is_translation(path):
        return lint_translation(read_capped(path, str(path), "translation"), str(path),
                                named[0], named[1])
    return lint_bytes(read_capped(path, str(path)), str(path))


def lint_translation(data: bytes, name: str, tree_path: Path, lang: str) -> LintReport:
    """Lint a translation given as bytes against the tree at `tree_path`."""
    tree = load_tree(tree_path)
    source = decode(data, name, "translation")
    root = parse(source, "translation")
    translated = translation_from_yaml(tree, root, source, lang)
    warnings: list[LintWarning] = []
    for what, node, original in _translated_texts(tree, root):
        if node.value.strip() == original.strip() and len(_WORD.findall(original)) > 1:
            warnings.append(LintWarning("untranslated", source.problem(
                node.line, node.col, joined(_("{what} is not translated: it is the tree's own "
                                              "text ('{text}')").format(
                    what=what, text=_short(original))),
                _("write it in {lang}").format(lang=translated.lang))))
    linter = _Linter(translated, root, source)
    linter.truncation()
    warnings.extend(linter.warnings)
    return LintReport(translated, tuple(sorted(
        warnings, key=lambda w: (w.problem.line, w.problem.col, w.check))))


_WORD = re.compile(r"[^\W\d_]{2,}")
"""A word of at least two letters, in any script."""


def _translated_texts(tree: Tree, root: YMap) -> Iterator[tuple[str, YScalar, str]]:
    """Each text of a valid translation, with the tree's own text it translates."""

    def at(node: YNode | None, *keys: str | int) -> YScalar | None:
        for key in keys:
            if isinstance(key, int) and isinstance(node, YSeq):
                node = node.items[key]
            elif isinstance(key, str) and isinstance(node, YMap) and key in node.entries:
                node = node.entries[key][1]
            else:
                return None
        return node if isinstance(node, YScalar) else None

    def item(index: int, key: str, what: str) -> str:
        return _("item {index} of {what}").format(
            index=index, what=_("'{key}' of {what}").format(key=key, what=what))

    wanted: list[tuple[str, tuple[str | int, ...], str | None]] = [
        (_("the tree's title"), ("title",), tree.title),
        (_("the tree's description"), ("description",), tree.description)]
    for question in tree.questions.values():
        what = question_named(question.id)
        wanted += [(_("the text of {what}").format(what=what),
                    ("questions", question.id, "text"), question.text),
                   (_("the help of {what}").format(what=what),
                    ("questions", question.id, "help"), question.help)]
        wanted += [(choice_label_named(choice.value, what),
                    ("questions", question.id, "choices", choice.value), choice.label)
                   for choice in question.choices]
    for outcome in tree.outcomes.values():
        what = outcome_named(outcome.id)
        base = ("outcomes", outcome.id)
        wanted += [(_("the title of {what}").format(what=what), (*base, "title"), outcome.title),
                   (_("the draft of {what}").format(what=what), (*base, "draft"), outcome.draft),
                   (_("the safety net of {what}").format(what=what), (*base, "safety_net"),
                    outcome.safety_net)]
        wanted += [(item(index, "why", what), (*base, "why", index - 1), reason.text)
                   for index, reason in enumerate(outcome.why, 1)]
        wanted += [(item(index, "do", what), (*base, "do", index - 1), step)
                   for index, step in enumerate(outcome.do, 1)]
    for what, keys, original in wanted:
        node = at(root, *keys)
        if node is not None and original is not None:
            yield what, node, original


def lint_bytes(data: bytes, name: str) -> LintReport:
    """Lint a tree given as bytes (`name` is used in messages)."""
    source = decode(data, name)
    root = parse(source)
    tree = tree_from_yaml(root, source)
    return LintReport(tree, tuple(_Linter(tree, root, source).run()))


class _Linter:
    def __init__(self, tree: Tree, root: YMap, source: Source) -> None:
        self.tree = tree
        self.root = root
        self.source = source
        self.warnings: list[LintWarning] = []

    def warn(self, check: str, node: YNode, message: str, hint: str | None = None) -> None:
        assert check in CHECKS, f"document the check '{check}' in CHECKS"
        problem = self.source.problem(node.line, node.col, joined(message),
                                      joined(hint) if hint else hint)
        self.warnings.append(LintWarning(check, problem))

    def section(self, name: str) -> dict[str, tuple[YScalar, YMap]]:
        """`questions:` or `outcomes:` as id -> (key node, body); the tree is valid."""
        node = self.root.entries[name][1]
        assert isinstance(node, YMap)
        found = {}
        for key, (key_node, body) in node.entries.items():
            assert isinstance(body, YMap)
            found[key] = (key_node, body)
        return found

    def run(self) -> list[LintWarning]:
        questions = self.section("questions")
        outcomes = self.section("outcomes")
        for question_id, (key_node, body) in questions.items():
            self.choices(question_id, key_node, body)
        for outcome_id, (key_node, body) in outcomes.items():
            self.outcome(outcome_id, key_node, body)
        self.long_path(outcomes)
        self.truncation()
        self.positional()
        return sorted(self.warnings, key=lambda w: (w.problem.line, w.problem.col, w.check))

    def choices(self, question_id: str, key_node: YScalar, body: YMap) -> None:
        question = self.tree.questions[question_id]
        if len(question.choices) > MAX_CHOICES:
            count = len(question.choices)
            self.warn("many-choices", key_node,
                      ngettext("question '{id}' has {count} choice",
                               "question '{id}' has {count} choices", count).format(
                          id=question_id, count=count),
                      _("people take in about {limit} at most, and the last ones may not "
                        "fit a small terminal; split it into two questions").format(
                          limit=MAX_CHOICES))
        items = body.entries["choices"][1]
        assert isinstance(items, YSeq)
        seen: dict[str, str] = {}
        for choice, item in zip(question.choices, items.items, strict=True):
            key = " ".join(choice.label.casefold().split())
            if key in seen:
                label_node = item.entries["label"][1] if isinstance(item, YMap) else item
                same = _("the labels of the choices '{first}' and '{second}' of question "
                         "'{id}' are the same") if seen[key] == choice.label else \
                    _("the labels of the choices '{first}' and '{second}' of question '{id}' "
                      "differ only in case or spacing")
                self.warn("similar-labels", label_node,
                          same.format(first=seen[key + " value"], second=choice.value,
                                      id=question_id),
                          _("people cannot tell them apart; make each label say what is "
                            "different"))
            else:
                seen[key] = choice.label
                seen[key + " value"] = choice.value

    def outcome(self, outcome_id: str, key_node: YScalar, body: YMap) -> None:
        outcome = self.tree.outcomes[outcome_id]
        if (outcome.decision is Decision.CONTACT_NOW and not outcome.emergency
                and outcome.draft is None):
            self.warn("missing-draft", key_node,
                      _("outcome '{id}' suggests contacting someone now but has no "
                        "draft").format(id=outcome_id),
                      _("add `draft:` with a short message people can adapt; finding the words "
                        "is often the hard part"))
        net = outcome.safety_net.strip().strip(".!").strip().lower()
        if not net or net in PLACEHOLDERS or net.startswith(("todo", "tbd", "fixme", "lorem")):
            node = body.entries["safety_net"][1]
            self.warn("placeholder-safety-net", node,
                      _("the safety net of outcome '{id}' is placeholder text "
                        "('{text}')").format(id=outcome_id, text=_short(outcome.safety_net)),
                      _("say what to do if things change or get worse before the session, "
                        "e.g. \"If it gets worse, call {crisis}.\""))
        why = body.entries["why"][1]
        assert isinstance(why, YSeq)
        for reason, item in zip(outcome.why, why.items, strict=True):
            if reason.source is None:
                self.warn("reason-without-source", item,
                          _("a reason of outcome '{id}' has no source").format(id=outcome_id),
                          _("write it as {text: ..., source: ...}, naming the guidance or "
                            "answer it comes from, so reviewers can check it"))
            elif ID_PATTERN.match(reason.source) and reason.source not in sources():
                node = item.entries["source"][1] if isinstance(item, YMap) else item
                self.warn("unknown-source", node,
                          _("the source '{source}' of outcome '{id}' is not in the sources "
                            "list").format(source=reason.source, id=outcome_id),
                          _("add it to src/contactcheck/data/sources.yaml (and "
                            "docs/sources.md), or write the reference out in words"))

    def long_path(self, outcomes: dict[str, tuple[YScalar, YMap]]) -> None:
        ids = longest_path(self.tree)
        asked = len(ids) - 1
        if asked > MAX_PATH_QUESTIONS:
            self.warn("long-path", outcomes[ids[-1]][0],
                      _("the path to outcome '{id}' asks {count} questions: {path}").format(
                          id=ids[-1], count=asked, path=" -> ".join(ids[:-1])),
                      _("people in distress tire quickly; keep paths to {limit} "
                        "questions or fewer").format(limit=MAX_PATH_QUESTIONS))

    def positional(self) -> None:
        for text in _text_nodes(self.root, self.source):
            match = POSITIONAL.search(text.node.value)
            if match is not None and not text.source:
                self.warn("positional-words", text.node,
                          _("{what} says '{word}'").format(what=text.what, word=match.group()),
                          _("where a number appears depends on the output and the terminal; "
                            "name the line by kind, e.g. {crisis} or {emergency}"))

    def truncation(self) -> None:
        if not any((" #" in line or "\t#" in line) and not line.lstrip().startswith("#")
                   for line in self.source.text.splitlines()):
            return  # no comment after text anywhere: nothing can be cut short
        starts = _starts(self.root)
        for text in _text_nodes(self.root, self.source):
            node = text.node
            if node.plain and _comment_after(node, text.flow, starts, self.source):
                self.warn("comment-truncation", node,
                          _("{what} is unquoted and followed by ' #': YAML read only "
                            "'{text}' and dropped the rest as a comment").format(
                              what=text.what, text=_short(node.value)),
                          _('quote the whole text ("Call #112 now"); if it is a comment, '
                            "put it on its own line"))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


# -- where text ends -------------------------------------------------------


class _Starts(Struct, frozen=True):
    """Where nodes (keys, values, collections) start: line -> sorted columns, sorted lines."""

    cols: dict[int, list[int]]
    lines: list[int]


def _starts(root: YNode) -> _Starts:
    """Every node start in the document."""
    starts: dict[int, list[int]] = {}
    todo: list[YNode] = [root]
    while todo:
        node = todo.pop()
        starts.setdefault(node.line, []).append(node.col)
        if isinstance(node, YMap):
            for key_node, value in node.entries.values():
                starts.setdefault(key_node.line, []).append(key_node.col)
                todo.append(value)
        elif isinstance(node, YSeq):
            todo.extend(node.items)
    for cols in starts.values():
        cols.sort()
    return _Starts(starts, sorted(starts))


def _comment_after(node: YScalar, flow: bool, starts: _Starts, source: Source) -> bool:
    """Whether a plain scalar is cut short by a comment: ` #` inside the text it spans.

    The scalar spans from its start to the next node's start. On lines after the first
    (a multi-line plain scalar), a line that is only a comment is not part of it.
    """
    line = source.line(node.line) or ""
    following = [col for col in starts.cols.get(node.line, ()) if col > node.col]
    end = following[0] - 1 if following else len(line)
    if _has_comment(line[node.col - 1:end], flow):
        return True
    if following:
        return False
    index = bisect.bisect_right(starts.lines, node.line)
    last = starts.lines[index] if index < len(starts.lines) \
        else node.line + 1 + source.text.count("\n")
    for number in range(node.line + 1, last):
        text = source.line(number)
        if text is None:
            break
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        if _has_comment(text, flow):
            return True
    return False


def _has_comment(segment: str, flow: bool) -> bool:
    if flow:
        # In a flow collection `,`, `]` and `}` end a plain scalar before any comment.
        for stop in ",]}":
            index = segment.find(stop)
            if index >= 0:
                segment = segment[:index]
    return " #" in segment or "\t#" in segment


class _Text(Struct, frozen=True):
    """A text value of a tree, for the checks that read every text."""

    what: str
    """What it is, for a message (`the text of 'danger'`), in the interface's language."""
    node: YScalar
    flow: bool
    """Whether it is inside a flow collection (`{...}` or `[...]`)."""
    source: bool = False
    """Whether it is a reason's `source:` (a reference, not text people read as advice)."""


_TREE_TEXTS = {"title": N_("the tree's title"), "version": N_("the tree's version"),
               "description": N_("the tree's description")}
_NODE_TEXTS = {"text": N_("the text of '{id}'"), "help": N_("the help of '{id}'"),
               "title": N_("the title of '{id}'"), "draft": N_("the draft of '{id}'"),
               "safety_net": N_("the safety_net of '{id}'")}
"""What each text of a question or outcome is called in a warning, by its key."""


def _text_nodes(root: YMap, source: Source) -> Iterator[_Text]:
    """Every text value of a valid tree, with what it is and whether it is in a flow."""
    flow = _FlowFinder(source)
    top = flow.is_flow(root)
    for key in ("title", "version", "description"):
        entry = root.entries.get(key)
        if entry is not None and isinstance(entry[1], YScalar):
            yield _Text(_(_TREE_TEXTS[key]), entry[1], top)
    for section in ("questions", "outcomes"):
        container = root.entries[section][1]
        assert isinstance(container, YMap)
        for node_id, (_key, body) in container.entries.items():
            assert isinstance(body, YMap)
            inside = top or flow.is_flow(container) or flow.is_flow(body)
            for key, (_key_node, value) in body.entries.items():
                yield from _texts_in(node_id, key, value, inside or flow.is_flow(value), flow)


def _texts_in(node_id: str, key: str, value: YNode, inside: bool,
              flow: _FlowFinder) -> Iterator[_Text]:
    if key in _NODE_TEXTS and isinstance(value, YScalar):
        yield _Text(_(_NODE_TEXTS[key]).format(id=node_id), value, inside)
    elif key in ("why", "do") and isinstance(value, YSeq):
        for index, item in enumerate(value.items, 1):
            item_flow = inside or flow.is_flow(item)
            if isinstance(item, YScalar):
                yield _Text(_("the {key} of '{id}' item {index}").format(
                    key=key, id=node_id, index=index), item, item_flow)
            elif isinstance(item, YMap):
                for part, said in (("text", N_("the text of the {key} of '{id}' item {index}")),
                                   ("source",
                                    N_("the source of the {key} of '{id}' item {index}"))):
                    entry = item.entries.get(part)
                    if entry is not None and isinstance(entry[1], YScalar):
                        yield _Text(_(said).format(key=key, id=node_id, index=index), entry[1],
                                    item_flow, source=part == "source")
    elif key == "choices" and isinstance(value, YSeq):
        for index, item in enumerate(value.items, 1):
            if isinstance(item, YMap):
                entry = item.entries.get("label")
                if entry is not None and isinstance(entry[1], YScalar):
                    yield _Text(_("the label of choice {index} of '{id}'").format(
                        index=index, id=node_id), entry[1], inside or flow.is_flow(item))


class _FlowFinder:
    """Whether a collection is written in flow style (`{...}` or `[...]`)."""

    def __init__(self, source: Source) -> None:
        self.source = source

    def is_flow(self, node: YNode) -> bool:
        if not isinstance(node, (YMap, YSeq)):
            return False
        line = self.source.line(node.line) or ""
        return line[node.col - 1:node.col] in ("{", "[")
