"""The engine: answers in, an outcome and the trail that led there out.

Answers come from small answer sources written here (a mapping, or a script that can say BACK),
the way flags, answers files and prompts feed the real engine.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contactcheck.check.engine import BACK, walk
from contactcheck.check.facts import FACT_CHOICES, FACT_VALUES, POLICY_FACTS
from contactcheck.errors import AnswerError, ExitCode
from contactcheck.tree.bundled import bundled_trees
from contactcheck.tree.load import load_tree, tree_from_bytes
from contactcheck.tree.model import Choice, Decision, Outcome, Question, Reason, Step, Tree, Urgency
from tests.helpers import FAST, MINIMAL_TREE


class Answers:
    """Answers given up front, as `--answer QUESTION=VALUE` flags give them."""

    def __init__(self, answers: Mapping[str, str]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def answer(self, question: Question, trail: Sequence[Step]) -> str | None:
        self.asked.append(question.id)
        return self.answers.get(question.id)


class Script:
    """Answers given one after another, as a person at a prompt gives them (BACK included)."""

    def __init__(self, *answers: object) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    def answer(self, question: Question, trail: Sequence[Step]) -> Any:  # any value, bad too
        self.asked.append(question.id)
        return self.answers.pop(0) if self.answers else None


def minimal() -> Tree:
    return tree_from_bytes(MINIMAL_TREE.encode(), "minimal.yaml")


def trail_of(steps: Sequence[Step]) -> list[tuple[str, str, str]]:
    return [(step.question.id, step.choice.value, step.origin) for step in steps]


@pytest.mark.parametrize(("answers", "facts", "outcome", "trail"), [
    pytest.param({"danger": "danger"}, None, "emergency", [("danger", "danger", "person")],
                 id="danger-goes-straight-to-emergency"),
    pytest.param({"danger": "danger", "topic": "no"}, None, "emergency",
                 [("danger", "danger", "person")], id="later-answers-do-not-matter"),
    pytest.param({"danger": "none", "topic": "yes"}, None, "wait",
                 [("danger", "none", "person"), ("topic", "yes", "person")], id="yes-waits"),
    pytest.param({"danger": "none", "topic": "no"}, None, "raise",
                 [("danger", "none", "person"), ("topic", "no", "person")], id="no-raises"),
    pytest.param({"danger": "none"}, {"between_sessions": "yes"}, "wait",
                 [("danger", "none", "person"), ("topic", "yes", "policy")],
                 id="policy-answers-yes"),
    pytest.param({"danger": "none"}, {"between_sessions": "no"}, "raise",
                 [("danger", "none", "person"), ("topic", "no", "policy")],
                 id="policy-answers-no"),
    pytest.param({"danger": "none", "topic": "yes"}, {"between_sessions": "no"}, "raise",
                 [("danger", "none", "person"), ("topic", "no", "policy")],
                 id="policy-wins-over-a-given-answer"),
    pytest.param({"danger": "none", "topic": "yes"}, {"between_sessions": "maybe"}, "wait",
                 [("danger", "none", "person"), ("topic", "yes", "person")],
                 id="fact-not-among-the-choices-is-asked"),
    pytest.param({"danger": "none", "topic": "no"}, {"after_hours": "yes"}, "raise",
                 [("danger", "none", "person"), ("topic", "no", "person")],
                 id="other-facts-do-not-answer"),
    pytest.param({"danger": "danger"}, {"between_sessions": "yes"}, "emergency",
                 [("danger", "danger", "person")], id="facts-never-skip-the-danger-answer"),
])
def test_answers_lead_to_outcome(answers: dict[str, str], facts: dict[str, str] | None,
                                 outcome: str, trail: list[tuple[str, str, str]]) -> None:
    result = walk(minimal(), Answers(answers), facts)
    assert result.outcome.id == outcome
    assert trail_of(result.trail) == trail
    assert result.decision is result.outcome.decision


def test_policy_answered_question_is_not_asked() -> None:
    source = Answers({"danger": "none"})
    walk(minimal(), source, {"between_sessions": "yes"})
    assert source.asked == ["danger"]


def test_value_yes_matches_an_unquoted_yes_in_the_tree() -> None:
    tree = tree_from_bytes(MINIMAL_TREE.replace('"yes"', "yes").replace('"no"', "no").encode(),
                           "t.yaml")
    assert walk(tree, Answers({"danger": "none", "topic": "yes"})).outcome.id == "wait"


THREE_STEPS = textwrap.dedent("""\
    id: three
    title: Three
    version: "1"
    start: danger
    questions:
      danger:
        text: "Danger?"
        choices:
          - {value: danger, label: "Yes", next: emergency}
          - {value: none, label: "No", next: policy}
      policy:
        text: "Messages allowed?"
        policy: between_sessions
        choices:
          - {value: "yes", label: "Yes", next: urgent}
          - {value: "no", label: "No", next: later}
      urgent:
        text: "Urgent?"
        choices:
          - {value: urgent, label: "Yes", next: later}
          - {value: calm, label: "No", next: later}
    outcomes:
      emergency: {decision: contact_now, emergency: "true", title: E, why: [w], do: [d],
                  safety_net: s}
      later: {decision: raise_in_session, title: L, why: [w], do: [d], safety_net: s}
""")


def three() -> Tree:
    return tree_from_bytes(THREE_STEPS.encode(), "three.yaml")


def test_back_returns_to_the_previous_question() -> None:
    source = Script("none", BACK, "danger")
    result = walk(minimal(), source)
    assert source.asked == ["danger", "topic", "danger"]
    assert result.outcome.id == "emergency"
    assert trail_of(result.trail) == [("danger", "danger", "person")]


def test_back_skips_over_a_policy_answered_step() -> None:
    source = Script("none", BACK, "danger")
    result = walk(three(), source, {"between_sessions": "yes"})
    assert source.asked == ["danger", "urgent", "danger"]
    assert result.outcome.id == "emergency"
    assert trail_of(result.trail) == [("danger", "danger", "person")]


def test_back_then_forward_again_reapplies_the_policy() -> None:
    source = Script("none", BACK, "none", "calm")
    result = walk(three(), source, {"between_sessions": "yes"})
    assert source.asked == ["danger", "urgent", "danger", "urgent"]
    assert trail_of(result.trail) == [("danger", "none", "person"), ("policy", "yes", "policy"),
                                      ("urgent", "calm", "person")]


@pytest.mark.parametrize("backs", [1, 2, 5])
def test_back_at_the_start_asks_the_start_again(backs: int) -> None:
    source = Script(*[BACK] * backs, "danger")
    result = walk(minimal(), source)
    assert source.asked == ["danger"] * (backs + 1)
    assert result.outcome.id == "emergency"


def test_back_only_undoes_one_answer() -> None:
    source = Script("none", "yes", BACK, "yes", "calm")
    result = walk(three(), source)
    assert source.asked == ["danger", "policy", "urgent", "policy", "urgent"]
    assert trail_of(result.trail) == [("danger", "none", "person"), ("policy", "yes", "person"),
                                      ("urgent", "calm", "person")]


def test_missing_answer_names_the_question_text_and_values() -> None:
    with pytest.raises(AnswerError) as raised:
        walk(minimal(), Answers({"danger": "none"}))
    message = raised.value.message
    assert "no answer for question 'topic'" in message
    assert "Does your therapist allow messages between sessions?" in message
    assert "valid values: yes, no" in message
    assert "--answer topic=VALUE" in message
    assert raised.value.exit_code == ExitCode.USAGE
    assert int(ExitCode.USAGE) == 2


def test_missing_first_answer_names_the_danger_screen() -> None:
    with pytest.raises(AnswerError) as raised:
        walk(minimal(), Answers({}))
    assert "no answer for question 'danger': Is anyone in danger right now?" in str(raised.value)
    assert "valid values: danger, none" in str(raised.value)


@pytest.mark.parametrize(("value", "shown"), [
    ("maybe", "'maybe'"),
    ("", "''"),
    ("Yes", "'Yes'"),
    (" yes", "' yes'"),
    ("\x1b[31myes", "'?[31myes'"),
    ("y" * 100, "'" + "y" * 60 + "'"),
])
def test_invalid_answer_names_the_question_text_and_values(value: str, shown: str) -> None:
    with pytest.raises(AnswerError) as raised:
        walk(minimal(), Answers({"danger": "none", "topic": value}))
    message = raised.value.message
    assert message.startswith(f"{shown} is not a valid answer to question 'topic': Does your "
                              "therapist allow messages between sessions?")
    assert "valid values: yes, no" in message
    assert "\x1b" not in message
    assert raised.value.exit_code == ExitCode.USAGE


def test_facts_never_answer_the_start_question() -> None:
    """Even a hand-built tree (the loader refuses one) cannot let a policy skip the screen."""
    danger = Question("danger", "Danger?", (Choice("yes", "Yes", "emergency"),
                                            Choice("no", "No", "calm")), policy="after_hours")
    outcome = Outcome("emergency", Decision.CONTACT_NOW, "E", (Reason("r"),), ("d",), "s",
                      Urgency.EMERGENCY)
    calm = Outcome("calm", Decision.RAISE_IN_SESSION, "C", (Reason("r"),), ("d",), "s")
    tree = Tree("t", "T", "1", "danger", {"danger": danger},
                {"emergency": outcome, "calm": calm})
    source = Answers({"danger": "yes"})
    result = walk(tree, source, {"after_hours": "no"})
    assert source.asked == ["danger"]
    assert result.outcome.id == "emergency"


# -- random valid trees --------------------------------------------------------------------------


@st.composite
def valid_trees(draw: st.DrawFn) -> str:
    """The YAML text of a random valid tree: a DAG whose start screens for danger first."""
    questions = [f"q{n}" for n in range(draw(st.integers(1, 8)))]
    outcomes = [f"o{n}" for n in range(draw(st.integers(1, 6)))]
    emergency = {"o0"} | {o for o in outcomes[1:] if draw(st.booleans())}
    targets: dict[str, list[str]] = {q: [] for q in questions}
    targets["q0"].append("o0")
    for index, question in enumerate(questions[1:], 1):  # each question has an earlier parent
        targets[questions[draw(st.integers(0, index - 1))]].append(question)
    for outcome in outcomes[1:]:  # each outcome has a parent question
        targets[draw(st.sampled_from(questions))].append(outcome)
    for index, question in enumerate(questions):  # a few more edges, always forward
        later = questions[index + 1:] + outcomes
        targets[question] += draw(st.lists(st.sampled_from(later), max_size=3,
                                           min_size=0 if targets[question] else 1))
    targets["q0"].sort(key=lambda target: target not in emergency)  # danger answers first
    facts = sorted(fact for fact in POLICY_FACTS if FACT_CHOICES[fact] == FACT_VALUES)
    policy: dict[str, str] = {}
    for question in questions[1:]:
        if draw(st.booleans()):
            policy[question] = draw(st.sampled_from(facts))
            while len(targets[question]) < 2:
                targets[question].append(draw(st.sampled_from(outcomes)))

    lines = ["id: random", "title: Random", 'version: "1"', "start: q0", "questions:"]
    for question in questions:
        lines += [f"  {question}:", f'    text: "Question {question}?"']
        if question in policy:
            lines.append(f"    policy: {policy[question]}")
        lines.append("    choices:")
        values = ["yes", "no"] if question in policy else []
        values += [f"v{n}" for n in range(len(targets[question]) - len(values))]
        for value, target in zip(values, targets[question], strict=True):
            lines.append(f'      - {{value: {value}, label: "{value}", next: {target}}}')
    lines.append("outcomes:")
    for outcome in outcomes:
        decision = "contact_now" if outcome in emergency else draw(st.sampled_from(list(Decision)))
        lines += [f"  {outcome}:", f"    decision: {decision}",
                  f"    emergency: {str(outcome in emergency).lower()}",
                  f'    title: "Outcome {outcome}"', '    why: ["Because."]', '    do: ["Do."]',
                  '    safety_net: "Call the crisis line."']
    return "\n".join(lines) + "\n"


class Random:
    """A person answering at random, sometimes going back."""

    def __init__(self, data: st.DataObject, back: bool) -> None:
        self.data = data
        self.backs = 20 if back else 0
        self.asked: list[str] = []

    def answer(self, question: Question, trail: Sequence[Step]) -> Any:
        self.asked.append(question.id)
        if self.backs and self.data.draw(st.integers(0, 3)) == 0:
            self.backs -= 1
            return BACK
        return self.data.draw(st.sampled_from(question.values))


def check_trail(tree: Tree, result_outcome: str, trail: Sequence[Step]) -> None:
    """The trail starts at the start, each choice leads to the next step, the last to the end."""
    assert trail, "the start is a question, so at least one step"
    assert trail[0].question.id == tree.start
    for step, following in itertools.pairwise(trail):
        assert step.choice in step.question.choices
        assert step.choice.next == following.question.id
    assert trail[-1].choice.next == result_outcome
    assert len(trail) <= len(tree.questions)


@FAST
@given(valid_trees(), st.data(), st.booleans())
def test_random_walks_of_random_trees_reach_an_outcome(text: str, data: st.DataObject,
                                                       back: bool) -> None:
    tree = tree_from_bytes(text.encode(), "random.yaml")  # the generator makes only valid trees
    facts = data.draw(st.dictionaries(st.sampled_from(sorted(POLICY_FACTS)),
                                      st.sampled_from(["yes", "no", "maybe"])))
    source = Random(data, back)
    result = walk(tree, source, facts)
    assert result.outcome.id in tree.outcomes
    check_trail(tree, result.outcome.id, result.trail)
    for step in result.trail:
        by_policy = (step.question.policy is not None and step.question.id != tree.start
                     and facts.get(step.question.policy) in step.question.values)
        assert step.origin == ("policy" if by_policy else "person")
        if by_policy:
            assert step.choice.value == facts[step.question.policy or ""]


# -- every path of every bundled tree ------------------------------------------------------------


def paths(tree: Tree) -> Iterator[tuple[list[tuple[str, str]], str]]:
    """Every way through `tree`: the (question, value) answers and the outcome they reach."""
    stack: list[tuple[str, list[tuple[str, str]]]] = [(tree.start, [])]
    while stack:
        node, answers = stack.pop()
        assert len(answers) <= len(tree.questions), f"a path longer than the tree: {answers}"
        if node in tree.outcomes:
            yield answers, node
            continue
        question = tree.questions[node]
        for choice in question.choices:
            stack.append((choice.next, [*answers, (node, choice.value)]))


def check_every_path(tree: Tree) -> int:
    reached = set()
    count = 0
    for answers, outcome in paths(tree):
        count += 1
        result = walk(tree, Answers(dict(answers)))
        assert result.outcome.id == outcome
        assert [(s.question.id, s.choice.value) for s in result.trail] == answers
        check_trail(tree, outcome, result.trail)
        reached.add(outcome)
    assert reached == set(tree.outcomes), "every outcome is reached by some path"
    return count


def test_every_path_of_the_minimal_tree_reaches_an_outcome() -> None:
    assert check_every_path(minimal()) == 3


def test_there_is_a_bundled_tree() -> None:
    """Without one, the path test below would have nothing to check and pass silently."""
    names = [path.name for path in bundled_trees()]
    assert "default.yaml" in names, f"no bundled default tree (found: {names or 'none'})"


@pytest.mark.parametrize("path", bundled_trees(), ids=lambda path: path.name)
def test_every_path_of_a_bundled_tree_reaches_an_outcome(path: Path) -> None:
    tree = load_tree(path)
    assert check_every_path(tree) >= len(tree.outcomes)
    first = tree.start_question.choices[0]
    assert tree.outcomes[first.next].emergency, "the first answer offered is the danger answer"


@pytest.mark.parametrize(("facts", "clock", "explicit", "answers", "trail"), [
    # the clock's "no" takes the policy's "yes" away
    ({"between_sessions": "yes"}, {"between_sessions": "no"}, (), ["none"],
     [("danger", "none", "person"), ("topic", "no", "clock")]),
    # the clock can never add: its "yes" is not used, the policy's "no" stands
    ({"between_sessions": "no"}, {"between_sessions": "yes"}, (), ["none"],
     [("danger", "none", "person"), ("topic", "no", "policy")]),
    # ...and with nothing stored the person is asked
    ({}, {"between_sessions": "yes"}, (), ["none", "no"],
     [("danger", "none", "person"), ("topic", "no", "person")]),
    # an answer given now wins over both
    ({"between_sessions": "yes"}, {"between_sessions": "no"}, ("topic",), ["none", "yes"],
     [("danger", "none", "person"), ("topic", "yes", "person")]),
    # the start question is always asked, whatever is stored
    ({"between_sessions": "no"}, {}, ("danger",), ["danger"], [("danger", "danger", "person")]),
])
def test_stored_facts_clock_facts_and_answers_given_now(facts, clock, explicit, answers, trail):
    result = walk(minimal(), Script(*answers), facts, clock=clock, explicit=explicit)
    assert trail_of(result.trail) == trail
