"""The engine: walk a tree to an outcome. Pure: no I/O, no UI, no YAML.

Answers come from an `AnswerSource` (flags, a file, prompts), or from the
therapist's policy facts for questions marked `policy:`. The tree is valid
by construction, so the only things that can go wrong here are answers.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Final, Protocol

from contactcheck.errors import AnswerError, MissingAnswer
from contactcheck.i18n import _
from contactcheck.textsafe import safe_text
from contactcheck.tree.model import AnswerOrigin, Question, Result, Step, Tree


class _Back:
    """The answer "go back to the previous question"."""

    def __repr__(self) -> str:
        return "BACK"


BACK: Final = _Back()
"""An answer source returns this to re-answer the previous question."""

Answer = str | _Back | None
"""What an answer source gives: a choice value, `BACK`, or None (no answer)."""


class AnswerSource(Protocol):
    """Where answers come from: flags, an answers file, or a person at a prompt."""

    def answer(self, question: Question, trail: Sequence[Step]) -> Answer:
        """The value chosen for `question`, `BACK`, or None when there is no answer.

        `trail` is what has been answered so far (for "Back" and for context).
        """
        ...


def walk(tree: Tree, source: AnswerSource, facts: Mapping[str, str] | None = None, *,
         clock: Mapping[str, str] | None = None, explicit: Collection[str] = ()) -> Result:
    """Walk `tree` from its start to an outcome.

    A question with a `policy:` fact is answered from what is stored: the clock's
    facts first (`clock`, derived from the policy's hours), then the policy's
    (`facts`). The clock can only take an option away: only its `no` is used, so
    it never offers what the policy does not. Questions in `explicit` (answers
    given now: a flag, an answers file, a prompt) are asked of `source` even when
    a fact is stored, and win over it; the step records what the fact said. The
    start question (the danger screen) is always asked. Raises `AnswerError` for
    a missing or invalid answer.
    """
    facts = facts or {}
    clock = clock or {}
    trail: list[Step] = []
    node_id = tree.start
    while node_id not in tree.outcomes:
        question = tree.questions[node_id]
        # The loader refuses `policy:` on the start question; never skip the danger screen anyway.
        stored = _stored(question, facts, clock) if node_id != tree.start else None
        if stored is not None and question.id not in explicit:
            value, origin = stored
            choice = question.choice(value)
            assert choice is not None
            trail.append(Step(question, choice, origin))
            node_id = choice.next
            continue
        answer = source.answer(question, tuple(trail))
        if answer is BACK:
            node_id = _back(tree, trail)
            continue
        if answer is None:
            raise missing_answer(question)
        assert isinstance(answer, str)
        chosen = question.choice(answer)
        if chosen is None:
            raise invalid_answer(question, answer, tree)
        replaced = stored if stored is not None and stored[0] != chosen.value else None
        trail.append(Step(question, chosen, instead_of=replaced))
        node_id = chosen.next
    return Result(tree, tree.outcomes[node_id], tuple(trail))


def _stored(question: Question, facts: Mapping[str, str],
            clock: Mapping[str, str]) -> tuple[str, AnswerOrigin] | None:
    """What is stored for `question`'s fact, and where it came from; None when nothing usable."""
    if question.policy is None:
        return None
    if clock.get(question.policy) == "no" and question.choice("no") is not None:
        return "no", "clock"
    value = facts.get(question.policy)
    if value is not None and question.choice(value) is not None:
        return value, "policy"
    return None


def _back(tree: Tree, trail: list[Step]) -> str:
    """Undo the last answer the person gave (and any stored facts' answers after it)."""
    while trail and trail[-1].origin != "person":
        trail.pop()
    if not trail:
        return tree.start
    return trail.pop().question.id


def valid_values(question: Question) -> str:
    """The valid values of a question, for messages."""
    return ", ".join(question.values)


def missing_answer(question: Question) -> MissingAnswer:
    """The error for a question nobody answered: names it and its valid values."""
    return MissingAnswer(
        _("no answer for question '{id}': {text}\n"
          "  valid values: {values}\n"
          "  give one with --answer {id}=VALUE").format(
            id=question.id, text=question.text, values=valid_values(question)),
        question.id,
    )


def invalid_answer(question: Question, value: str, tree: Tree | None = None) -> AnswerError:
    """The error for an answer that is not one of the question's values.

    When `value` is an answer (or an old alias) of another question -- an answer that moved,
    as `self_harm_24h` did from the first danger question to the second -- it names where.
    """
    shown = safe_text(value)[:60]
    moved = ""
    if tree is not None:
        elsewhere = [f"--answer {other.id}={choice.value}"
                     for other in tree.questions.values() if other.id != question.id
                     for choice in other.choices if choice.answers(value)]
        if elsewhere:
            moved = "\n" + _("  '{value}' is now an answer to another question: {where}").format(
                value=shown, where=", ".join(elsewhere))
    return AnswerError(
        _("'{value}' is not a valid answer to question '{id}': {text}\n"
          "  valid values: {values}").format(value=shown, id=question.id, text=question.text,
                                             values=valid_values(question)) + moved
    )
