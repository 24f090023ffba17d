"""The interactive self-check in a real terminal: a pty (pexpect) read by pyte, an emulator.

Each test starts `python -m contactcheck` the way a person would, types keys,
and reads the screen as they would see it (see tests/terminal.py). Generous
timeouts, no timing assertions.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import time

import pexpect
import pytest

from contactcheck.interactive.prompts import display_choices
from contactcheck.tree.bundled import find_tree
from contactcheck.tree.load import load_tree
from contactcheck.tree.model import Tree
from tests.terminal import TIMEOUT, Terminal, squash

pytestmark = [pytest.mark.terminal,
              pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")]

ENTER, LEFT, ESC, CTRL_C, CTRL_D = "\r", "\x1b[D", "\x1b", "\x03", "\x04"


@functools.cache
def default_tree() -> Tree:
    """The bundled tree, loaded when a test first needs it (never at import time)."""
    path = find_tree("default")
    assert path is not None
    return load_tree(path)


def key_for(question_id: str, value: str) -> str:
    """The number a person types for `value`, as the question shows its choices."""
    shown = display_choices(default_tree(), default_tree().questions[question_id])
    index = [choice.value for choice in shown].index(value)
    assert index < 9
    return str(index + 1)


def label(question_id: str, value: str) -> str:
    question = default_tree().questions[question_id]
    choice = question.choice(value)
    assert choice is not None
    return choice.label


def answer(term: Terminal, question_id: str, value: str) -> None:
    """Wait for the question, type its number and Enter, and see the answer shown."""
    term.wait_for(default_tree().questions[question_id].text)
    term.send(key_for(question_id, value) + ENTER)
    term.wait_for_output("-> " + label(question_id, value))


PATHS = {
    "emergency": [("danger", "about_to_act")],
    "contact_now": [("danger", "none"), ("urgent", "none"), ("topic", "admin"),
                    ("admin_kind", "cancel")],
    "wait_for_session": [("danger", "none"), ("urgent", "none"), ("topic", "share"),
                         ("share_kind", "good_news"), ("msg_allowed", "no")],
    "raise_in_session": [("danger", "none"), ("urgent", "none"), ("topic", "connection"),
                         ("connection_kind", "more_contact")],
}
HEADLINES = {
    "emergency": "⚠ Emergency",
    "contact_now": "▲ Contact now",
    "wait_for_session": "■ Wait for the session",
    "raise_in_session": "● Raise it in session",
}


def walk_to_result(term: Terminal, decision: str) -> None:
    for question_id, value in PATHS[decision]:
        answer(term, question_id, value)
    if decision != "emergency":
        term.wait_for("Ready for the suggestion?")
        term.send("1" + ENTER)


def decline_agenda(term: Terminal) -> None:
    """After a wait/raise result the agenda is offered; Enter means no."""
    term.wait_for("Add this to your agenda for the next session? [y/N]")


@pytest.mark.parametrize("decision", list(PATHS))
def test_a_full_walk_reaches_each_decision(tmp_path, decision):
    term = Terminal("check", home=tmp_path)
    term.wait_for("your answers are not saved unless you choose")
    term.wait_for("call 999")
    walk_to_result(term, decision)
    assert term.decline_offers() == 0
    shown = term.shown()  # what was written, also what the result's clear wiped
    assert HEADLINES[decision] in shown
    assert "Emergency: 999" in shown.splitlines() or "  Emergency: 999" in shown.splitlines()
    assert ("Your answers:" in shown) is (decision != "emergency")
    assert "Traceback" not in shown
    assert shown.count("diagnosis") == 1  # said briefly, once


def test_the_questions_after_a_result_are_on_screen_with_stderr_redirected(tmp_path):
    # `contactcheck check 2>/dev/null`: `input()` writes its prompt to stderr on a terminal,
    # so each question after the result went there and the tool seemed to hang.
    log = tmp_path / "stderr.log"
    term = Terminal("check", home=tmp_path, stderr_to=log)
    walk_to_result(term, "wait_for_session")
    term.wait_for("Add this to your agenda for the next session? [y/N]")
    term.send(ENTER)
    term.wait_for("Save this as a note to bring? [y/N]")
    assert term.decline_offers() == 0
    assert "Nothing was saved." in term.shown()
    assert "[y/N]" not in log.read_text(encoding="utf-8")


def test_forget_asks_on_screen_with_stderr_redirected(tmp_path):
    # forget asks on stderr (its list can go to a file); with stderr in a file, on stdout.
    log = tmp_path / "stderr.log"
    term = Terminal("agenda", "add", "a note", home=tmp_path)
    assert term.finish() == 0
    term = Terminal("forget", home=tmp_path, stderr_to=log)
    term.wait_for("Delete all of this? [y/N]")
    term.send(ENTER)
    term.wait_for("Nothing was deleted.")
    assert term.finish() == 0
    assert "[y/N]" not in log.read_text(encoding="utf-8")


def test_no_command_starts_the_check_too(tmp_path):
    term = Terminal(home=tmp_path)
    walk_to_result(term, "emergency")
    assert term.decline_offers() == 0
    assert HEADLINES["emergency"] in term.transcript()


def test_the_questions_are_drawn_before_rich_is_loaded(tmp_path):
    """The questions are plain lines written straight to the terminal, so the first appears
    sooner (benchmarks/bench.py times it); rich is loaded for the result only."""
    hook = tmp_path / "hook"
    hook.mkdir()
    loaded = tmp_path / "loaded.txt"
    (hook / "sitecustomize.py").write_text(  # watches imports, changes nothing
        "import sys\n"
        "def _seen(event, args):\n"
        "    if event == 'import' and args[0].split('.')[0] == 'rich':\n"
        f"        with open({str(loaded)!r}, 'a') as file:\n"
        "            file.write(args[0] + '\\n')\n"
        "sys.addaudithook(_seen)\n", encoding="utf-8")
    term = Terminal("check", home=tmp_path, env={"PYTHONPATH": str(hook)})
    term.wait_for(default_tree().start_question.text)
    assert not loaded.exists()
    term.send(ENTER)  # the first choice: an emergency, and its result
    term.wait_for(HEADLINES["emergency"])
    assert "rich" in loaded.read_text(encoding="utf-8").split()


def test_a_terminal_that_never_reports_its_cursor_gets_no_warning(tmp_path):
    """prompt_toolkit asks where the cursor is; after 2 s without an answer it used to print
    "WARNING: your terminal doesn't support cursor position requests (CPR)." over the danger
    screen. The questions work the same without it."""
    term = Terminal("check", home=tmp_path, answers_cpr=False)
    term.wait_for(default_tree().start_question.text)
    term.idle(3)  # past prompt_toolkit's 2 s wait for the answer
    assert "CPR" not in term.shown() and "WARNING" not in term.shown()
    assert squash(default_tree().start_question.text) in squash(term.visible())
    term.send(ENTER)  # the first choice still works: the emergency result
    term.wait_for(HEADLINES["emergency"])


def test_the_emergency_choice_is_first_and_a_bare_enter_picks_it(tmp_path):
    term = Terminal("check", home=tmp_path)
    term.wait_for(default_tree().start_question.text)
    first = display_choices(default_tree(), default_tree().start_question)[0]
    assert default_tree().outcomes[first.next].emergency
    term.wait_for(f"» 1) {first.label}")
    term.send(ENTER)
    assert term.decline_offers() == 0
    shown = term.shown()
    assert HEADLINES["emergency"] in shown
    assert "Your answers:" not in shown  # no more questions, no review


def test_back_asks_the_previous_question_again(tmp_path):
    term = Terminal("check", home=tmp_path)
    answer(term, "danger", "none")
    term.wait_for(default_tree().questions["urgent"].text)
    term.wait_for("Back (change the previous answer)")
    term.send(LEFT)
    # Back over the danger screen asks it again, the pointer on the earlier answer.
    term.wait_for(f"» {key_for('danger', 'none')}) {label('danger', 'none')}")
    # The question left behind says it was answered with Back, not a dangling prompt.
    urgent = term.transcript().split(default_tree().questions["urgent"].text, 1)[1]
    assert urgent.split("\n")[1].strip() == "-> Back (change the previous answer)"
    for question_id, value in PATHS["wait_for_session"]:
        answer(term, question_id, value)
    term.wait_for("Ready for the suggestion?")
    term.send("1" + ENTER)
    decline_agenda(term)
    assert term.decline_offers() == 0
    assert HEADLINES["wait_for_session"] in term.transcript()


def test_answers_can_be_changed_in_the_review(tmp_path):
    term = Terminal("check", home=tmp_path)
    for question_id, value in PATHS["wait_for_session"]:
        answer(term, question_id, value)
    term.wait_for("Ready for the suggestion?")
    term.send("2" + ENTER)  # Change an answer
    term.wait_for("Which answer do you want to change?")
    term.send("3" + ENTER)  # the topic
    answer(term, "topic", "connection")
    answer(term, "connection_kind", "more_contact")
    term.wait_for("Ready for the suggestion?")
    term.send("1" + ENTER)
    decline_agenda(term)
    assert term.decline_offers() == 0
    assert HEADLINES["raise_in_session"] in term.transcript()


def test_help_is_one_key_away(tmp_path):
    term = Terminal("check", home=tmp_path)
    term.wait_for(default_tree().start_question.text)
    term.send("?")
    help_text = default_tree().start_question.help
    assert help_text
    term.wait_for("Help: " + help_text)
    term.wait_for("» 1) " + label("danger", "about_to_act"))  # asked again
    term.send(CTRL_C)
    assert term.finish() == 130


@pytest.mark.parametrize(("before", "keys"), [
    ([], CTRL_C),
    ([], ESC),
    ([], CTRL_D),
    ([("danger", "none")], CTRL_C),
    ([("danger", "none")], ESC),
    (PATHS["wait_for_session"], ESC),  # in the review
])
def test_stopping_says_nothing_was_saved_shows_the_crisis_line_and_exits_130(
        tmp_path, before, keys):
    term = Terminal("check", home=tmp_path)
    for question_id, value in before:
        answer(term, question_id, value)
    term.wait_for("»")
    time.sleep(0.2)  # not a timing assertion: let the prompt settle before the key
    term.send(keys)
    assert term.finish() == 130
    shown = term.transcript()
    assert "Stopped — nothing was saved." in shown
    assert "call 999" in shown
    assert "Error" not in shown
    assert "Traceback" not in shown
    assert "Cancelled by user" not in shown


# --- plain mode -----------------------------------------------------------------------------

_MOVES = re.compile(r"\x1b\[[0-9;?]*[A-Za-ln-z]")
"""Escape sequences other than colour/bold (`...m`): cursor moves, erasing, redraws."""


@pytest.mark.parametrize(("args", "env"), [
    (["--plain"], {}),
    ([], {"ACCESSIBLE": "1"}),
    ([], {"TERM": "dumb"}),
])
def test_plain_mode_is_numbered_lines_with_no_redraws(tmp_path, args, env):
    term = Terminal("check", *args, home=tmp_path, env=env)
    term.wait_for("1. " + label("danger", "about_to_act"))
    term.wait_for("> ")
    term.send("9\r")  # invalid: asked again
    term.wait_for("'9' is not one of the choices. Please type a number from 1 to 7.")
    term.send("\r")  # an empty line never picks
    term.wait_for("Please type a number from 1 to 7.")
    term.send("7\r")
    term.wait_for("1. " + label("urgent", "suicidal_thoughts"))
    term.send("7\r")
    term.wait_for("1. " + label("topic", "urges"))
    term.send("share\r")  # the value works as well as the number
    term.wait_for("1. " + label("share_kind", "good_news"))
    term.send("1\r")
    term.wait_for(default_tree().questions["msg_allowed"].text)
    term.send("no\r")
    term.wait_for("Ready for the suggestion?")
    term.send("1\r")
    decline_agenda(term)
    assert term.decline_offers() == 0
    assert "Suggestion: wait for the session" in term.transcript()
    assert _MOVES.findall(term.raw) == []
    assert "»" not in term.raw


@pytest.mark.parametrize("keys", [CTRL_D, CTRL_C, ESC + "\r", "q\r"])
def test_plain_mode_stops(tmp_path, keys):
    term = Terminal("check", "--plain", home=tmp_path)
    term.wait_for("> ")
    term.send(keys)
    assert term.finish() == 130
    shown = term.transcript()
    assert "Stopped — nothing was saved." in shown
    assert "call 999" in shown


# --- small and colourless terminals ---------------------------------------------------------


def test_a_40_by_12_terminal(tmp_path):
    term = Terminal("check", home=tmp_path, rows=12, cols=40)
    term.wait_for("» 1) I'm about to act")
    term.send("7")  # "None of these", below the edge: the list scrolls to it
    term.wait_for("» 7) None of these")
    term.send(ENTER)
    answer(term, "urgent", "none")
    answer(term, "topic", "connection")
    answer(term, "connection_kind", "more_contact")
    term.wait_for("Ready for the suggestion?")
    term.send("1" + ENTER)
    decline_agenda(term)
    assert term.decline_offers() == 0
    lines = term.transcript().splitlines()
    assert any(HEADLINES["raise_in_session"] in line for line in lines)
    # Every number on a line of its own, unbroken.
    assert "  Emergency: 999" in lines
    assert any(line.startswith("  Samaritans: Call 116 123") for line in lines)
    assert all(len(line) <= 40 for line in lines)


def test_a_40_by_12_terminal_emergency(tmp_path):
    term = Terminal("check", home=tmp_path, rows=12, cols=40)
    term.wait_for("» 1) I'm about to act")
    term.send(ENTER)
    assert term.decline_offers() == 0
    lines = term.transcript().splitlines()
    assert "  Emergency: 999" in lines
    assert any(line.startswith("  Samaritans: Call 116 123") for line in lines)


def _colours(raw: str) -> list[str]:
    """SGR colour parameters in `raw` (foreground/background, not bold or resets)."""
    found = []
    for params in re.findall(r"\x1b\[([0-9;]*)m", raw):
        codes = [int(p) for p in params.split(";") if p]
        found += [str(c) for c in codes
                  if 30 <= c <= 38 or 40 <= c <= 48 or 90 <= c <= 97 or 100 <= c <= 107]
    return found


@pytest.mark.parametrize(("args", "env"), [(["--no-color"], {}), ([], {"NO_COLOR": "1"})])
def test_no_color_everywhere(tmp_path, args, env):
    term = Terminal("check", *args, home=tmp_path, env=env)
    walk_to_result(term, "emergency")
    assert term.decline_offers() == 0
    assert HEADLINES["emergency"] in term.transcript()
    assert _colours(term.raw) == []


def test_colour_is_used_when_allowed(tmp_path):
    """The counterpart of test_no_color_everywhere: the check above can fail."""
    term = Terminal("check", home=tmp_path)
    walk_to_result(term, "emergency")
    assert term.decline_offers() == 0
    assert _colours(term.raw) != []


# --- no terminal ----------------------------------------------------------------------------


@pytest.mark.parametrize("stdin", ["", "\n", "1\n", "danger=none\n"])
def test_without_a_terminal_nothing_is_guessed_and_it_exits_2(tmp_path, stdin):
    env = {**os.environ, "CONTACTCHECK_CONFIG_HOME": str(tmp_path), "CONTACTCHECK_REGION": "GB"}
    done = subprocess.run([sys.executable, "-m", "contactcheck", "check"], input=stdin,
                          capture_output=True, text=True, env=env, timeout=TIMEOUT, check=False)
    assert done.returncode == 2
    assert done.stdout == ""
    for named in ("--answer", "--answers-file", "contactcheck questions"):
        assert named in done.stderr
    assert "call 999" in done.stderr
    assert "Traceback" not in done.stderr


def test_stdout_redirected_from_a_terminal_exits_2(tmp_path):
    out = tmp_path / "out.txt"
    command = f"{sys.executable} -m contactcheck check > {out}"
    term_env = {"CONTACTCHECK_CONFIG_HOME": str(tmp_path)}
    child = pexpect.spawn("/bin/sh", ["-c", command], encoding="utf-8", timeout=TIMEOUT,
                          env={**os.environ, **term_env, "CONTACTCHECK_REGION": "GB"})
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert "--answers-file" in (child.before or "")
    assert out.read_text() == ""  # no question went into the file


def test_answers_given_as_flags_are_used_and_only_the_rest_asked(tmp_path):
    term = Terminal("check", "--answer", "danger=none", "--answer", "urgent=none",
                    "--answer", "topic=share", home=tmp_path)
    answer(term, "share_kind", "good_news")
    answer(term, "msg_allowed", "no")
    term.wait_for("Ready for the suggestion?")
    term.send("1" + ENTER)
    decline_agenda(term)
    assert term.decline_offers() == 0
    shown = term.shown()
    # Given, so never asked: the answer appears once, in the review where it can still be changed.
    danger = default_tree().questions["danger"]
    [none] = [choice for choice in danger.choices if choice.value == "none"]
    assert "? " + danger.text not in shown
    assert shown.count(none.label) == 1
    assert shown.index("Your answers:") < shown.index(none.label)
    assert HEADLINES["wait_for_session"] in shown
