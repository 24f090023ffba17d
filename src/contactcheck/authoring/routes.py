"""Every path from the start to an outcome: counted, enumerated, and written out.

Pure: no click, no rich, no YAML. A tree is a DAG (the loader refuses loops),
so paths are counted with one pass over the nodes before any is listed: a tree
whose paths number in the millions is refused with a clear message instead of
being enumerated, and the listing itself streams, one path at a time, with
memory bounded by the depth of the tree.

A question answered by a policy fact (`policy:`) is enumerated with both its
answers, like any other question, and marked as a policy fact in the output:
a profile may answer it, or the person will.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from msgspec import Struct

from contactcheck.errors import ContactcheckError, ExitCode
from contactcheck.i18n import _, ngettext, quantity
from contactcheck.output import jsondoc
from contactcheck.output.options import RenderOptions
from contactcheck.tree.model import Choice, Decision, Outcome, Question, Tree

DEFAULT_LIMIT = 10_000
"""Most paths `paths` lists unless told otherwise (`--limit`)."""

COUNT_CAP = 10**18
"""Path counts saturate here, so counting a huge tree stays cheap."""

_T = TypeVar("_T")


class PathStep(Struct, frozen=True):
    """One question on a path, and the choice taken."""

    question: Question
    choice: Choice

    @property
    def policy(self) -> str | None:
        """The policy fact that may answer this question instead of the person, or None."""
        return self.question.policy


class TreePath(Struct, frozen=True):
    """One way through a tree: the answers, in order, and the outcome they lead to."""

    steps: tuple[PathStep, ...]
    outcome: Outcome

    @property
    def decision(self) -> Decision:
        """The decision at the end of the path."""
        return self.outcome.decision

    @property
    def answers(self) -> dict[str, str]:
        """Question id -> value, in the order asked (a scenario's `answers:`)."""
        return {step.question.id: step.choice.value for step in self.steps}

    def as_json(self) -> dict[str, object]:
        """The path as a JSON-ready mapping."""
        return {
            "answers": self.answers,
            "outcome": self.outcome.id,
            "decision": self.decision.value,
            "emergency": self.outcome.emergency,
            "policy_facts": {step.question.id: step.policy for step in self.steps
                             if step.policy is not None},
        }


class TooManyPaths(ContactcheckError):
    """The tree has more paths than the limit allows listing."""

    exit_code = ExitCode.USAGE

    def __init__(self, count: int, limit: int) -> None:
        self.count = count
        self.limit = limit
        super().__init__(
            _("the tree has {count} paths from the start to an outcome, more than the limit "
              "of {limit}").format(count=describe_count(count), limit=quantity(limit)) + "\n  "
            + _("list them anyway with --limit {suggested}, or review the tree with "
                "`contactcheck graph` and test it with scenarios (`contactcheck test`)").format(
                    suggested=_suggest_limit(count))
        )


def _suggest_limit(count: int) -> str:
    return str(count) if count < COUNT_CAP else "N"


def describe_count(count: int) -> str:
    """A path count for people: `1,234`, or `more than 10^18` once it saturated."""
    if count >= COUNT_CAP:
        return _("more than {count}").format(count=f"10^{round(math.log10(COUNT_CAP))}")
    return quantity(count)


def fold(tree: Tree, leaf: Callable[[Outcome], _T],
         combine: Callable[[Question, list[_T]], _T]) -> _T:
    """Fold the tree bottom-up from `start`: each node is computed once (iteratively).

    `leaf` gives an outcome's value; `combine` a question's, from its choices' values
    in order. Works on trees of any depth: no recursion.
    """
    done: dict[str, _T] = {}
    stack = [tree.start]
    while stack:
        node_id = stack[-1]
        if node_id in done:
            stack.pop()
            continue
        outcome = tree.outcomes.get(node_id)
        if outcome is not None:
            done[node_id] = leaf(outcome)
            stack.pop()
            continue
        question = tree.questions[node_id]
        pending = [choice.next for choice in question.choices if choice.next not in done]
        if pending:
            stack.extend(reversed(pending))
            continue
        done[node_id] = combine(question, [done[choice.next] for choice in question.choices])
        stack.pop()
    return done[tree.start]


def count_paths(tree: Tree) -> int:
    """How many paths lead from the start to an outcome (saturating at `COUNT_CAP`)."""
    return fold(tree, lambda _outcome: 1,
                lambda _question, counts: min(sum(counts), COUNT_CAP))


def longest_path(tree: Tree) -> tuple[str, ...]:
    """The ids on a path that asks the most questions, start to outcome."""
    best: dict[str, tuple[int, str | None]] = {}  # node -> (questions to the end, next on it)

    def leaf(outcome: Outcome) -> int:
        best[outcome.id] = (0, None)
        return 0

    def combine(question: Question, lengths: list[int]) -> int:
        longest = max(lengths)
        choice = question.choices[lengths.index(longest)]  # the first of the longest
        best[question.id] = (longest + 1, choice.next)
        return longest + 1

    fold(tree, leaf, combine)
    ids = [tree.start]
    following = best[tree.start][1]
    while following is not None:
        ids.append(following)
        following = best[following][1]
    return tuple(ids)


def iter_paths(tree: Tree) -> Iterator[TreePath]:
    """Every path from the start to an outcome, depth first, in choice order (streams)."""
    start = tree.start_question
    steps: list[PathStep] = []
    stack: list[tuple[Question, int]] = [(start, 0)]
    while stack:
        question, index = stack[-1]
        if index >= len(question.choices):
            stack.pop()
            if steps:
                steps.pop()
            continue
        stack[-1] = (question, index + 1)
        choice = question.choices[index]
        step = PathStep(question, choice)
        outcome = tree.outcomes.get(choice.next)
        if outcome is not None:
            yield TreePath((*steps, step), outcome)
            continue
        steps.append(step)
        stack.append((tree.questions[choice.next], 0))


def list_paths(tree: Tree, limit: int = DEFAULT_LIMIT) -> tuple[int, Iterator[TreePath]]:
    """The number of paths and an iterator over them; `TooManyPaths` past `limit`."""
    count = count_paths(tree)
    if count > limit:
        raise TooManyPaths(count, limit)
    return count, iter_paths(tree)


class PathListing(Struct, frozen=True):
    """What `paths` prints: the tree, how many paths it has, and the paths (an iterator)."""

    tree: Tree
    count: int
    paths: Iterator[TreePath]


def paths_text(listing: PathListing, options: RenderOptions) -> Iterator[str]:
    return (f"{line}\n" for line in text_lines(listing.tree, listing.count, listing.paths))


def paths_json(listing: PathListing, options: RenderOptions) -> Iterator[str]:
    yield from json_chunks(listing.paths)
    yield "\n"


def paths_csv(listing: PathListing, options: RenderOptions) -> Iterator[str]:
    return (f"{row}\n" for row in csv_rows(listing.tree, listing.paths))


# -- writers: each yields text chunks to print one after another (streaming) --


def text_lines(tree: Tree, count: int, paths: Iterable[TreePath]) -> Iterator[str]:
    """A table a clinician can review line by line, then a summary by decision."""
    emergency = _("EMERGENCY")
    headings = (_("decision"), _("outcome"), _("answers"))
    number_width = len(str(max(count, 1)))
    outcome_width = max(*(len(outcome_id) for outcome_id in tree.outcomes), len(headings[1]))
    decision_width = max(*(len(decision.value) for decision in Decision),
                         len(f"{Decision.CONTACT_NOW.value} {emergency}"), len(headings[0]))
    yield (f"{'#':>{number_width}}  {headings[0]:<{decision_width}}  "
           f"{headings[1]:<{outcome_width}}  {headings[2]}")
    tally: dict[str, int] = {}
    emergencies = 0
    for number, path in enumerate(paths, 1):
        decision = path.decision.value + (f" {emergency}" if path.outcome.emergency else "")
        answers = "  ".join(_answer_text(step) for step in path.steps)
        yield (f"{number:>{number_width}}  {decision:<{decision_width}}  "
               f"{path.outcome.id:<{outcome_width}}  {answers}")
        tally[path.decision.value] = tally.get(path.decision.value, 0) + 1
        emergencies += path.outcome.emergency
    parts = []
    for decision in Decision:
        amount = tally.get(decision.value, 0)
        extra = " " + _("({count} emergency)").format(count=emergencies) \
            if decision is Decision.CONTACT_NOW and emergencies else ""
        parts.append(f"{amount} {decision.value}{extra}")
    yield ngettext("{count} path: {parts}", "{count} paths: {parts}", count).format(
        count=count, parts=", ".join(parts))
    if any(question.policy for question in tree.questions.values()):
        yield _("[policy: FACT] marks a question a therapist's policy profile answers when it "
                "states FACT; otherwise the person answers it")


def _answer_text(step: PathStep) -> str:
    text = f"{step.question.id}={step.choice.value}"
    return f"{text} [policy: {step.policy}]" if step.policy else text


def json_chunks(paths: Iterable[TreePath]) -> Iterator[str]:
    """A JSON list of `{"answers", "outcome", "decision", ...}`, one path per line."""
    yield "["
    first = True
    for path in paths:
        separator = "" if first else ","
        first = False
        yield f"{separator}\n  {jsondoc.dumps(path.as_json(), indent=None)}"
    yield "\n]" if not first else "]"


def csv_rows(tree: Tree, paths: Iterable[TreePath]) -> Iterator[str]:
    """CSV with one row per path and one column per question (empty: not asked)."""
    questions = list(tree.questions.values())
    header = ["path", "decision", "emergency", "outcome", "outcome_title"]
    header += [f"{q.id} [policy: {q.policy}]" if q.policy else q.id for q in questions]
    yield _csv_line(header)
    for number, path in enumerate(paths, 1):
        answers = path.answers
        row = [str(number), path.decision.value, "yes" if path.outcome.emergency else "no",
               path.outcome.id, _cell(path.outcome.title)]
        row += [answers.get(q.id, "") for q in questions]
        yield _csv_line(row)


def _cell(text: str) -> str:
    """Tree text as a CSV cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_line(row: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(row)
    return buffer.getvalue()
