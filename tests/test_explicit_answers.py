"""An answer given now (a flag, an answers file) wins over a stored policy fact, with a note."""

from __future__ import annotations

import json

import pytest

COACHING_TREE = """\
id: coach
title: Coaching
version: "1.0"
start: danger
questions:
  danger:
    text: "Is anyone in danger right now?"
    choices:
      - {value: danger, label: "Yes", next: emergency}
      - {value: none, label: "No", next: topic}
  topic:
    text: "What is it about?"
    choices:
      - {value: urges, label: "Urges", next: coaching}
      - {value: question, label: "A question", next: wait}
      - {value: feelings, label: "Feelings about therapy", next: raise}
  coaching:
    text: "Do you have DBT phone coaching?"
    policy: dbt_coaching
    choices:
      - {value: "yes", label: "Yes", next: coaching_call}
      - {value: "no", label: "No", next: after_hours}
  after_hours:
    text: "Did your therapist give you an after-hours number?"
    policy: after_hours
    choices:
      - {value: "yes", label: "Yes", next: after_hours_call}
      - {value: "no", label: "No", next: crisis_support}
outcomes:
  emergency:
    decision: contact_now
    emergency: true
    title: "Get help now"
    why: ["Emergencies go to emergency services."]
    do: ["Call the emergency number below."]
    safety_net: "Call the emergency number."
  coaching_call:
    decision: contact_now
    title: "Call for coaching"
    why: ["Coaching is for before acting on an urge."]
    do: ["Call the coaching number."]
    policy: [dbt_coaching]
    safety_net: "If it gets worse, call the crisis line below."
  after_hours_call:
    decision: contact_now
    title: "Call the after-hours line"
    why: ["Your therapist gave you a number for this."]
    do: ["Call the after-hours number."]
    policy: [after_hours]
    safety_net: "If it gets worse, call the crisis line below."
  crisis_support:
    decision: contact_now
    title: "Call a crisis line"
    why: ["A crisis line is there at any hour."]
    do: ["Call the crisis line below."]
    safety_net: "If you are in danger, call the emergency number."
  wait:
    decision: wait_for_session
    title: "Wait for the session"
    why: ["Routine things wait."]
    do: ["Write it down."]
    policy: [response_time]
    safety_net: "If it gets worse, call the crisis line below."
  raise:
    decision: raise_in_session
    title: "Raise it in session"
    why: ["It belongs in the session."]
    do: ["Bring it up."]
    safety_net: "If it gets worse, call the crisis line below."
"""

URGES = ("-a", "danger=none", "-a", "topic=urges")


@pytest.fixture
def tree(write_tree):
    return str(write_tree(COACHING_TREE))


@pytest.fixture
def policy(tmp_path):
    def write(text: str) -> str:
        path = tmp_path / "policy.yaml"
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def check_json(run_cli, tree, *args: str) -> dict:
    result = run_cli("check", "--tree", tree, "--region", "GB", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# -- 1. An answer given now wins over a stored fact ------------------------------------------


@pytest.mark.parametrize(("stored", "given", "outcome"), [
    ("dbt_coaching: no\nafter_hours: no\n", "yes", "coaching_call"),
    ('dbt_coaching: {number: "07700 900123"}\nafter_hours: no\n', "no", "crisis_support"),
])
def test_an_answer_given_now_wins_over_the_policy(run_cli, tree, policy, stored, given, outcome):
    path = policy(stored)
    data = check_json(run_cli, tree, "--policy", path, *URGES, "-a", f"coaching={given}")
    assert data["outcome"]["id"] == outcome
    step = next(s for s in data["trail"] if s["question"] == "coaching")
    assert step["answer"] == given
    assert step["from_policy"] is False
    text = run_cli("check", "--tree", tree, "--region", "GB", "--policy", path, *URGES,
                   "-a", f"coaching={given}").stdout
    assert "your answer was used" in text.lower()
    assert "policy" in text.lower()


def test_an_answer_that_agrees_with_the_policy_needs_no_note(run_cli, tree, policy):
    path = policy("dbt_coaching: no\nafter_hours: no\n")
    text = run_cli("check", "--tree", tree, "--region", "GB", "--policy", path, *URGES,
                   "-a", "coaching=no").stdout
    assert "your answer was used" not in text.lower()


def test_an_answers_file_wins_too(run_cli, tree, policy):
    path = policy("dbt_coaching: no\nafter_hours: no\n")
    result = run_cli("check", "--tree", tree, "--region", "GB", "--policy", path, "--format",
                     "json", "--answers-file", "-",
                     input="danger: none\ntopic: urges\ncoaching: 'yes'\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["outcome"]["id"] == "coaching_call"
