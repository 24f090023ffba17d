"""The interactive self-check, in a real terminal: the plan in emergencies, the agenda offer."""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pexpect
import pytest

from contactcheck.personal import agenda
from contactcheck.personal.storage import Store
from tests.helpers import MINIMAL_TREE

CONTACTCHECK = str(Path(sys.executable).with_name("contactcheck"))


@pytest.fixture
def session(write_tree):
    """Start `contactcheck check --plain` on the minimal tree in a pty."""
    tree = str(write_tree(MINIMAL_TREE))
    children: list[pexpect.spawn] = []

    def start() -> pexpect.spawn:
        child = pexpect.spawn(CONTACTCHECK, ["check", "--tree", tree, "--plain", "--region",
                                             "US", "--no-policy"],
                              env=dict(os.environ), encoding="utf-8", timeout=30,
                              dimensions=(50, 120))
        child.logfile_read = io.StringIO()
        children.append(child)
        return child

    yield start
    for child in children:
        child.close(force=True)


NOTE_OFFER = "Save this as a note to bring? [y/N]"


def finish(child: pexpect.spawn) -> tuple[int, str]:
    """Decline the offer to save a note (Enter = no) if it comes, and wait for the end."""
    if child.expect([pexpect.EOF, re.escape(NOTE_OFFER)]) == 1:
        child.sendline("")
        child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.logfile_read.getvalue().replace("\r\n", "\n")


def test_an_interactive_emergency_shows_the_plan_after_the_numbers(run_cli, session):
    assert run_cli("safety-plan", "add", "people", "Ana: 555 0123").exit_code == 0
    child = session()
    child.expect_exact("> ")
    child.sendline("1")  # "Yes, someone is in danger"
    code, output = finish(child)
    assert code == 0
    result = output[output.index("Get help now"):]
    assert result.index("911") < result.index("step 4: People I can ask for help") \
        < result.index("Ana: 555 0123") < result.index("Why")
    assert "Add this to your agenda" not in output


@pytest.mark.parametrize(("answers", "saved"), [
    (["y", "The letter from work"], ["The letter from work"]),
    ([""], []),  # Enter: no
    (["n"], []),
])
def test_after_a_raise_result_the_agenda_is_offered(session, private_dirs, answers, saved):
    child = session()
    for number in ("2", "2", "1"):  # no danger; no messages; show the suggestion
        child.expect_exact("> ")
        child.sendline(number)
    child.expect_exact("Add this to your agenda for the next session? [y/N]")
    child.sendline(answers[0])
    if len(answers) > 1:
        child.expect_exact("in your own words (Enter to use the result's title): ")
        child.sendline(answers[1])
    code, output = finish(child)
    assert code == 0
    assert "::" not in output
    assert "Raise it in session" in output
    if saved:
        assert [item.text for item in agenda.load(Store()).items] == saved
        assert "Added to your agenda as number 1" in output
    else:
        assert not private_dirs["data"].exists()
        assert "Not added to your agenda." in output
        assert output.rstrip().endswith("Nothing was saved.")


def _to_the_note_name(child) -> None:
    """Walk to a raise-in-session result, decline the agenda, accept the note, to its name."""
    for number in ("2", "2", "1"):
        child.expect_exact("> ")
        child.sendline(number)
    child.expect_exact("Add this to your agenda for the next session? [y/N]")
    child.sendline("")
    child.expect_exact(NOTE_OFFER)
    child.sendline("y")
    child.expect_exact("Save it as")


def test_the_result_can_be_saved_as_a_note_to_bring(session, tmp_path):
    note = tmp_path / "for my session.md"
    child = session()
    _to_the_note_name(child)
    child.sendline(str(note))
    code, output = finish(child)
    assert code == 0
    assert "Raise it in session" in note.read_text(encoding="utf-8")
    assert note.read_text(encoding="utf-8").startswith("# ")
    assert note.stat().st_mode & 0o777 == 0o600
    assert "Nothing was saved." not in output
    assert "Saved the note as" in output


def test_an_existing_note_is_replaced_only_when_asked(session, tmp_path):
    note = tmp_path / "mine.md"
    note.write_text("my own words", encoding="utf-8")
    child = session()
    _to_the_note_name(child)
    child.sendline(str(note))
    child.expect_exact("already exists. Replace it? [y/N]")
    child.sendline("")  # Enter: no
    code, output = finish(child)
    assert code == 0
    assert note.read_text(encoding="utf-8") == "my own words"
    assert output.rstrip().endswith("Nothing was saved.")


@pytest.mark.parametrize(("at_note", "key"), [
    (False, "\x03"), (False, "\x04"), (True, "\x03"), (True, "\x04")])
def test_stopping_at_the_agenda_offer_is_a_stop_like_any_other(session, private_dirs,
                                                                at_note, key):
    # Ctrl-C or Ctrl-D at the offer (or at the note): exit 130, nothing saved, the crisis line.
    child = session()
    for number in ("2", "2", "1"):
        child.expect_exact("> ")
        child.sendline(number)
    child.expect_exact("Add this to your agenda for the next session? [y/N]")
    if at_note:
        child.sendline("y")
        child.expect_exact("in your own words")
    child.send(key)
    code, output = finish(child)
    assert code == 130
    assert "Raise it in session" in output
    assert "Stopped — nothing was saved." in output
    assert "988" in output[output.index("Stopped"):]
    assert not private_dirs["data"].exists()


@pytest.mark.parametrize(("name", "replace", "code", "said"), [
    ("~no-such-user-contactcheck/note.md", None, 0, "No note was saved"),
    ("a\x1b[31mb.md", None, 0, "No note was saved: a file name cannot hold U+001B"),
    ("\x1b", None, 130, "Stopped — nothing was saved."),
    ("LINK-TO-DEV-NULL", "y", 0, "No note was saved"),
], ids=["unknown-user", "escape-in-name", "esc", "link-to-a-device"])
def test_a_note_name_that_cannot_be_used_saves_nothing_and_says_why(
        session, tmp_path, name, replace, code, said):
    # `~user` of nobody raised RuntimeError (a traceback); Esc then Enter saved a file named
    # ESC in the working folder; a link to /dev/null was replaced.
    link = tmp_path / "null.md"
    link.symlink_to("/dev/null")
    before = sorted(Path.cwd().iterdir())
    child = session()
    _to_the_note_name(child)
    child.sendline(str(link) if name == "LINK-TO-DEV-NULL" else name)
    if replace:
        child.expect_exact("already exists. Replace it? [y/N]")
        child.sendline(replace)
    exit_code, output = finish(child)
    assert exit_code == code, output
    assert said in output, output
    assert "Traceback" not in output
    assert str(link.readlink()) == "/dev/null"
    assert sorted(Path.cwd().iterdir()) == before
