"""`contactcheck safety-plan`: the person's own plan, added to, edited and shown."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pexpect
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contactcheck.commands.safety_plan import STEP_KEYS
from contactcheck.errors import InvalidFile
from contactcheck.personal import safetyplan
from tests.helpers import person_lines
from tests.terminal import edit_in_terminal

CONTACTCHECK = str(Path(sys.executable).with_name("contactcheck"))


def shown(run_cli) -> dict[str, list[str]]:
    result = run_cli("safety-plan", "show", "--format", "json")
    assert result.exit_code == 0, result.output
    return {step["step"]: step["items"] for step in json.loads(result.stdout)}


def test_the_command_knows_the_same_steps_as_the_model():
    assert tuple(safetyplan.STEPS) == STEP_KEYS


def test_add_and_show(run_cli, private_dirs):
    empty = run_cli("safety-plan", "show")
    assert empty.exit_code == 0
    assert "no safety plan yet" in empty.stdout
    assert not private_dirs["data"].exists()

    added = run_cli("safety-plan", "add", "people", "My sister Ana: 555 0123")
    assert added.exit_code == 0
    assert "step 4, People I can ask for help" in added.stdout
    run_cli("safety-plan", "add", "reasons", "My cat, Luna")
    run_cli("safety-plan", "add", "people", "-", input="Sam, 555 0456\n")
    assert shown(run_cli) == {
        "warning_signs": [], "coping": [], "distractions": [],
        "people": ["My sister Ana: 555 0123", "Sam, 555 0456"],
        "professionals": [], "environment": [], "reasons": ["My cat, Luna"]}

    text = run_cli("safety-plan", "show").stdout
    assert text.index("4. People I can ask for help") < text.index("7. Reasons for living")
    assert "Warning signs" not in text  # empty steps are not shown
    page = run_cli("safety-plan", "show", "--format", "markdown").stdout
    assert "## 4. People I can ask for help\n\n- My sister Ana: 555 0123\n- Sam, 555 0456\n" \
        in page


@pytest.mark.parametrize(("args", "code", "message"), [
    (("reason", "x"), 2, "'reason' is not one of"),
    (("coping", "  "), 2, "the text is empty"),
    (("coping", "a\x1bb"), 2, "control character U+001B"),
])
def test_bad_adds_are_refused(run_cli, args, code, message):
    result = run_cli("safety-plan", "add", *args)
    assert result.exit_code == code
    assert message in result.stderr


def test_the_stored_file_is_the_commented_template(run_cli, private_dirs):
    run_cli("safety-plan", "add", "coping", 'Play "our" song \\ loud')
    stored = (private_dirs["data"] / "safety-plan.yaml").read_text()
    assert stored.startswith("# My safety plan\n")
    assert '  - "Play \\"our\\" song \\\\ loud"\n' in stored
    assert shown(run_cli)["coping"] == ['Play "our" song \\ loud']


items = person_lines(max_size=40)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(STEP_KEYS), items), max_size=6))
def test_the_yaml_round_trips(entries):
    plan = safetyplan.SafetyPlan()
    for step, text in entries:
        plan = plan.add(step, safetyplan.check_text(text))
    assert safetyplan.from_yaml(safetyplan.to_yaml(plan).encode(), "plan") == plan


@pytest.mark.parametrize(("text", "expected"), [
    ("coping:\n  - a walk\n  - music\n", {"coping": ("a walk", "music")}),
    ("coping: a walk\n", {"coping": ("a walk",)}),
    ("coping:\nreasons:\n  -\n  - 'yes'\n", {"reasons": ("yes",)}),
    ("# only notes\n\n", {}),
    ("coping:\n  - a long walk\n    along the river\n",
     {"coping": ("a long walk along the river",)}),
])
def test_friendly_yaml_is_accepted(text, expected):
    plan = safetyplan.from_yaml(text.encode(), "plan")
    assert {step: items for step, items in plan.steps.items() if items} == expected


@pytest.mark.parametrize(("text", "line", "message"), [
    ("copin:\n  - a walk\n", 1, "unknown key 'copin' in the safety plan"),
    ("coping:\n  - Call #112\n", 2, "the part after ' #' would be read as a note and lost"),
    ("people:\n  - Ana: 555 0123\n", 2, "must be text, not a mapping"),
    ("coping:\n  - a\ncoping:\n  - b\n", 3, "duplicate key 'coping'"),
    ("coping: [a\n", 2, "YAML syntax error"),
    ("coping:\n  key: value\n", 2, "must be a list of texts"),
])
def test_mistakes_are_located(text, line, message):
    with pytest.raises(InvalidFile) as caught:
        safetyplan.from_yaml(text.encode(), "plan")
    problem = caught.value.problems[0]
    assert message in problem.message
    assert problem.line == line


# -- safety-plan edit, in a real terminal -----------------------------------------

FAKE_EDITOR = """\
import json, sys
from pathlib import Path

state = Path(sys.argv[1])
edits = json.loads(state.read_text())
target = Path(sys.argv[2])
if not edits:
    sys.exit(0)  # close without changing anything
edit = edits.pop(0)
state.write_text(json.dumps(edits))
if edit == "FAIL":
    sys.exit(1)
if isinstance(edit, dict):  # another terminal changes the plan while this one edits
    import subprocess
    subprocess.run(edit["meanwhile"], check=True, capture_output=True)
    edit = edit["text"]
target.write_text(edit)
"""


@pytest.fixture
def editor(tmp_path):
    """An $EDITOR that writes the given texts, one per time it is opened."""
    script = tmp_path / "fake_editor.py"
    script.write_text(FAKE_EDITOR)
    state = tmp_path / "edits.json"

    def plan(*edits: str | dict[str, object]) -> str:
        state.write_text(json.dumps([textwrap.dedent(edit) if isinstance(edit, str) else edit
                                     for edit in edits]))
        return f"{sys.executable} {script} {state}"

    return plan



def test_edit_saves_a_valid_plan(editor, run_cli):
    code, output = edit_in_terminal(editor("""\
        warning_signs:
          - "Not sleeping for two nights"
        people:
          - "Ana: 555 0123"
        """))
    assert code == 0, output
    assert "Saved your safety plan (2 items in 2 of 7 steps)" in output
    assert shown(run_cli)["people"] == ["Ana: 555 0123"]


def test_edit_without_changes_changes_nothing(editor, run_cli, private_dirs):
    run_cli("safety-plan", "add", "coping", "a walk")
    before = (private_dirs["data"] / "safety-plan.yaml").read_bytes()
    code, output = edit_in_terminal(editor())
    assert code == 0
    assert "No changes" in output
    assert (private_dirs["data"] / "safety-plan.yaml").read_bytes() == before


def test_an_invalid_edit_is_shown_located_and_the_plan_and_the_typing_are_kept(
        editor, run_cli, private_dirs):
    run_cli("safety-plan", "add", "coping", "a walk")
    before = (private_dirs["data"] / "safety-plan.yaml").read_bytes()
    typed = "coping:\n  - a walk\n  - Call #112 when it's bad\n"
    code, output = edit_in_terminal(editor(typed), [("Edit it again?", "n")])
    assert code == 3
    buffer = private_dirs["data"] / "safety-plan.unsaved.yaml"
    assert f"{buffer}:3:5: step 'coping', item 2: the part after ' #'" in output
    assert "Your safety plan was not changed" in output
    assert (private_dirs["data"] / "safety-plan.yaml").read_bytes() == before
    assert buffer.read_text() == typed
    assert oct(buffer.stat().st_mode & 0o777) == oct(0o600)

    # The next edit offers to continue from what was typed, and fixing it saves it.
    fixed = 'coping:\n  - a walk\n  - "Call #112 when it\'s bad"\n'
    code, output = edit_in_terminal(editor(fixed), [("Continue from it?", "y")])
    assert code == 0, output
    assert shown(run_cli)["coping"] == ["a walk", "Call #112 when it's bad"]
    assert not buffer.exists()


def test_an_invalid_edit_can_be_fixed_straight_away(editor, run_cli):
    code, output = edit_in_terminal(
        editor("reason:\n  - my cat\n", "reasons:\n  - my cat\n"),
        [("Edit it again?", "y")])
    assert code == 0, output
    assert "did you mean 'reasons'?" in output
    assert shown(run_cli)["reasons"] == ["my cat"]


def test_a_failing_editor_is_a_clear_error(editor, run_cli):
    run_cli("safety-plan", "add", "coping", "a walk")
    code, output = edit_in_terminal(editor("FAIL"))
    assert code == 2
    assert "Editing failed; your plan was not changed" in output
    assert "Traceback" not in output
    assert shown(run_cli)["coping"] == ["a walk"]


def test_an_edit_never_overwrites_a_change_made_meanwhile(editor, run_cli, private_dirs):
    run_cli("safety-plan", "add", "coping", "a walk")
    meanwhile = [CONTACTCHECK, "safety-plan", "add", "people", "Ana: 555 0123"]
    typed = "coping:\n  - a walk\n  - music\n"
    code, output = edit_in_terminal(editor({"meanwhile": meanwhile, "text": typed}))
    assert code == 1
    assert "changed elsewhere while you were editing" in output
    assert shown(run_cli)["people"] == ["Ana: 555 0123"]  # the other terminal's change is kept
    assert shown(run_cli)["coping"] == ["a walk"]
    assert (private_dirs["data"] / "safety-plan.unsaved.yaml").read_text() == typed


def test_no_editor_at_all_is_exit_2(tmp_path):
    empty_path = tmp_path / "bin"
    empty_path.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in ("EDITOR", "VISUAL")}
    env["PATH"] = str(empty_path)
    child = pexpect.spawn(CONTACTCHECK, ["safety-plan", "edit"], env=env, encoding="utf-8",
                          timeout=30)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert "no editor found: set $EDITOR" in (child.before or "")


def test_edit_without_a_terminal_is_exit_2(run_cli):
    result = run_cli("safety-plan", "edit", env={"EDITOR": "true"})
    assert result.exit_code == 2
    assert "needs a terminal" in result.stderr
    assert "safety-plan add STEP TEXT" in result.stderr


def test_edit_help_needs_no_terminal():
    done = subprocess.run([CONTACTCHECK, "safety-plan", "edit", "-h"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0
    assert "$EDITOR" in done.stdout
