"""`contactcheck test`: scenario files, readable failures, and honest choice coverage."""

from __future__ import annotations

import textwrap

import pytest

from contactcheck.tree.bundled import bundled_names
from tests.helpers import MINIMAL_TREE, REPO

# MINIMAL_TREE has 4 choices: danger=danger, danger=none, topic=yes, topic=no.


@pytest.fixture
def scenario_file(tmp_path, write_tree):
    """Write the tree as tree.yaml and a scenario file naming it; return the file's path."""
    write_tree(MINIMAL_TREE, "tree.yaml")

    def write(body: str, name: str = "scenarios.yaml", header: str = "tree: tree.yaml\n"):
        path = tmp_path / name
        path.write_text(header + textwrap.dedent(body), encoding="utf-8")
        return path

    return write


PASSING = """\
scenarios:
  - name: "danger"
    answers: {danger: danger}
    expect: {decision: contact_now, outcome: emergency}
  - name: "messages allowed"
    answers: {danger: none, topic: "yes"}
    expect: {decision: wait_for_session}
"""


def test_passing_scenarios_exit_0_and_report_a_known_coverage_gap(scenario_file, invoke):
    result = invoke("test", str(scenario_file(PASSING)))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "2 scenarios in 1 file: 2 passed, 0 failed"
    assert lines[1].startswith("choice coverage of 'demo' (")
    assert lines[1].endswith("): 75.0% (3 of 4 choices)")
    assert lines[2:] == ["  no scenario exercises:",
                         "    topic=no  — No"]


def test_wrong_decision_fails_with_a_readable_diff_and_the_path_taken(scenario_file, invoke):
    path = scenario_file("""\
        scenarios:
          - name: "messages allowed, wrongly expected to raise"
            answers: {danger: none, topic: "yes"}
            expect: {decision: raise_in_session, outcome: raise}
        """)
    result = invoke("test", str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith(textwrap.dedent(f"""\
        FAIL {path}:3: messages allowed, wrongly expected to raise
          expected: decision raise_in_session, outcome raise
          got:      decision wait_for_session, outcome wait
          path taken:
            danger=none  — Is anyone in danger right now? → No
            topic=yes  — Does your therapist allow messages between sessions? → Yes
            => wait (wait_for_session): Wait for the session
        """))
    assert "1 scenario in 1 file: 0 passed, 1 failed" in result.stdout


@pytest.mark.parametrize(("answers", "expected"), [
    ("{danger: danger, topic: 'yes'}",
     "answered 'topic', but it was never asked: the path does not reach it"),
    ("{danger: none}",
     "the path reaches question 'topic' (Does your therapist allow messages between "
     "sessions?), which has no answer\n    valid values: yes, no"),
])
def test_answers_must_match_the_path(scenario_file, invoke, answers, expected):
    path = scenario_file(f"""\
        scenarios:
          - name: "strict"
            answers: {answers}
            expect: {{decision: contact_now}}
        """)
    result = invoke("test", str(path))
    assert result.exit_code == 1
    assert expected in result.stdout


def test_an_inline_policy_answers_policy_questions(scenario_file, invoke):
    path = scenario_file("""\
        scenarios:
          - name: "no messages between sessions, from the profile"
            answers: {danger: none}
            policy: {between_sessions: none}
            expect: {decision: raise_in_session, outcome: raise}
          - name: "answered twice: by the profile and by hand"
            answers: {danger: none, topic: "no"}
            policy: {between_sessions: {allowance: "one email a week"}}
            expect: {decision: wait_for_session}
        """)
    result = invoke("test", str(path))
    assert result.exit_code == 1
    assert "2 scenarios in 1 file: 1 passed, 1 failed" in result.stdout
    assert ("answered 'topic', but the scenario's policy profile answered it "
            "(between_sessions: yes)") in result.stdout
    assert "topic=yes (policy: between_sessions)" in result.stdout  # the path taken
    # Choices a profile took count as exercised: topic=no and topic=yes, and danger=none.
    assert "75.0% (3 of 4 choices)" in result.stdout


@pytest.mark.parametrize(("body", "line", "message"), [
    ("answers: {dangr: none}\n    expect: {decision: contact_now}", 4,
     "scenario 'x' answers 'dangr', which is not a question of the tree 'demo'"),
    ("answers: {danger: maybe}\n    expect: {decision: contact_now}", 4,
     "'maybe' is not a valid answer to 'danger' in scenario 'x'"),
    ("answers: {danger: danger}\n    expect: {decision: contact}", 5,
     "the expected decision of scenario 'x' is 'contact'"),
    ("answers: {danger: danger}\n    expect: {decision: contact_now, outcome: emergncy}", 5,
     "the expected outcome 'emergncy' of scenario 'x' is not an outcome of the tree 'demo'"),
    ("answers: {danger: danger}\n    policy: {after_hour: none}\n"
     "    expect: {decision: contact_now}", 5, "unknown key 'after_hour' in the policy profile"),
    ("answers: {danger: danger}\n    expected: {decision: contact_now}", 5,
     "unknown key 'expected' in a scenario"),
    ("answers: {danger: danger}", 3, "a scenario is missing the required key 'expect'"),
])
def test_invalid_scenario_files_exit_3_with_a_location(scenario_file, invoke, body, line,
                                                       message):
    path = scenario_file(f"scenarios:\n  - name: x\n    {body}\n")
    result = invoke("test", str(path))
    assert result.exit_code == 3
    assert f"{path}:{line}:" in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_two_scenarios_with_one_name_are_invalid(scenario_file, invoke):
    path = scenario_file(PASSING.replace('"messages allowed"', '"danger"'))
    result = invoke("test", str(path))
    assert result.exit_code == 3
    assert "two scenarios are named 'danger'" in result.stderr


@pytest.mark.parametrize(("tree_line", "message"), [
    ("tree: defualt\n", "'tree' is 'defualt', which is neither a bundled tree nor a file"),
    ("tree: missing.yaml\n", "'tree' is 'missing.yaml', which is neither"),
])
def test_a_tree_that_cannot_be_found_is_reported_where_it_is_named(scenario_file, invoke,
                                                                  tree_line, message):
    result = invoke("test", str(scenario_file(PASSING, header=tree_line)))
    assert result.exit_code == 3
    assert message in result.stderr
    assert ":1:7:" in result.stderr


def test_tree_paths_are_relative_to_the_scenario_file(tmp_path, write_tree, invoke,
                                                      monkeypatch):
    folder = tmp_path / "scenarios"
    (folder / "trees").mkdir(parents=True)
    write_tree(MINIMAL_TREE, "scenarios/trees/tree.yaml")
    path = folder / "demo.yaml"
    path.write_text("tree: trees/tree.yaml\n" + PASSING, encoding="utf-8")
    monkeypatch.chdir(REPO)
    assert invoke("test", str(path)).exit_code == 0


def test_tree_flag_overrides_the_file_and_invalid_trees_exit_3(scenario_file, write_tree,
                                                               invoke):
    path = scenario_file(PASSING, header="tree: default\n")
    assert invoke("test", str(path)).exit_code == 3  # default has no outcome 'emergency'
    own = write_tree(MINIMAL_TREE, "own.yaml")
    assert invoke("test", "--tree", str(own), str(path)).exit_code == 0
    broken = write_tree(MINIMAL_TREE.replace("next: topic", "next: nowhere"), "broken.yaml")
    result = invoke("test", "--tree", str(broken), str(path))
    assert result.exit_code == 3
    assert "'next' points to 'nowhere'" in result.stderr


def test_coverage_adds_up_across_files_and_min_coverage_fails_below(scenario_file, invoke):
    first = scenario_file(PASSING, "first.yaml")
    second = scenario_file("""\
        scenarios:
          - name: "no messages"
            answers: {danger: none, topic: "no"}
            expect: {decision: raise_in_session}
        """, "second.yaml")
    both = invoke("test", "--min-coverage", "100", str(first), str(second))
    assert both.exit_code == 0
    assert "3 scenarios in 2 files: 3 passed, 0 failed" in both.stdout
    assert "100% (4 of 4 choices)" in both.stdout
    alone = invoke("test", "--min-coverage", "100", str(first))
    assert alone.exit_code == 1
    assert "below --min-coverage 100%" in alone.stdout


def test_one_invalid_file_does_not_hide_the_others(scenario_file, invoke):
    good = scenario_file(PASSING, "good.yaml")
    bad = scenario_file("scenarios: []\n", "bad.yaml")
    result = invoke("test", str(good), str(bad))
    assert result.exit_code == 3
    assert "2 scenarios in 1 file: 2 passed, 0 failed" in result.stdout
    assert "'scenarios' must not be empty" in result.stderr


def test_the_bundled_scenarios_pass_with_full_choice_coverage(invoke, monkeypatch):
    folder = REPO / "tests" / "scenarios"
    files = sorted(folder.iterdir())
    # One scenario file per bundled tree, named after it, and nothing else in the folder.
    assert [f.name for f in files] == [f"{name}.yaml" for name in bundled_names()]
    monkeypatch.chdir(REPO)
    result = invoke("test", "--min-coverage", "100", *(str(f) for f in files))
    assert result.exit_code == 0, result.stdout
    assert "0 failed" in result.stdout
    assert result.stdout.count(": 100% (") == len(files)
