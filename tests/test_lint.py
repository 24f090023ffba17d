"""`contactcheck lint` and `validate --strict`: likely mistakes in valid trees."""

from __future__ import annotations

import json

import pytest

from contactcheck.authoring.lint import lint_bytes
from tests.helpers import MINIMAL_TREE

# MINIMAL_TREE with a source on every reason: no warnings at all.
CLEAN = (MINIMAL_TREE
         .replace('why: ["Emergencies go to emergency services."]',
                  'why: [{text: "Emergencies go to emergency services.", '
                  'source: "policy_example"}]')
         .replace('why: ["It belongs in the session."]',
                  'why: [{text: "It belongs in the session.", source: "policy_example"}]'))


def warnings(text: str) -> list[tuple[str, int]]:
    """(check, line) of every warning about the tree `text`."""
    report = lint_bytes(text.encode(), "tree.yaml")
    return [(w.check, w.problem.line) for w in report.warnings]


def test_a_clean_tree_has_no_warnings():
    assert warnings(CLEAN) == []


def test_reasons_without_a_source_are_reported():
    assert warnings(MINIMAL_TREE) == [("reason-without-source", 22),
                                      ("reason-without-source", 34)]


@pytest.mark.parametrize(("old", "new", "expected"), [
    # Text cut short by a comment: YAML reads `Call #112 now` as `Call`.
    ('text: "Is anyone in danger right now?"', "text: Call #112 now", [("comment-truncation", 7)]),
    ('title: "Raise it in session"', "title: Raise it #now", [("comment-truncation", 33)]),
    ('do: ["Bring it up."]', "do:\n      - Bring it up #soon", [("comment-truncation", 36)]),
    ('- {value: none, label: "No", next: topic}',
     "- value: none\n        label: No #1\n        next: topic", [("comment-truncation", 11)]),
    # A plain text running over two lines, cut on its second.
    ('text: "Is anyone in danger right now?"',
     "text: Is anyone in\n      danger #right now", [("comment-truncation", 7)]),
    # Not truncation: quoted, no space before #, a comment after an id, after a flow mapping,
    # or on a line of its own.
    ('text: "Is anyone in danger right now?"', 'text: "Call #112 now"', []),
    ('text: "Is anyone in danger right now?"', "text: Call C#", []),
    ("start: danger", "start: danger  # the danger screen", []),
    ('label: "No", next: topic}', 'label: "No", next: topic}  # the rest', []),
    ('{value: none, label: "No", next: topic}', "{value: none, next: topic, label: No}  # rest",
     []),
    ('text: "Is anyone in danger right now?"',
     "text: Is anyone in danger\n    # a note of the author's, on its own line", []),
    # Too many choices, labels that differ only in case.
    ('      - {value: "no", label: "No", next: raise}',
     '      - {value: "no", label: "No", next: raise}\n'
     + "".join(f'      - {{value: "v{n}", label: "V{n}", next: raise}}\n' for n in range(6)),
     [("many-choices", 11)]),
    ('{value: "no", label: "No", next: raise}', '{value: "no", label: "yes", next: raise}',
     [("similar-labels", 16)]),
    # A non-emergency contact_now outcome without a draft.
    ("decision: wait_for_session", "decision: contact_now", [("missing-draft", 25)]),
    # A number pointed at by position, which depends on the output and the terminal.
    ('do: ["Bring it up."]', 'do: ["Call the line below."]', [("positional-words", 35)]),
    ('title: "Raise it in session"', 'title: "See above"', [("positional-words", 33)]),
    # A source written as an id that is not in the shipped sources list; free text is fine.
    ('source: "policy_example"}]', 'source: "no_such_source"}]',
     [("unknown-source", 22), ("unknown-source", 34)]),
    ('source: "policy_example"}]', 'source: "A book, chapter 2"}]', []),
])
def test_each_check_finds_its_mistake_and_nothing_else(old, new, expected):
    assert old in CLEAN
    assert warnings(CLEAN.replace(old, new)) == expected


def test_long_paths_are_reported_at_their_outcome():
    from tests.helpers import layered_tree

    text = layered_tree([1] * 11)
    found = [check for check, _ in warnings(text)]
    assert "long-path" in found
    report = lint_bytes(text.encode(), "tree.yaml")
    long = next(w for w in report.warnings if w.check == "long-path")
    assert long.problem.message.startswith("the path to outcome 'done' asks 12 questions: "
                                           "danger -> q0 -> q1")
    assert "long-path" not in [check for check, _ in warnings(layered_tree([1] * 9))]


def test_lint_exit_codes_and_output(write_tree, invoke):
    clean = write_tree(CLEAN)
    assert invoke("lint", str(clean)).exit_code == 0
    warned = write_tree(MINIMAL_TREE)
    result = invoke("lint", str(warned))
    assert result.exit_code == 1
    assert (f"{warned}:22:11: warning: a reason of outcome 'emergency' has no source "
            "[reason-without-source]") in result.stdout
    invalid = write_tree(MINIMAL_TREE.replace("next: topic", "next: nowhere"))
    result = invoke("lint", str(clean), str(invalid))
    assert result.exit_code == 3
    assert "'next' points to 'nowhere'" in result.stderr


def test_lint_json(write_tree, invoke):
    path = write_tree(MINIMAL_TREE.replace('text: "Is anyone in danger right now?"',
                                           "text: Call #112 now"))
    result = invoke("lint", "--format", "json", str(path))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["valid"] is True and report["clean"] is False
    checks = [w["check"] for w in report["files"][0]["warnings"]]
    assert checks == ["comment-truncation", "reason-without-source", "reason-without-source"]
    first = report["files"][0]["warnings"][0]
    assert (first["line"], first["column"]) == (7, 11)
    assert "YAML read only 'Call'" in first["message"]


def test_validate_strict_adds_the_warnings(write_tree, invoke):
    path = write_tree(MINIMAL_TREE)
    assert invoke("validate", str(path)).exit_code == 0
    strict = invoke("validate", "--strict", str(path))
    assert strict.exit_code == 1
    assert "[reason-without-source]" in strict.stdout
    assert f"{path}: valid, 2 warnings (demo 1.0)" in strict.stdout
    assert invoke("validate", "--strict", str(write_tree(CLEAN))).exit_code == 0


@pytest.mark.parametrize("net", ["~", "'~'", "TODO", "tbd", "...", "null", "'FIXME: write this'"])
def test_a_placeholder_safety_net_is_warned_about(net):
    text = CLEAN.replace('safety_net: "Call the emergency number."', f"safety_net: {net}")
    assert ("placeholder-safety-net", 24) in warnings(text)


def test_a_real_safety_net_is_not_a_placeholder():
    assert not [w for w in warnings(CLEAN) if w[0] == "placeholder-safety-net"]
