"""What reaches the terminal is safe: no string from a file or a file name drives it.

Escape sequences, C1 controls, bidi overrides and marks, line and paragraph
separators, zero-width and byte-order marks, tag characters: each reaches a
terminal from somewhere (an agenda edited by hand, a folder's name, a tree's
text, a profile), and each is shown harmlessly. JSON escapes every C0 and C1
control, so a `jq -r` or a log viewer does not pass them on either.
"""

from __future__ import annotations

import contextlib
import io
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contactcheck.output import jsondoc
from contactcheck.textsafe import is_unsafe
from tests.processes import assert_no_traceback, person_env, run

HIDDEN = ("\x1b[31m", "\x9b2J", "\x07", "\u202e", "\u200f", "\u2028", "\u2029", "\ufeff",
          "\u200b", "\U000e0041", "\x85")
"""Characters that must never reach a terminal as they are."""
HIDDEN_TEXT = "x" + "y".join(HIDDEN) + "z"


def assert_harmless(text: str) -> None:
    for hidden in HIDDEN:
        assert hidden[0] not in text, (hidden, text)


def _agenda_with(tmp_path: Path, **fields: str) -> dict[str, str]:
    env = person_env(tmp_path)
    assert run(["agenda", "add", "a note"], env).code == 0
    path = tmp_path / "data" / "agenda.json"
    document = json.loads(path.read_text())
    document["items"][0].update(fields)
    path.write_text(json.dumps(document))
    return env


@pytest.mark.parametrize("output_format", ["text", "json", "markdown"])
def test_an_agenda_edited_by_hand_is_shown_harmlessly(tmp_path: Path,
                                                     output_format: str) -> None:
    env = _agenda_with(tmp_path, added=HIDDEN_TEXT)
    done = run(["agenda", "list", "--format", output_format], env)
    assert_no_traceback(done)
    assert_harmless(done.output)
    if output_format == "json" and done.code == 0:
        assert json.loads(done.stdout)[0]["added"] == HIDDEN_TEXT  # escaped, not lost


def test_a_folder_name_is_shown_harmlessly_by_where_and_forget(tmp_path: Path) -> None:
    env = person_env(tmp_path)
    env["CONTACTCHECK_HOME"] = str(tmp_path / f"data{HIDDEN_TEXT}")
    assert run(["agenda", "add", "a note"], env).code == 0
    (Path(env["CONTACTCHECK_HOME"]) / f"mine{HIDDEN_TEXT}.txt").write_text("mine")
    (Path(env["CONTACTCHECK_HOME"]) / f".agenda.json.{12}.tmp").write_text("crash")
    for args in (["where"], ["forget"], ["forget", "--yes"]):
        done = run(args, env, input=b"n\n")
        assert_no_traceback(done)
        assert_harmless(done.output)
    done = run(["where", "--format", "json"], env)
    assert_harmless(done.stdout)


def test_json_escapes_every_c0_and_c1_control(tmp_path: Path) -> None:
    env = _agenda_with(tmp_path, added="a\x1b[2Jb\x9bc\x85d\u2028e")
    done = run(["agenda", "list", "--format", "json"], env)
    assert done.code == 0, done.output
    for raw in ("\x1b", "\x9b", "\x85", "\u2028"):
        assert raw not in done.stdout
    assert "\\u001b" in done.stdout and "\\u009b" in done.stdout


_ANY_TEXT = st.text(st.characters(codec=None))  # every code point, lone surrogates too
_SCALARS = st.none() | st.booleans() | st.integers(-2**63, 2**63 - 1) | _ANY_TEXT
_KEYS = _ANY_TEXT | st.integers(-2**63, 2**63 - 1) | st.booleans() | st.none()


def _nested(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4)


_DOCUMENTS = st.recursive(_SCALARS, _nested, max_leaves=20)


def _printed(value: Any, encoding: str, indent: int | None) -> str:
    """`jsondoc.dumps(value)` as if stdout were a terminal in `encoding`."""
    stdout = io.TextIOWrapper(io.BytesIO(), encoding=encoding)
    with contextlib.redirect_stdout(stdout):
        return jsondoc.dumps(value, indent=indent)


@given(_DOCUMENTS, st.sampled_from(["utf-8", "ascii", "latin-1"]), st.sampled_from([2, None]))
def test_json_reads_back_as_the_same_data_with_nothing_unsafe_in_it(
        value: Any, encoding: str, indent: int | None) -> None:
    text = _printed(value, encoding, indent)
    assert json.loads(text) == json.loads(json.dumps(value))  # keys as JSON has them: text
    assert not any(is_unsafe(char) for char in text.replace("\n", "")), text  # lines: layout
    if encoding != "utf-8":  # a terminal that cannot show every character gets only ASCII
        assert text.isascii()


@given(_DOCUMENTS, st.sampled_from([2, None]))
def test_json_is_laid_out_as_the_json_module_lays_it_out(value: Any,
                                                         indent: int | None) -> None:
    # Scripts that diff or grep our output see the layout they always saw.
    expected = jsondoc.escape(json.dumps(value, ensure_ascii=False, indent=indent))
    assert _printed(value, "utf-8", indent) == expected


INVISIBLE_TREE = """\
id: demo
title: "Demo{hidden}"
version: "1.0"
start: danger
questions:
  danger:
    text: "Is anyone in danger{hidden} right now?"
    help: "Help{hidden} text"
    choices:
      - {{value: danger, label: "Yes{hidden}", next: emergency}}
      - {{value: none, label: "No", next: calm}}
outcomes:
  emergency:
    decision: contact_now
    emergency: true
    title: "Get help{hidden} now"
    why: ["Emergencies go to emergency services."]
    do: ["Call the emergency number below."]
    safety_net: "Call the emergency number."
  calm:
    decision: raise_in_session
    title: "Raise it{hidden} in session"
    why: ["It belongs in the session{hidden}."]
    do: ["Bring it up."]
    safety_net: "If it gets worse, call the crisis line."
"""

INVISIBLE = {"U+200F": "\u200f", "U+2028": "\\u2028", "U+FEFF": "\\ufeff", "U+200B": "\u200b",
             "tag": "\U000e0041", "U+2066": "\u2066"}


@pytest.mark.parametrize("name", INVISIBLE)
@pytest.mark.parametrize("args", [
    ["questions"],
    ["questions", "--format", "json"],
    ["check", "-a", "danger=none", "--explain"],
    ["check", "-a", "danger=none", "--format", "markdown"],
    ["check", "-a", "danger=none", "--format", "json"],
    ["paths"],
    ["graph"],
    ["lint"],
    ["validate"],
])
def test_invisible_characters_in_a_tree_never_reach_the_terminal(
        tmp_path: Path, name: str, args: list[str]) -> None:
    tree = tmp_path / "tree.yaml"
    tree.write_text(INVISIBLE_TREE.format(hidden=INVISIBLE[name]), encoding="utf-8")
    command = [*args[:1], str(tree), *args[1:]] if args[0] in ("lint", "validate") \
        else [*args[:1], "--tree", str(tree), *args[1:]]
    done = run(command, person_env(tmp_path))
    assert_no_traceback(done)
    assert_harmless(done.output)


def test_a_policy_profile_is_shown_harmlessly(tmp_path: Path) -> None:
    env = person_env(tmp_path)
    (tmp_path / "config").mkdir(mode=0o700)
    profile = tmp_path / "config" / "policy.yaml"
    profile.write_text(textwrap.dedent(f"""\
        therapist: "Dr{HIDDEN_TEXT.replace(chr(0x1b), "").replace(chr(0x07), "")}"
        """), encoding="utf-8")
    profile.chmod(0o600)
    for args in (["policy", "show"], ["policy", "show", "--format", "json"]):
        done = run(args, env)
        assert_no_traceback(done)
        assert_harmless(done.output)


def test_scenario_names_and_coverage_lines_are_shown_harmlessly(tmp_path: Path) -> None:
    folder = tmp_path / f"scen{HIDDEN_TEXT}"
    folder.mkdir()
    scenario = folder / f"s{HIDDEN_TEXT}.yaml"
    scenario.write_text(textwrap.dedent("""\
        tree: default
        scenarios:
          - name: "a name\u200f\u2028with hidden marks"
            answers: {}
            expect: {decision: contact_now}
        """), encoding="utf-8")
    done = run(["test", str(scenario)], person_env(tmp_path))
    assert_no_traceback(done)
    assert_harmless(done.output)
