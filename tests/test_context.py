"""Hours and the clock in a check: what is open now, and when a reply is likely."""

from __future__ import annotations

import json
import stat

import pytest

from tests.helpers import check_json

HOURS_POLICY = """\
therapist: "Sam Rivera"
timezone: Europe/London
response_time: "within 2 business days"
office:
  number: "0117 496 0000"
  hours: {mon-fri: "09:00-17:00"}
dbt_coaching:
  number: "07700 900123"
  hours: {mon-fri: "09:00-21:00", sat: "10:00-14:00"}
after_hours:
  name: "On-call line"
  number: "0117 496 0999"
  hours: "24/7"
"""

URGES = ("-a", "danger=none", "-a", "topic=urges")
QUESTION = ("-a", "danger=none", "-a", "topic=question")
FEELINGS = ("-a", "danger=none", "-a", "topic=feelings")


# -- 2. Hours and the clock -------------------------------------------------------------------


@pytest.mark.parametrize(("now", "outcome", "coaching_open"), [
    ("2026-12-04T10:00", "coaching_call", True),   # a Friday morning
    ("2026-12-04T23:40", "after_hours_call", False),  # Friday night
    ("2026-12-05T12:00", "coaching_call", True),   # Saturday, inside 10:00-14:00
    ("2026-12-05T15:00", "after_hours_call", False),
    ("2026-12-06T12:00", "after_hours_call", False),  # Sunday: no coaching hours
    ("2026-12-04T23:40+00:00", "after_hours_call", False),
    ("2026-12-04T10:00Z", "coaching_call", True),
])
def test_coaching_hours_decide_whether_coaching_is_offered(run_cli, coaching, profile, now, outcome,
                                                          coaching_open):
    data = check_json(run_cli, coaching, "--policy", profile(HOURS_POLICY), *URGES, "--now", now)
    assert data["outcome"]["id"] == outcome
    assert data["now"].startswith(now[:16])
    assert data["clock"]["coaching"] is coaching_open
    step = next(s for s in data["trail"] if s["question"] == "coaching")
    assert step["from_clock"] is (not coaching_open)


def test_outside_coaching_hours_the_result_says_why(run_cli, coaching, profile):
    result = run_cli("check", "--tree", coaching, "--region", "GB",
                     "--policy", profile(HOURS_POLICY), *URGES,
                     "--now", "2026-12-04T23:40")
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "Call the after-hours line" in out
    assert "9am-9pm" in out
    assert "11:40pm" in out
    assert "0117 496 0999" in out  # the number the result points at is on screen
    inside = run_cli("check", "--tree", coaching, "--region", "GB",
                     "--policy", profile(HOURS_POLICY), *URGES,
                     "--now", "2026-12-04T10:00")
    assert "Call for coaching" in inside.stdout
    assert "11:40pm" not in inside.stdout


def test_outside_every_line_the_crisis_line_is_next(run_cli, coaching, profile):
    text = HOURS_POLICY.replace('hours: "24/7"', 'hours: {mon-fri: "17:00-22:00"}')
    data = check_json(run_cli, coaching, "--policy", profile(text), *URGES, "--now",
                      "2026-12-04T23:40")
    assert data["outcome"]["id"] == "crisis_support"
    assert data["clock"]["after_hours"] is False
    assert any(entry["kind"] == "crisis" for entry in data["resources"]["lines"])


def test_the_clock_never_adds_an_option(run_cli, coaching, profile):
    text = HOURS_POLICY.replace('dbt_coaching:\n  number: "07700 900123"\n  hours: '
                                '{mon-fri: "09:00-21:00", sat: "10:00-14:00"}\n',
                                "dbt_coaching: no\n")
    assert "dbt_coaching: no" in text
    data = check_json(run_cli, coaching, "--policy", profile(text), *URGES, "--now",
                      "2026-12-04T10:00")
    assert data["outcome"]["id"] == "after_hours_call"


def test_free_text_hours_mean_not_known(run_cli, coaching, profile):
    text = 'dbt_coaching: {number: "07700 900123", hours: "most evenings"}\nafter_hours: no\n'
    data = check_json(run_cli, coaching, "--policy", profile(text), *URGES, "--now",
                      "2026-12-04T23:40")
    assert data["outcome"]["id"] == "coaching_call"  # not known, so nothing is taken away
    assert data["clock"]["coaching"] is None


def test_the_danger_screen_is_never_answered_by_the_clock(run_cli, coaching, profile):
    data = check_json(run_cli, coaching, "--policy", profile(HOURS_POLICY), "-a",
                      "danger=danger", "--now", "2026-12-04T23:40")
    assert data["outcome"]["emergency"] is True


@pytest.mark.parametrize("now", ["tomorrow", "2026-12-04", "2026-13-04T10:00", "23:40",
                                 "2026-12-04T25:00", "", "9999-12-31T23:59",
                                 "9999-12-31T23:59-12:00", "0001-01-01T00:00+14:00"])
def test_a_bad_now_is_a_usage_error_naming_the_format(run_cli, coaching, now):
    result = run_cli("check", "--tree", coaching, "--region", "GB", "--no-policy", *QUESTION,
                     "--now", now)
    assert result.exit_code == 2
    assert "2026-12-04T23:40" in result.stderr  # an example of the format
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("now", "expected"), [
    ("2026-12-04T19:30", ["Friday evening", "2 business days", "Monday or Tuesday"]),
    ("2026-12-07T10:00", ["Monday morning", "between today and Wednesday"]),
])
def test_a_reply_time_says_when_a_reply_is_likely(run_cli, coaching, profile, now, expected):
    result = run_cli("check", "--tree", coaching, "--region", "GB",
                     "--policy", profile(HOURS_POLICY),
                     *QUESTION, "--now", now)
    out = " ".join(result.stdout.split())
    for words in expected:
        assert words in out


def test_no_reply_time_is_worked_out_from_free_text(run_cli, coaching, profile):
    text = HOURS_POLICY.replace("within 2 business days", "usually quickly")
    out = run_cli("check", "--tree", coaching, "--region", "GB", "--policy", profile(text),
                  *QUESTION, "--now", "2026-12-04T19:30").stdout
    assert "usually quickly" in out
    assert "likely" not in out


def test_no_reply_time_while_the_therapist_is_away(run_cli, coaching, profile):
    text = HOURS_POLICY + 'away: {from: "2026-12-01", until: "2026-12-20"}\n'
    out = " ".join(run_cli("check", "--tree", coaching, "--region", "GB", "--policy", profile(text),
                           *QUESTION, "--now", "2026-12-04T19:30").stdout.split())
    assert "likely Monday" not in out
    assert "away" in out


@pytest.mark.parametrize(("line", "message"), [
    ('  hours: {mon-fri: "9-5"}', "09:00-17:00"),
    ('  hours: {funday: "09:00-17:00"}', "funday"),
    ('  hours: {mon: "09:00-17:00", mon-fri: "10:00-12:00"}', "twice"),
    ('  hours: {mon: "17:00-17:00"}', "same time"),
])
def test_bad_hours_are_refused_with_their_line(run_cli, coaching, profile, line, message):
    text = f'timezone: Europe/London\ndbt_coaching:\n  number: "1"\n{line}\n'
    path = profile(text)
    result = run_cli("check", "--tree", coaching, "--region", "GB", "--policy", path, *URGES)
    assert result.exit_code == 3
    assert f"{path}:4:" in result.stderr
    assert message in result.stderr


def test_structured_hours_need_a_time_zone(run_cli, coaching, profile):
    path = profile('dbt_coaching:\n  number: "1"\n  hours: {mon: "09:00-17:00"}\n')
    result = run_cli("check", "--tree", coaching, "--region", "GB", "--policy", path, *URGES)
    assert result.exit_code == 3
    assert "timezone" in result.stderr


def test_an_unknown_time_zone_is_refused(run_cli, coaching, profile):
    path = profile("timezone: Mars/Olympus\n")
    result = run_cli("check", "--tree", coaching, "--region", "GB", "--policy", path, *URGES)
    assert result.exit_code == 3
    assert f"{path}:1:" in result.stderr


@pytest.mark.parametrize(("hours", "words"), [
    ({"mon-fri": "09:00-21:00", "sat": "10:00-14:00"}, "Mon-Fri 9am-9pm, Sat 10am-2pm"),
    ({"daily": "09:30-17:00"}, "9:30am-5pm"),
    ({"mon,wed": "09:00-12:00, 13:00-17:00"}, "Mon 9am-12pm, 1pm-5pm, Wed 9am-12pm, 1pm-5pm"),
    ({"fri": "22:00-02:00"}, "Fri 10pm-2am"),
])
def test_hours_in_words(run_cli, tmp_path, hours, words):
    lines = "".join(f'    {day}: "{value}"\n' for day, value in hours.items())
    path = tmp_path / "p.yaml"
    path.write_text(f'timezone: Europe/London\ndbt_coaching:\n  number: "1"\n  hours:\n{lines}')
    result = run_cli("policy", "show", "--policy", str(path))
    assert result.exit_code == 0, result.output
    assert words in result.stdout


@pytest.mark.parametrize(("now", "outcome"), [
    ("2026-12-04T23:59", "coaching_call"),   # Friday 22:00-02:00
    ("2026-12-05T01:59", "coaching_call"),   # past midnight, into Saturday
    ("2026-12-05T02:00", "after_hours_call"),
    ("2026-12-04T21:59", "after_hours_call"),
])
def test_hours_past_midnight(run_cli, coaching, profile, now, outcome):
    text = HOURS_POLICY.replace('{mon-fri: "09:00-21:00", sat: "10:00-14:00"}',
                                '{fri: "22:00-02:00"}')
    assert check_json(run_cli, coaching, "--policy", profile(text), *URGES, "--now",
                      now)["outcome"]["id"] == outcome
# -- 3. The next session ----------------------------------------------------------------------


def test_session_next_is_stored_privately_and_shown(run_cli, private_dirs):
    assert run_cli("session", "show").exit_code == 0
    assert not private_dirs["data"].exists()  # showing stores nothing
    result = run_cli("session", "next", "2026-12-10 15:00")
    assert result.exit_code == 0, result.output
    files = [p for p in private_dirs["data"].iterdir() if p.name.startswith("session")]
    assert len(files) == 1
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    shown = run_cli("session", "show", "--now", "2026-12-07T10:00")
    assert "Thursday" in shown.stdout
    assert "in 3 days" in shown.stdout


@pytest.mark.parametrize("value", ["next thursday", "2026-12-10", "2026-02-30 15:00", "",
                                   "9999-12-31 23:59-12:00", "0001-01-01 00:00+14:00"])
def test_a_bad_session_date_is_refused_and_nothing_stored(run_cli, private_dirs, value):
    result = run_cli("session", "next", value)
    assert result.exit_code == 2
    assert "2026-12-04 15:00" in result.stderr
    assert not private_dirs["data"].exists()


@pytest.mark.parametrize("stored", ["9999-12-31T23:59-12:00", "0001-01-01T00:00+14:00"])
def test_a_stored_session_at_the_end_of_time_never_stops_an_emergency(run_cli, private_dirs,
                                                                       stored):
    # Python's dates end at year 9999: this stored date stopped every check, an emergency
    # too, with an OverflowError and no number shown.
    private_dirs["data"].mkdir(mode=0o700, parents=True)
    (private_dirs["data"] / "session.json").write_text(json.dumps({"next": stored}))
    (private_dirs["data"] / "session.json").chmod(0o600)
    result = run_cli("check", "--region", "US", "--no-policy", "-a", "danger=about_to_act")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "911" in result.stdout and "the United States" in result.stdout
    assert "could not be read" in result.stderr


@pytest.mark.parametrize(("session", "days", "expected", "absent"), [
    ("2026-12-06 15:00", 2, ["Your next session is", "in 2 days"], ["earlier session"]),
    ("2026-12-24 15:00", 20, ["in 20 days", "earlier session"], []),
])
def test_how_far_the_session_is_changes_the_wait_result(run_cli, coaching, private_dirs, session,
                                                        days, expected, absent):
    assert run_cli("session", "next", session).exit_code == 0
    result = run_cli("check", "--tree", coaching, "--region", "GB", "--no-policy", *QUESTION,
                     "--now", "2026-12-04T10:00")
    out = " ".join(result.stdout.split())
    for words in expected:
        assert words in out
    for words in absent:
        assert words not in out
    data = check_json(run_cli, coaching, "--no-policy", *QUESTION, "--now", "2026-12-04T10:00")
    assert data["next_session"].startswith(session.replace(" ", "T"))
    assert data["days_until_session"] == days


def test_a_far_session_offers_the_covering_colleague(run_cli, coaching, profile):
    text = 'covering_colleague: {name: "Alex Chen", contact: "via the portal"}\n'
    assert run_cli("session", "next", "2026-12-24 15:00").exit_code == 0
    out = " ".join(run_cli("check", "--tree", coaching, "--region", "GB", "--policy", profile(text),
                           *QUESTION, "--now", "2026-12-04T10:00").stdout.split())
    assert "Alex Chen" in out


def test_a_session_within_hours_is_today_for_raise(run_cli, coaching):
    assert run_cli("session", "next", "2026-12-04 15:00").exit_code == 0
    out = " ".join(run_cli("check", "--tree", coaching, "--region", "GB", "--no-policy", *FEELINGS,
                           "--now", "2026-12-04T11:00").stdout.split())
    assert "today" in out


def test_a_weekly_session_in_the_policy(run_cli, coaching, profile):
    text = 'timezone: Europe/London\nsessions: {weekly: "thu 15:00"}\n'
    data = check_json(run_cli, coaching, "--policy", profile(text), *QUESTION, "--now",
                      "2026-12-07T10:00")
    assert data["next_session"].startswith("2026-12-10T15:00")
    assert data["days_until_session"] == 3


def test_a_past_session_is_not_the_next_one(run_cli, coaching):
    assert run_cli("session", "next", "2026-12-01 15:00").exit_code == 0
    data = check_json(run_cli, coaching, "--no-policy", *QUESTION, "--now", "2026-12-04T10:00")
    assert data["next_session"] is None


def test_without_a_session_nothing_is_said_about_it(run_cli, coaching, private_dirs):
    data = check_json(run_cli, coaching, "--no-policy", *QUESTION, "--now", "2026-12-04T10:00")
    assert data["next_session"] is None
    assert data["days_until_session"] is None
    assert not private_dirs["data"].exists()


def test_the_agenda_shows_the_next_session(run_cli):
    assert run_cli("session", "next", "2030-01-10 15:00").exit_code == 0
    assert run_cli("agenda", "add", "sleep").exit_code == 0
    out = run_cli("agenda", "list").stdout
    assert "Your next session is" in out
    assert "January" in out


def test_where_and_forget_cover_the_session(run_cli, private_dirs):
    assert run_cli("session", "next", "2030-01-10 15:00").exit_code == 0
    listed = {entry["path"] for entry in json.loads(run_cli("where", "--format", "json").stdout)}
    stored = [str(p) for p in private_dirs["data"].iterdir() if p.name.startswith("session")]
    assert set(stored) <= listed
    assert run_cli("forget", "--yes").exit_code == 0
    assert not private_dirs["data"].exists()


@pytest.mark.parametrize(("hour", "said"), [
    (1, "es la 1:30"),     # the one hour Spanish says in the singular
    (2, "son las 2:30"),
    (0, "son las 0:30"),
    (13, "son las 13:30"),
    (21, "son las 21:30"),
])
def test_a_closed_offer_says_the_time_as_spanish_does(hour, said):
    import datetime as dt

    from contactcheck.check.clock import Hours, Span, read_clock
    from contactcheck.i18n import use_language

    hours = {"dbt_coaching": Hours((Span(4, 600, 660),))}  # Fridays 10:00-11:00 only
    friday = dt.datetime(2026, 12, 4, hour, 30)
    use_language("es")
    try:
        clock = read_clock(friday, hours, {"dbt_coaching": "yes"})
    finally:
        use_language("en")
    assert said in clock.reasons["dbt_coaching"]
