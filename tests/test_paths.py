"""`contactcheck paths`: every path from the start to an outcome, and only those."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence

import pytest

from contactcheck.authoring.routes import count_paths, iter_paths, longest_path
from contactcheck.check.engine import Answer, walk
from contactcheck.tree.bundled import find_tree
from contactcheck.tree.load import load_tree, tree_from_bytes
from contactcheck.tree.model import Question, Step
from tests.helpers import MINIMAL_TREE, layered_tree


class Given:
    """Answers a path's answers, nothing else (as a person replaying it would)."""

    def __init__(self, answers: Mapping[str, str]) -> None:
        self.answers = answers

    def answer(self, question: Question, trail: Sequence[Step]) -> Answer:
        return self.answers.get(question.id)


@pytest.mark.parametrize(("widths", "expected"), [
    ([2], 3),
    ([3, 2], 7),
    ([2, 2, 2, 2], 17),
    ([7, 1, 5], 36),
])
def test_count_matches_the_structure_and_the_listing(widths, expected):
    tree = tree_from_bytes(layered_tree(widths).encode(), "layered.yaml")
    assert count_paths(tree) == expected
    assert len(list(iter_paths(tree))) == expected


def test_every_bundled_path_replays_to_its_outcome_through_the_engine():
    """The listing agrees with the tree: the engine, given a path's answers, ends where it says."""
    path = find_tree("default")
    assert path is not None
    tree = load_tree(path)
    listed = list(iter_paths(tree))
    assert len(listed) == count_paths(tree)
    assert len({tuple(p.answers.items()) for p in listed}) == len(listed)  # no duplicates
    for found in listed:
        result = walk(tree, Given(found.answers))
        assert result.outcome.id == found.outcome.id
        assert result.decision is found.decision
    assert {p.outcome.id for p in listed} == set(tree.outcomes)


def test_json_lists_answers_outcome_and_decision(write_tree, invoke):
    path = write_tree(MINIMAL_TREE)
    result = invoke("paths", "--tree", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {"answers": {"danger": "danger"}, "outcome": "emergency", "decision": "contact_now",
         "emergency": True, "policy_facts": {}},
        {"answers": {"danger": "none", "topic": "yes"}, "outcome": "wait",
         "decision": "wait_for_session", "emergency": False,
         "policy_facts": {"topic": "between_sessions"}},
        {"answers": {"danger": "none", "topic": "no"}, "outcome": "raise",
         "decision": "raise_in_session", "emergency": False,
         "policy_facts": {"topic": "between_sessions"}},
    ]


def test_text_is_one_line_per_path_with_policy_facts_marked(write_tree, invoke):
    path = write_tree(MINIMAL_TREE)
    result = invoke("paths", "--tree", str(path))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["1", "contact_now", "EMERGENCY", "emergency", "danger=danger"]
    assert "topic=yes [policy: between_sessions]" in lines[2]
    assert "topic=no [policy: between_sessions]" in lines[3]
    assert lines[4] == "3 paths: 1 contact_now (1 emergency), 1 wait_for_session, " \
                       "1 raise_in_session"


def test_csv_has_a_column_per_question_and_defuses_formulas(write_tree, invoke):
    path = write_tree(MINIMAL_TREE.replace('title: "Raise it in session"',
                                           'title: "=HYPERLINK(1)"'))
    result = invoke("paths", "--tree", str(path), "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["path", "decision", "emergency", "outcome", "outcome_title", "danger",
                       "topic [policy: between_sessions]"]
    assert rows[1][5:] == ["danger", ""]
    assert rows[3][4] == "'=HYPERLINK(1)"
    assert len(rows) == 4


def test_too_many_paths_are_refused_before_listing_and_limit_raises_the_bar(write_tree, invoke):
    path = write_tree(layered_tree([2] * 4))  # 17 paths
    refused = invoke("paths", "--tree", str(path), "--limit", "16")
    assert refused.exit_code == 2
    assert refused.stdout == ""
    assert "17 paths" in refused.stderr and "--limit 17" in refused.stderr
    allowed = invoke("paths", "--tree", str(path), "--limit", "17", "--format", "json")
    assert allowed.exit_code == 0
    assert len(json.loads(allowed.stdout)) == 17


def test_an_astronomical_tree_is_counted_not_enumerated(write_tree, invoke):
    path = write_tree(layered_tree([2] * 200))  # 2**200 + 1 paths
    tree = load_tree(path)
    assert count_paths(tree) >= 10**18  # saturates instead of growing without bound
    result = invoke("paths", "--tree", str(path))
    assert result.exit_code == 2
    assert "more than 10^18 paths" in result.stderr
    assert "Traceback" not in result.stderr


def test_deep_trees_do_not_recurse(write_tree):
    tree = load_tree(write_tree(layered_tree([1] * 3000)))
    assert count_paths(tree) == 2
    assert len(longest_path(tree)) == 3002  # danger, q0..q2999, done
    assert [len(p.steps) for p in iter_paths(tree)] == [1, 3001]


def test_policy_questions_are_listed_with_both_answers(write_tree):
    tree = load_tree(write_tree(layered_tree([2], policy_last=True)))
    values = [p.answers.get("q0") for p in iter_paths(tree)]
    assert values == [None, "yes", "no"]
