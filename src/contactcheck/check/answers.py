"""Answers given up front: `--answer ID=VALUE` flags and `--answers-file` (YAML or JSON).

Strict like everything else: values are checked against the question's
choices by the engine, unknown question ids are reported, and nothing is
ever filled in by default.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from contactcheck.check.engine import Answer
from contactcheck.errors import AnswerError, InvalidFile, Problem
from contactcheck.i18n import _
from contactcheck.tree.model import ID_PATTERN, Question, Step, Tree


class BadAnswers(InvalidFile):
    """An answers file with problems; `readable` holds the answers in it that were well formed.

    A check still walks those when they lead to an emergency outcome: a badly written line
    elsewhere in the file never hides the emergency result (its problems are still shown).
    """

    def __init__(self, problems: Sequence[Problem], readable: Mapping[str, str]) -> None:
        super().__init__(problems, "answers file")
        self.readable = dict(readable)


class GivenAnswers:
    """An `AnswerSource` over answers given up front; None (missing) for anything else."""

    def __init__(self, answers: Mapping[str, str]) -> None:
        self.answers = dict(answers)

    def answer(self, question: Question, trail: Sequence[Step]) -> Answer:
        """The given answer, or None."""
        return self.answers.get(question.id)


def parse_answer(text: str) -> tuple[str, str]:
    """`ID=VALUE` -> (id, value); raise ValueError with a helpful message."""
    if "=" not in text:
        raise ValueError(_("'{text}' is not ID=VALUE (for example --answer danger=none)")
                         .format(text=text))
    question_id, value = (part.strip() for part in text.split("=", 1))
    if not question_id:
        raise ValueError(_("'{text}' has no question id before '='").format(text=text))
    if not value:
        raise ValueError(_("'{text}' has no value after '=' (an empty answer is never "
                           "assumed)").format(text=text))
    return question_id, value


def merge_answers(*groups: Mapping[str, str]) -> dict[str, str]:
    """Combine answer sources; the same question answered two different ways is an error."""
    merged: dict[str, str] = {}
    for group in groups:
        for question_id, value in group.items():
            if merged.get(question_id, value) != value:
                raise AnswerError(
                    _("question '{id}' is answered twice: '{first}' and '{second}'; give one "
                      "answer").format(id=question_id, first=merged[question_id], second=value))
            merged[question_id] = value
    return merged


def read_answers(data: bytes, name: str) -> dict[str, str]:
    """An answers file: a mapping of question id -> value (YAML or JSON)."""
    from contactcheck.tree.fields import Reader
    from contactcheck.tree.yamlread import YScalar, decode, parse

    source = decode(data, name, "answers file")
    root = parse(source, "answers file")
    reader = Reader(source)
    answers: dict[str, str] = {}
    for key, (key_node, value_node) in root.entries.items():
        if not ID_PATTERN.fullmatch(key):
            reader.fail(key_node, _("'{key}' is not a question id").format(key=key))
            continue
        if not isinstance(value_node, YScalar) or not value_node.value.strip():
            reader.fail(value_node, _("the answer to '{key}' must be one value, e.g. {key}: none")
                        .format(key=key))
            continue
        answers[key] = value_node.value.strip()
    if reader.problems:
        raise BadAnswers(reader.problems, answers)
    return answers


def unknown_questions(tree: Tree, answers: Mapping[str, str]) -> list[str]:
    """Messages for answers naming questions the tree does not have."""
    messages = []
    for question_id in answers:
        if question_id not in tree.questions:
            from contactcheck.tree.fields import did_you_mean

            hint = did_you_mean(question_id, tree.questions)
            message = _("the tree '{tree}' has no question '{id}'").format(tree=tree.id,
                                                                            id=question_id)
            messages.append(message + (f" ({hint})" if hint else ""))
    return messages
