"""What happens after a result without a terminal: `--output`, `--discreet`, reserved values."""

from __future__ import annotations

import stat

import pytest

from tests.helpers import MINIMAL_TREE

WAIT = ("check", "--region", "GB", "--no-policy", "-a", "danger=none", "-a", "urgent=none",
        "-a", "topic=share", "-a", "share_kind=good_news", "-a", "msg_allowed=no")


def test_output_saves_the_markdown_note_privately(run_cli, tmp_path):
    note = tmp_path / "note.md"
    done = run_cli(*WAIT, "--output", str(note))
    assert done.exit_code == 0, done.output
    markdown = run_cli(*WAIT, "--format", "markdown").stdout
    assert note.read_text(encoding="utf-8").strip() == markdown.strip()  # the same content
    assert stat.S_IMODE(note.stat().st_mode) == 0o600
    assert str(note) in done.stderr
    assert "Wait for the session" in done.stdout  # the result is still shown


def test_output_never_replaces_a_file_without_a_terminal_to_ask(run_cli, tmp_path):
    note = tmp_path / "mine.md"
    note.write_text("my own words", encoding="utf-8")
    done = run_cli(*WAIT, "--output", str(note))
    assert done.exit_code == 2
    assert "already exists" in done.stderr and "--output" in done.stderr
    assert note.read_text(encoding="utf-8") == "my own words"
    assert "999" in done.stderr  # every error still shows the crisis line


@pytest.mark.parametrize("flag", [["--output", "x.md"], ["--save-to-agenda", "a note"]])
def test_discreet_refuses_anything_that_saves(run_cli, tmp_path, monkeypatch, flag):
    monkeypatch.chdir(tmp_path)
    done = run_cli(*WAIT, "--discreet", *flag)
    assert done.exit_code == 2
    assert "--discreet" in done.stderr
    assert not (tmp_path / "x.md").exists()
    assert not (tmp_path / "user" / "data").exists()


@pytest.mark.parametrize("value", ["b", "q", "back", "quit", "stop", "help"])
def test_a_choice_value_that_is_a_plain_mode_key_is_refused(run_cli, write_tree, value):
    path = write_tree(MINIMAL_TREE.replace("value: none,", f"value: {value},"))
    done = run_cli("validate", str(path))
    assert done.exit_code == 3
    assert f"'{value}'" in done.stderr
    assert "plain prompts" in done.stderr
