"""An answer given now (a flag, an answers file) wins over a stored policy fact, with a note."""

from __future__ import annotations

import json

import pytest

from tests.helpers import check_json

URGES = ("-a", "danger=none", "-a", "topic=urges")


# -- 1. An answer given now wins over a stored fact ------------------------------------------


@pytest.mark.parametrize(("stored", "given", "outcome"), [
    ("dbt_coaching: no\nafter_hours: no\n", "yes", "coaching_call"),
    ('dbt_coaching: {number: "07700 900123"}\nafter_hours: no\n', "no", "crisis_support"),
])
def test_an_answer_given_now_wins_over_the_policy(run_cli, coaching, profile, stored, given,
                                                  outcome):
    path = profile(stored)
    data = check_json(run_cli, coaching, "--policy", path, *URGES, "-a", f"coaching={given}")
    assert data["outcome"]["id"] == outcome
    step = next(s for s in data["trail"] if s["question"] == "coaching")
    assert step["answer"] == given
    assert step["from_policy"] is False
    text = run_cli("check", "--tree", coaching, "--region", "GB", "--policy", path, *URGES,
                   "-a", f"coaching={given}").stdout
    assert "your answer was used" in text.lower()
    assert "policy" in text.lower()


def test_an_answer_that_agrees_with_the_policy_needs_no_note(run_cli, coaching, profile):
    path = profile("dbt_coaching: no\nafter_hours: no\n")
    text = run_cli("check", "--tree", coaching, "--region", "GB", "--policy", path, *URGES,
                   "-a", "coaching=no").stdout
    assert "your answer was used" not in text.lower()


def test_an_answers_file_wins_too(run_cli, coaching, profile):
    path = profile("dbt_coaching: no\nafter_hours: no\n")
    result = run_cli("check", "--tree", coaching, "--region", "GB", "--policy", path, "--format",
                     "json", "--answers-file", "-",
                     input="danger: none\ntopic: urges\ncoaching: 'yes'\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["outcome"]["id"] == "coaching_call"
