"""The self-check and the person's own data: the safety plan in results, notes for the agenda."""

from __future__ import annotations

import json

import pytest

from contactcheck.check.engine import walk
from contactcheck.personal import agenda, safetyplan
from contactcheck.personal.in_check import offer_agenda
from contactcheck.personal.storage import Store
from contactcheck.tree.bundled import DEFAULT_TREE, find_tree
from contactcheck.tree.load import load_tree
from tests.helpers import MINIMAL_TREE

EMERGENCY = ("--answer", "danger=danger")
WAIT = ("--answer", "danger=none", "--answer", "topic=yes")
RAISE = ("--answer", "danger=none", "--answer", "topic=no")


@pytest.fixture
def tree(write_tree):
    return str(write_tree(MINIMAL_TREE))


@pytest.fixture
def plan(run_cli):
    for step, text in (("warning_signs", "Not sleeping for two nights"),
                       ("people", "Ana: 555 0123"), ("reasons", "My cat, Luna")):
        assert run_cli("safety-plan", "add", step, text).exit_code == 0


def check(run_cli, tree, *args: str):
    return run_cli("check", "--tree", tree, "--region", "US", "--no-policy", *args)


@pytest.mark.parametrize("output_format", ["text", "markdown", "json"])
def test_every_emergency_format_shows_the_plan_after_the_crisis_numbers(
        run_cli, tree, plan, output_format):
    result = check(run_cli, tree, *EMERGENCY, "--format", output_format)
    assert result.exit_code == 0, result.output
    out = result.stdout
    if output_format == "json":
        data = json.loads(out)
        steps = {step["step"]: step["items"] for step in data["safety_plan"]}
        assert steps["people"] == ["Ana: 555 0123"]
        assert steps["reasons"] == ["My cat, Luna"]
        assert list(data).index("resources") < list(data).index("safety_plan")
        return
    numbers = out.index("Emergency: 911")
    assert numbers < out.index("step 1: Warning signs") < out.index("Not sleeping for two nights")
    assert out.index("step 4: People I can ask for help") < out.index("Ana: 555 0123")
    assert out.index("My cat, Luna") < out.index("Why")


@pytest.mark.parametrize("answers", [WAIT, RAISE])
def test_other_results_mention_the_plan_in_the_safety_net(run_cli, tree, plan, answers):
    out = check(run_cli, tree, *answers).stdout
    net = out[out.index("If things change or get worse"):]
    assert "contactcheck safety-plan show" in net
    assert "Ana: 555 0123" not in out  # mentioned, not shown
    data = json.loads(check(run_cli, tree, *answers, "--format", "json").stdout)
    assert "contactcheck safety-plan show" in data["safety_net"]
    assert "safety_plan" not in data


def test_without_a_plan_nothing_is_added(run_cli, tree, private_dirs):
    emergency = json.loads(check(run_cli, tree, *EMERGENCY, "--format", "json").stdout)
    assert emergency["safety_plan"] is None
    assert "safety plan" not in check(run_cli, tree, *EMERGENCY).stdout.lower()
    assert "safety-plan" not in check(run_cli, tree, *WAIT).stdout
    assert not private_dirs["data"].exists()  # the check itself stores nothing


@pytest.mark.parametrize("output_format", ["text", "markdown", "json"])
def test_a_damaged_plan_never_hides_the_emergency_result(run_cli, tree, private_dirs,
                                                        output_format):
    folder = private_dirs["data"]
    folder.mkdir(parents=True)
    (folder / "safety-plan.yaml").write_text("people: [unclosed\n")
    result = check(run_cli, tree, *EMERGENCY, "--format", output_format)
    assert result.exit_code == 0
    assert "911" in result.stdout
    assert "could not be read" in result.stdout
    assert (folder / "safety-plan.yaml").exists()  # not moved during a check
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("answers", "words"), [(WAIT, "Wait for the session"),
                                                (RAISE, "Raise it in session")])
def test_save_to_agenda_after_wait_or_raise(run_cli, tree, answers, words):
    result = check(run_cli, tree, *answers, "--format", "json",
                   "--save-to-agenda", "The letter from work")
    assert result.exit_code == 0
    json.loads(result.stdout)  # the note's message goes to stderr, the JSON stays valid
    assert "Added to your agenda as number 1: The letter from work" in result.stderr
    assert [item.text for item in agenda.load(Store()).items] == ["The letter from work"]
    # An empty note keeps the result's title.
    check(run_cli, tree, *answers, "--save-to-agenda", "")
    assert agenda.load(Store()).items[-1].text.startswith(words)


@pytest.mark.parametrize(("args", "reason"), [
    (("--tree", "default", "-a", "danger=none", "-a", "urgent=none", "-a", "topic=admin",
      "-a", "admin_kind=cancel"),
     "the suggestion is 'contact now'"),
    (("-a", "danger=suicidal_now"), "this is an emergency result"),
])
def test_save_to_agenda_refuses_other_results_and_says_why(run_cli, private_dirs, args, reason):
    result = run_cli("check", "--region", "US", "--no-policy", *args,
                     "--save-to-agenda", "a note")
    assert result.exit_code == 0
    assert f"Not added to your agenda: {reason}" in result.stderr
    assert not private_dirs["data"].exists()


def test_an_unusable_note_is_refused_before_anything_else(run_cli, tree, private_dirs):
    result = check(run_cli, tree, *WAIT, "--save-to-agenda", "bell\x07")
    assert result.exit_code == 2
    assert "control character U+0007" in result.stderr
    assert result.stdout == ""
    assert not private_dirs["data"].exists()


def test_a_failed_save_after_the_result_is_exit_1(run_cli, tree, private_dirs):
    private_dirs["data"].parent.mkdir(parents=True)
    private_dirs["data"].write_text("a file where the folder should be")
    result = check(run_cli, tree, *WAIT, "--save-to-agenda", "a note")
    assert "Wait for the session" in result.stdout  # the result was shown first
    assert result.exit_code == 1
    assert "cannot create the folder" in result.stderr


# -- the interactive offer (the prompts module supplies confirm/ask/tell) -------------


def _result(answers: dict[str, str], write_tree):
    class Given:
        def answer(self, question, trail):
            return answers.get(question.id)

    return walk(load_tree(write_tree(MINIMAL_TREE)), Given())


@pytest.mark.parametrize(("answers", "offered"), [
    ({"danger": "none", "topic": "yes"}, True),
    ({"danger": "none", "topic": "no"}, True),
    ({"danger": "danger"}, False),
])
def test_the_offer_is_made_only_for_wait_and_raise_and_defaults_to_no(
        write_tree, private_dirs, answers, offered):
    asked: list[str] = []
    item = offer_agenda(_result(answers, write_tree),
                        confirm=lambda question: bool(asked.append(question)),  # type: ignore[func-returns-value]
                        ask_note=lambda prompt: "never asked", tell=print)
    assert item is None
    assert bool(asked) is offered
    assert not private_dirs["data"].exists()


def test_accepting_the_offer_adds_the_note(write_tree):
    told: list[str] = []
    notes = iter(["\x07", "Why I keep checking my phone"])
    item = offer_agenda(_result({"danger": "none", "topic": "no"}, write_tree),
                        confirm=lambda question: True, ask_note=lambda prompt: next(notes),
                        tell=told.append)
    assert item is not None
    assert [entry.text for entry in agenda.load(Store()).items] == [
        "Why I keep checking my phone"]
    assert any("cannot be used" in line for line in told)


def test_cancelling_the_note_saves_nothing(write_tree, private_dirs):
    item = offer_agenda(_result({"danger": "none", "topic": "no"}, write_tree),
                        confirm=lambda question: True, ask_note=lambda prompt: None,
                        tell=lambda line: None)
    assert item is None
    assert not private_dirs["data"].exists()


def test_plan_sections_use_the_model_titles(run_cli, tree, plan):
    out = check(run_cli, tree, *EMERGENCY).stdout
    for _, info, _items in safetyplan.load(Store()).filled():
        assert f"Your safety plan, step {info.number}: {info.title}" in out


@pytest.mark.parametrize(("typed", "saved"), [
    ("y\nThe letter from work\n", ["The letter from work"]),
    ("y\n\n", ["Raise it in session: Raise it in session"]),
    ("\n", []),
    ("n\n", []),
    ("y\n", None),  # Ctrl-D at the note: a stop like any other, nothing saved
    ("", None),  # Ctrl-D at the question
])
def test_the_offer_at_a_terminal(runner, write_tree, private_dirs, typed, saved):
    from contactcheck.errors import Interrupted
    from contactcheck.personal.in_check import offer_agenda_in_terminal

    result = _result({"danger": "none", "topic": "no"}, write_tree)
    with runner.isolation(input=typed) as (out, _err, _):
        if saved is None:
            with pytest.raises(Interrupted):
                offer_agenda_in_terminal(result)
            assert not private_dirs["data"].exists()
            return
        offer_agenda_in_terminal(result)
    assert [item.text for item in agenda.load(Store()).items] == saved
    assert b"Add this to your agenda for the next session? [y/N]" in out.getvalue()


PROBE = """
import contextlib, io, json, sys
from contactcheck.cli import run
with contextlib.redirect_stdout(io.StringIO()):
    code = run(json.loads(sys.argv[1]))
print(json.dumps({"code": code, "yaml": "yaml" in sys.modules}))
"""


def test_a_routine_check_with_a_plan_saved_stays_fast(run_cli, plan):
    """Mentioning the plan needs only to know it exists: no YAML is read for it."""
    import subprocess
    import sys

    path = find_tree(DEFAULT_TREE)
    assert path is not None
    bundled = load_tree(path)
    answers, node = [], bundled.start
    while node in bundled.questions:  # the last choice each time: a routine result
        choice = bundled.questions[node].choices[-1]
        answers += ["--answer", f"{node}={choice.value}"]
        node = choice.next
    assert not bundled.outcomes[node].emergency
    args = json.dumps(["check", "--region", "US", "--no-policy", "--format", "json", *answers])
    runs = [json.loads(subprocess.run([sys.executable, "-c", PROBE, args], capture_output=True,
                                      text=True, check=True).stdout) for _ in range(2)]
    assert [run["code"] for run in runs] == [0, 0]
    assert runs[1]["yaml"] is False  # the bundled tree is kept, and the plan is not parsed
