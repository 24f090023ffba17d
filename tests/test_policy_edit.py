"""`policy edit`: change one field of the saved profile; the rest of the file stays as written."""

from __future__ import annotations

import stat
import sys
import textwrap

import pytest

PROFILE = textwrap.dedent("""\
    # What Dr. Lee and I agreed
    therapist: "Dr. Lee"
    channels:
      - {name: "Clinic portal", kind: portal, secure: true, for: [scheduling, clinical]}
    # coaching, weekdays only
    dbt_coaching:
      number: "555 0101"
      hours: "9am-9pm"
    covering_colleague: no
    fees: "Billed after 10 minutes"
    """)


@pytest.fixture
def profile(private_dirs):
    folder = private_dirs["config"]
    folder.mkdir(parents=True, mode=0o700)
    path = folder / "policy.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.mark.parametrize(("args", "changed", "gone"), [
    (["--set", "therapist=Dr. Kim"], 'therapist: "Dr. Kim"', 'therapist: "Dr. Lee"'),
    (["--set", "dbt_coaching.number=555 0199"],
     'dbt_coaching: {number: "555 0199", hours: "9am-9pm"}', '"555 0101"'),
    (["--set", "dbt_coaching=no"], "dbt_coaching: no", '"555 0101"'),
    (["--set", "covering_colleague.name=Dr. Ade"], 'covering_colleague: {name: "Dr. Ade"}',
     "covering_colleague: no"),
    (["--unset", "fees"], "covering_colleague: no\n", "fees"),
    (["--set", "response_time=within 2 business days"],
     'response_time: "within 2 business days"', None),
])
def test_a_flag_changes_that_field_and_keeps_the_rest(run_cli, profile, args, changed, gone):
    done = run_cli("policy", "edit", *args)
    assert done.exit_code == 0, done.stderr
    text = profile.read_text(encoding="utf-8")
    assert changed in text
    if gone is not None:
        assert gone not in text
    for kept in ("# What Dr. Lee and I agreed", "# coaching, weekdays only",
                 '{name: "Clinic portal", kind: portal'):
        assert kept in text
    assert stat.S_IMODE(profile.stat().st_mode) == 0o600
    assert run_cli("policy", "show").exit_code == 0  # still a valid profile


@pytest.mark.parametrize(("args", "message"), [
    (["--set", "nonsense=1"], "therapist"),
    (["--set", "channels=x"], "policy init"),
    (["--set", "dbt_coaching=maybe"], "dbt_coaching.number"),
    (["--set", "dbt_coaching.colour=red"], "dbt_coaching.hours"),
    (["--set", "therapist"], "FIELD=VALUE"),
    (["--set", "timezone=Mars/Base"], "nothing was changed"),
    (["--set", "sessions.weekly=thu 15:00"], "time zone"),
])
def test_a_bad_change_changes_nothing(run_cli, profile, args, message):
    done = run_cli("policy", "edit", *args)
    assert done.exit_code == 2
    assert message in done.stderr
    assert profile.read_text(encoding="utf-8") == PROFILE


def test_without_a_terminal_or_flags_it_exits_2_naming_them(run_cli, profile):
    done = run_cli("policy", "edit", input="")
    assert done.exit_code == 2
    assert "--set FIELD=VALUE" in done.stderr and "--unset FIELD" in done.stderr
    assert profile.read_text(encoding="utf-8") == PROFILE


def test_without_a_profile_it_says_how_to_make_one(run_cli, private_dirs):
    done = run_cli("policy", "edit", "--set", "therapist=Dr. Kim")
    assert done.exit_code == 2
    assert "policy init" in done.stderr
    assert not private_dirs["config"].exists()


@pytest.mark.terminal
@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_at_a_terminal_it_asks_which_field_and_its_new_value(tmp_path):
    from tests.terminal import Terminal

    path = tmp_path / "policy.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    path.chmod(0o600)
    tmp_path.chmod(0o700)
    term = Terminal("policy", "edit", home=tmp_path, rows=30, cols=100)
    term.wait_for("Which one do you want to change?")
    assert "555 0101" in term.visible()  # the current values are shown
    shown = [line.strip() for line in term.visible().splitlines()]
    number = next(line.split(".")[0] for line in shown if line.split(". ", 1)[-1]
                  .startswith("dbt_coaching:"))
    term.send(f"{number}\r")
    term.wait_for("DBT phone coaching")
    term.send("yes\r")
    term.wait_for("Coaching number")
    term.send("555 0199\r")
    term.wait_for("Hours")
    term.send("\r")  # Enter keeps the hours
    term.wait_for("Notes")
    term.send("\r")  # and skips the notes
    assert term.finish() == 0
    text = path.read_text(encoding="utf-8")
    assert 'dbt_coaching: {number: "555 0199", hours: "9am-9pm"}' in text
    assert "# coaching, weekdays only" in text
