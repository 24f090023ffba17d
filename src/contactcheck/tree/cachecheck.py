"""Validated trees in the cache (cache.py), and the check that makes them safe to reuse.

A 100,000-node tree is over two million YAML nodes: even rebuilding the nodes
from a cache and validating them again took seconds. So for trees the cache
keeps the validated model itself, as compact JSON, and `tree_from_json`
rebuilds it only after checking, in one linear pass, every rule the loader
guarantees: ids, texts without control characters, known decisions, facts and
details, unique choice values, policy questions offering yes and no, every
`next` existing, no cycles, everything reachable, and safety first (the start
question is never answered by a policy profile, and its emergency choices come
first and lead straight to an emergency outcome, which is a contact_now).
Anything else -- a damaged entry, a wrong type, a broken rule -- returns None
and the tree is loaded from the file, so a cache entry can make a load slower,
never different or unsafe.
"""

from __future__ import annotations

import re
from typing import Any

from contactcheck.check.facts import FACT_CHOICES, POLICY_DETAILS, POLICY_FACTS
from contactcheck.tree.model import (
    CONTROL,
    ID_PATTERN,
    LINE_KINDS,
    PLACEHOLDER,
    REGION_KINDS,
    Choice,
    Decision,
    Outcome,
    Question,
    Reason,
    Tree,
    Urgency,
)

KIND = "tree"
"""The cache kind of a validated tree."""

_DECISIONS = {decision.value: decision for decision in Decision}
_URGENCIES = {urgency.value: urgency for urgency in Urgency}


def tree_to_json(tree: Tree) -> list[Any]:
    """The tree as JSON-ready lists (the order of fields is the format)."""
    questions = []
    for question in tree.questions.values():
        choices: list[str] = []
        aliases: list[list[str]] = []
        for choice in question.choices:
            choices += (choice.value, choice.label, choice.next)
            aliases.append(list(choice.aliases))
        questions.append([question.id, question.text, question.help, question.policy, choices,
                          aliases])
    outcomes = []
    for outcome in tree.outcomes.values():
        why: list[str | None] = []
        for reason in outcome.why:
            why += (reason.text, reason.source)
        outcomes.append([outcome.id, outcome.decision.value, outcome.title, why,
                         list(outcome.do), outcome.safety_net, outcome.urgency.value,
                         outcome.draft, list(outcome.policy), list(outcome.resources)])
    return [tree.id, tree.title, tree.version, tree.start, tree.description, questions,
            outcomes]


def tree_from_json(data: Any, name: str) -> Tree | None:
    """The tree stored by `tree_to_json`, if it is well formed and keeps every rule; else None."""
    try:
        return _Rebuild(name).tree(data)
    except (_Broken, TypeError, ValueError, AttributeError, KeyError, IndexError):
        return None  # a wrong type or shape: str methods and regexes raise on non-strings


class _Broken(Exception):
    """The entry breaks a rule the loader guarantees."""


def _require(condition: object) -> None:
    if not condition:
        raise _Broken


def _bulk_pattern(pattern: str) -> re.Pattern[str]:
    """`pattern` (anchored with ^ and $) matched by every line of a newline-joined list."""
    body = pattern.removeprefix("^").removesuffix("$")
    return re.compile(f"(?:{body}\n)*{body}")


_IDS = _bulk_pattern(ID_PATTERN.pattern)


class _Rebuild:
    """Builds the model from an entry, gathering every id and text to check them in bulk.

    One regex search over all the texts joined costs a fraction of one call per
    text; `str.join` and `str.strip` also refuse anything that is not a string.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.ids: list[Any] = []
        self.lines: list[Any] = []
        """Single-line texts."""
        self.texts: list[Any] = []
        """Texts that may span lines."""

    def tree(self, data: Any) -> Tree:
        tree_id, title, version, start, description, question_rows, outcome_rows = data
        _require(type(question_rows) is list and type(outcome_rows) is list)
        self.ids += (tree_id, start)
        self.lines += (title, version)
        if description is not None:
            self.texts.append(description)
        questions = self.questions(question_rows)
        outcomes = self.outcomes(outcome_rows)
        _require(len(questions) == len(question_rows) and len(outcomes) == len(outcome_rows))
        _require(questions.keys().isdisjoint(outcomes))
        joined = "\n".join(self.ids)
        _require(joined.count("\n") == len(self.ids) - 1 and _IDS.fullmatch(joined))
        _require(all(map(str.strip, self.lines)))
        joined = "\t".join(self.lines)
        _require("\n" not in joined and not CONTROL.search(joined))
        _require(all(map(str.strip, self.texts)))
        _require(not CONTROL.search("\n".join(self.texts)))
        _check_graph(start, questions, outcomes)
        return Tree(tree_id, title, version, start, questions, outcomes, description, self.name)

    def questions(self, rows: list[Any]) -> dict[str, Question]:
        ids, lines, texts = self.ids, self.lines, self.texts
        questions: dict[str, Question] = {}
        for node_id, text, help_text, policy, flat, aliases in rows:
            _require(type(flat) is list and flat and len(flat) % 3 == 0)
            values, labels, targets = flat[0::3], flat[1::3], flat[2::3]
            _require(type(aliases) is list and len(aliases) == len(values))
            _require(all(type(group) is list for group in aliases))
            every = [*values, *(alias for group in aliases for alias in group)]
            ids.append(node_id)
            ids += every
            ids += targets
            lines += labels
            texts.append(text)
            if help_text is not None:
                texts.append(help_text)
            _require(not PLACEHOLDER.search("\n".join((text, help_text or "", *labels))))
            unique = set(every)
            _require(len(unique) == len(every))
            if policy is not None:
                _require(policy in POLICY_FACTS and unique.issuperset(FACT_CHOICES[policy]))
            choices = tuple(map(Choice, values, labels, targets, map(tuple, aliases)))
            questions[node_id] = Question(node_id, text, choices, help_text, policy)
        return questions

    def outcomes(self, rows: list[Any]) -> dict[str, Outcome]:
        ids, lines, texts = self.ids, self.lines, self.texts
        outcomes: dict[str, Outcome] = {}
        for (node_id, decision, title, flat_why, do, safety_net, urgency_value, draft, policy,
             kinds) in rows:
            _require(type(flat_why) is list and flat_why and len(flat_why) % 2 == 0)
            _require(type(do) is list and do and type(policy) is list and type(kinds) is list)
            kind, urgency = _DECISIONS[decision], _URGENCIES[urgency_value]
            _require(urgency is Urgency.ROUTINE or kind is Decision.CONTACT_NOW)
            _require(all(map(POLICY_DETAILS.__contains__, policy)))
            _require(all(map(REGION_KINDS.__contains__, kinds)))
            reasons, sources = flat_why[0::2], flat_why[1::2]
            ids.append(node_id)
            lines.append(title)
            lines += (source for source in sources if source is not None)
            texts += reasons
            texts += do
            texts.append(safety_net)
            if draft is not None:
                texts.append(draft)
            named = "\n".join((*reasons, *do, safety_net, draft or ""))
            _require(all(match.group(1) in LINE_KINDS
                         for match in PLACEHOLDER.finditer(named)))
            _require(not PLACEHOLDER.search(title))
            outcomes[node_id] = Outcome(node_id, kind, title, tuple(map(Reason, reasons, sources)),
                                        tuple(do), safety_net, urgency, draft, tuple(policy),
                                        tuple(kinds))
        return outcomes


def _check_graph(start: str, questions: dict[str, Question],
                 outcomes: dict[str, Outcome]) -> None:
    """Every `next` exists, no cycles, all reachable from `start`, and safety first."""
    start_question = questions[start]  # KeyError (an outcome, or nothing) -> not valid
    _require(start_question.policy is None)  # a profile never answers the danger screen
    urgent = [choice.next in outcomes and outcomes[choice.next].emergency
              for choice in start_question.choices]
    # At least one emergency choice, and all of them before any other.
    leading = urgent.index(False) if False in urgent else len(urgent)
    _require(leading > 0 and True not in urgent[leading:])
    # Kahn's algorithm: a node is taken once every edge into it is; all are taken iff no cycle.
    waiting = dict.fromkeys(questions, 0)
    waiting.update(dict.fromkeys(outcomes, 0))
    for question in questions.values():
        for choice in question.choices:
            waiting[choice.next] += 1  # KeyError (a missing node) -> not valid
    _require(waiting[start] == 0)
    ready = [start]
    taken = 0
    while ready:
        node_id = ready.pop()
        taken += 1
        node = questions.get(node_id)
        if node is None:
            continue
        for choice in node.choices:
            waiting[choice.next] -= 1
            if waiting[choice.next] == 0:
                ready.append(choice.next)
    # Starting from `start` alone, taking every node also proves every node is reachable.
    _require(taken == len(waiting))
