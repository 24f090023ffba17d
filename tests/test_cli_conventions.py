"""What people expect of a command line: options where they type them, a suggestion for a
mistyped command, tab completion, and never a prompt without a terminal."""

from __future__ import annotations

import json

import pytest

EMERGENCY = ["-a", "danger=suicidal_now"]


@pytest.mark.parametrize("args", [
    ["--no-color", "check", "--region", "US", *EMERGENCY],
    ["--region", "US", "check", *EMERGENCY],
    ["--region=US", "--plain", "check", *EMERGENCY],
    ["--format", "json", "-a", "danger=suicidal_now", "check", "--region", "US"],
])
def test_options_before_check_are_the_check_s(run_cli, args):
    done = run_cli(*args)
    assert done.exit_code == 0, done.stderr
    assert "911" in done.stdout


@pytest.mark.parametrize(("args", "where"), [
    (["--region", "GB", "resources"], "contactcheck resources --region GB"),
    (["--format", "json", "agenda", "list"], "contactcheck agenda list --format json"),
    (["--plain", "agenda", "list"], "contactcheck check --plain"),
    (["--yes", "forget"], "contactcheck forget --yes"),
])
def test_options_before_another_command_say_where_they_go(run_cli, private_dirs, args, where):
    done = run_cli(*args)
    assert done.exit_code == 2
    assert where in done.stderr
    assert not private_dirs["data"].exists()  # nothing was run


@pytest.mark.parametrize(("args", "meant"), [
    (["chek"], "check"),
    (["--plain", "chek"], "check"),
    (["resource"], "resources"),
    (["agenda", "lst"], "list"),
    (["agenda", "remov", "1"], "remove"),
    (["policy", "shwo"], "show"),
    (["region", "sett", "GB"], "set"),
    (["safety-plan", "shw"], "show"),
    (["session", "nxt"], "next"),
])
def test_a_mistyped_command_suggests_the_right_one(run_cli, args, meant):
    done = run_cli(*args)
    assert done.exit_code == 2
    assert f"did you mean '{meant}'?" in done.stderr
    assert "Traceback" not in done.output


def test_a_command_nothing_like_any_lists_the_commands(run_cli):
    done = run_cli("agenda", "zzz")
    assert done.exit_code == 2
    assert "add" in done.stderr and "remove" in done.stderr


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_the_script_for_each_shell(run_cli, shell):
    done = run_cli("completion", shell)
    assert done.exit_code == 0, done.stderr
    assert "_CONTACTCHECK_COMPLETE" in done.stdout
    assert f"{shell}_complete" in done.stdout


def test_completion_refuses_an_unknown_shell(run_cli):
    assert run_cli("completion", "tcsh").exit_code == 2


@pytest.mark.parametrize(("words", "expected"), [
    ("contactcheck ag", "agenda"),
    ("contactcheck agenda re", "remove"),
    ("contactcheck check --reg", "--region"),
    ("contactcheck check --region G", "GB"),
])
def test_the_completion_script_s_requests_are_answered(run_cli, words, expected):
    env = {"_CONTACTCHECK_COMPLETE": "bash_complete", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - 1)}
    done = run_cli(env=env)
    assert done.exit_code == 0, done.stderr
    assert expected in [line.split(",", 1)[-1] for line in done.stdout.splitlines()]


# --- agenda remove ----------------------------------------------------------------------------


def agenda_texts(run_cli) -> list[tuple[int, str]]:
    listed = run_cli("agenda", "list", "--format", "json")
    return [(item["id"], item["text"]) for item in json.loads(listed.stdout)]


def test_agenda_remove_deletes_exactly_that_item(run_cli):
    for text in ("one", "two", "three"):
        assert run_cli("agenda", "add", text).exit_code == 0
    done = run_cli("agenda", "remove", "2")
    assert done.exit_code == 0, done.stderr
    assert "two" in done.stdout
    assert agenda_texts(run_cli) == [(1, "one"), (3, "three")]
    # A number keeps meaning its item: a new item never takes the removed one's number.
    run_cli("agenda", "add", "four")
    assert agenda_texts(run_cli) == [(1, "one"), (3, "three"), (4, "four")]


@pytest.mark.parametrize("args", [["2"], ["1", "9"], ["0"], ["x"], []])
def test_agenda_remove_with_a_bad_number_changes_nothing(run_cli, args):
    assert run_cli("agenda", "add", "one").exit_code == 0
    done = run_cli("agenda", "remove", *args)
    assert done.exit_code == 2
    assert agenda_texts(run_cli) == [(1, "one")]
    assert "Traceback" not in done.output


def test_agenda_remove_on_an_empty_agenda_says_so(run_cli, private_dirs):
    done = run_cli("agenda", "remove", "1")
    assert done.exit_code == 2
    assert "empty" in done.stderr
    assert not private_dirs["data"].exists()


# --- every prompt, without a terminal ---------------------------------------------------------

PRACTICE = 'practice: "Harbour Street Therapy"\nupdated: "2026-11-20"\nregion: GB\n'


@pytest.mark.parametrize(("args", "flags"), [
    (["check"], ["--answer", "--answers-file"]),
    ([], ["--answer", "--answers-file"]),
    (["--plain"], ["--answer", "--answers-file"]),
    (["check", "--output", "{existing}", *EMERGENCY], ["--output"]),
    (["agenda", "add"], ["-"]),
    (["agenda", "clear"], ["--yes"]),
    (["forget"], ["--yes"]),
    (["policy", "init"], ["--policy FILE"]),
    (["policy", "edit"], ["--set FIELD=VALUE", "--unset FIELD"]),
    (["setup", "{practice}"], ["--yes"]),
    (["safety-plan", "edit"], ["safety-plan add"]),
])
def test_every_prompt_without_a_terminal_exits_2_naming_the_flags(run_cli, tmp_path, private_dirs,
                                                                 args, flags):
    """The whole audit: each command that can ask something, run with no terminal."""
    assert run_cli("agenda", "add", "something").exit_code == 0  # so clear and forget ask
    profile = "therapist: \"Dr. Lee\"\n"
    config = private_dirs["config"]
    config.mkdir(parents=True, mode=0o700)
    (config / "policy.yaml").write_text(profile, encoding="utf-8")
    (config / "policy.yaml").chmod(0o600)
    (tmp_path / "existing.md").write_text("mine\n", encoding="utf-8")
    (tmp_path / "practice.yaml").write_text(PRACTICE, encoding="utf-8")
    args = [arg.format(existing=tmp_path / "existing.md", practice=tmp_path / "practice.yaml")
            for arg in args]
    done = run_cli(*args, input="")
    assert done.exit_code == 2, done.output
    for flag in flags:
        assert flag in done.stderr
    assert "Traceback" not in done.output
    assert (tmp_path / "existing.md").read_text(encoding="utf-8") == "mine\n"
    assert agenda_texts(run_cli) == [(1, "something")]
    assert (config / "policy.yaml").read_text(encoding="utf-8") == profile
