"""Crisis numbers a person can trust: which country, why, and every line sourced (issue 11).

Black-box through the command line, as a person (or a script) sees it.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.helpers import Ran

BASE_ENV = {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "CONTACTCHECK_REGION": ""}
"""Nothing set: no region, a locale with no country."""

OFFICIAL_HOSTS = (
    # Governments, public bodies and public health services (suffixes match subdomains).
    "gov", "gov.uk", "nhs.uk", "nhs24.scot", "police.uk", "canada.ca", "gc.ca", "brampton.ca",
    "gov.au", "govt.nz", "gov.ie", "hse.ie", "tusla.ie", "oireachtas.ie", "vikaspedia.in",
    "europa.eu",
    "hscni.net", "gouv.fr", "sante.fr", "bmfsfj.de", "baden-baden.de", "hilfetelefon.de",
    "gencat.cat", "injuve.es", "gov.it", "regione.marche.it", "rijksoverheid.nl", "gov.pl",
    "policja.pl", "gov.sg", "lg.jp", "gov.wales", "service-public.fr",
    # The services themselves, or a national portal their government funds.
    "988lifeline.org", "poison.org", "samaritans.org", "giveusashout.org", "refuge.org.uk",
    "nspcc.org.uk", "kidshelpphone.ca", "kidshelpline.com.au", "lifeinmind.org.au",
    "poisons.co.nz", "womensaid.ie", "solidaritefemmes.org", "113.nl",
)
"""Hosts accepted as official sources: a government or public body, or the service itself.

Adding a region means adding its sources' hosts here, on purpose (see the README)."""

KNOWN_GAPS = {("GB", "NHS 111 press 2 (urgent mental health)")}
"""Lines kept without an official source, each marked unverified with the reason (Wales'
111 press 2: only a republished government press release was found)."""


def _official(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return any(host == suffix or host.endswith("." + suffix) for suffix in OFFICIAL_HOSTS)


@pytest.fixture
def cli(run_cli: Callable[..., Ran]) -> Callable[..., Ran]:
    """Run the CLI with nothing set but `env`."""

    def call(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Ran:
        return run_cli(*args, env={**BASE_ENV, **(env or {})}, input=input)

    return call


def _all_regions(cli: Callable[..., Ran]) -> list[dict[str, Any]]:
    ran = cli("resources", "--all", "--format", "json")
    assert ran.exit_code == 0, ran.output
    regions: list[dict[str, Any]] = json.loads(ran.stdout)["regions"]
    return regions


def _answers(answers: dict[str, str]) -> list[str]:
    return [arg for question, value in answers.items() for arg in ("-a", f"{question}={value}")]


def _one_path_per_outcome(cli: Callable[..., Ran]) -> dict[str, dict[str, Any]]:
    paths = json.loads(cli("paths", "--format", "json").stdout)
    found: dict[str, dict[str, Any]] = {}
    for path in paths:
        if not path["policy_facts"]:  # answered by the person alone: no profile needed
            found.setdefault(path["outcome"], path)
    return found


# -- the data -------------------------------------------------------------------------------


def test_every_line_of_every_region_is_sourced_and_verified_or_marked(cli):
    regions = _all_regions(cli)
    assert len([r for r in regions if r["code"] not in ("EU", "fallback")]) >= 14 - 1
    for region in regions:
        for line in region["lines"]:
            where = f"{region['code']}: {line['name']}"
            assert line["kind"] in ("emergency", "crisis", "text", "domestic_abuse",
                                    "child_protection", "poison", "youth",
                                    "mental_health_urgent"), where
            assert line["how"] and all(next(iter(way)) in ("call", "text", "chat")
                                       for way in line["how"]), where
            assert line["hours"], where
            assert line["source"].startswith("https://"), where
            if (region["code"], line["name"]) in KNOWN_GAPS:
                assert line["unverified"], where
            else:
                assert _official(line["source"]), f"{where}: {line['source']} is not official"
            assert (line["verified"] is None) != (line["unverified"] is None), where
            if line["verified"]:
                assert line["quote"], where


def test_a_kind_a_region_has_no_national_line_of_is_said_with_an_official_source(cli):
    for region in _all_regions(cli):
        kinds = {line["kind"] for line in region["lines"]}
        for absent in region["no_national"]:
            where = f"{region['code']}: no national {absent['kind']} line"
            assert absent["kind"] not in kinds, where
            assert absent["says"] and absent["named"], where
            assert _official(absent["source"]), f"{where}: {absent['source']} is not official"
            assert absent["see"] is None or _official(absent["see"]), where
            assert absent["verified"] and absent["quote"], where


def test_every_region_has_an_emergency_number(cli):
    for region in _all_regions(cli):
        assert any(line["kind"] == "emergency" for line in region["lines"]), region["code"]


def test_the_fallback_lists_the_numbers_that_work_most_widely_each_labelled(cli):
    [fallback] = [r for r in _all_regions(cli) if r["code"] == "fallback"]
    calls = {way["call"]: line["name"] for line in fallback["lines"] for way in line["how"]
             if "call" in way}
    assert {"112", "911", "999"} <= set(calls)
    assert "mobile" in calls["112"] and "EU" in calls["112"]
    assert all(name != "local emergency number" for name in calls.values())


def test_uk_nations_are_labelled(cli):
    [gb] = [r for r in _all_regions(cli) if r["code"] == "GB"]
    nations = {line["nation"] for line in gb["lines"] if line["kind"] == "domestic_abuse"}
    assert {"England", "Wales", "Scotland", "Northern Ireland"} <= nations


# -- which country, and why -----------------------------------------------------------------


@pytest.mark.parametrize(("env", "args", "code", "words"), [
    ({}, ["--region", "GB"], "GB", "from --region"),
    ({"CONTACTCHECK_REGION": "IE"}, [], "IE", "from CONTACTCHECK_REGION"),
    ({"LANG": "en_GB.UTF-8"}, [], "GB", "language settings"),
    ({"LC_ALL": "en_AU.UTF-8", "LANG": "en_US.UTF-8"}, [], "AU", "language settings"),
    ({}, [], "fallback", "fallback"),
    ({"LANG": "C"}, [], "fallback", "fallback"),
    ({"LANG": "POSIX"}, [], "fallback", "fallback"),
])
@pytest.mark.parametrize("output_format", ["json", "text", "markdown"])
def test_every_result_names_its_country_and_how_it_was_chosen(cli, env, args, code, words,
                                                              output_format):
    ran = cli("check", "--no-policy", "--format", output_format, *args,
              "-a", "danger=none", "-a", "urgent=none", "-a", "topic=admin",
              "-a", "admin_kind=billing", env=env)
    assert ran.exit_code == 0, ran.output
    if output_format == "json":
        resources = json.loads(ran.stdout)["resources"]
        assert resources["region"]["code"] == code
        assert words in resources["how"]
        assert all(line["region"] in (code, "fallback") for line in resources["lines"]
                   if line["from"] == "bundled" and line["kind"])
    else:
        assert words in ran.stdout.replace("\\", "")


def test_a_guess_says_how_to_set_the_country_and_that_112_works_on_mobiles(cli):
    for env in ({"LANG": "en_GB.UTF-8"}, {}):
        ran = cli("check", "--no-policy", "-a", "danger=suicidal_now", env=env)
        assert ran.exit_code == 0
        assert "contactcheck region set" in ran.stdout
        assert "112" in ran.stdout and "mobile" in ran.stdout


def test_a_chosen_region_is_not_called_a_guess(cli):
    ran = cli("check", "--no-policy", "--region", "GB", "-a", "danger=suicidal_now")
    assert "contactcheck region set" not in ran.stdout
    assert "Numbers for the United Kingdom, from --region" in ran.stdout


def test_c_utf8_with_nothing_else_set_says_the_numbers_are_a_fallback(cli):
    ran = cli("check", "--no-policy", "--format", "json", "-a", "danger=suicidal_now")
    resources = json.loads(ran.stdout)["resources"]
    assert resources["region"]["code"] == "fallback"
    assert resources["chosen"] == "fallback"
    assert resources["guess"] is True
    assert "fallback" in resources["heading"]
    calls = {way["call"] for line in resources["lines"] for way in line["how"] if "call" in way}
    assert {"112", "911", "999"} <= calls
    text = cli("check", "--no-policy", "-a", "danger=suicidal_now").stdout
    assert "fallback" in text and "your local emergency number" in text


def test_every_outcome_json_names_its_region_and_how_it_was_chosen(cli):
    for outcome, path in _one_path_per_outcome(cli).items():
        for env, chosen in (({"LANG": "en_NZ.UTF-8"}, "locale"), ({}, "fallback"),
                            ({"CONTACTCHECK_REGION": "US"}, "environment")):
            ran = cli("check", "--no-policy", "--format", "json", *_answers(path["answers"]),
                      env=env)
            assert ran.exit_code == 0, (outcome, ran.output)
            resources = json.loads(ran.stdout)["resources"]
            assert resources["chosen"] == chosen, outcome
            assert resources["region"]["code"] and resources["region"]["name"], outcome
            assert resources["heading"].startswith("Numbers"), outcome
            assert resources["lines"][0]["kind"] == "emergency", outcome


# -- an unknown region ----------------------------------------------------------------------


@pytest.mark.parametrize("how", ["flag", "variable"])
def test_an_unknown_region_is_a_usage_error_listing_the_known_codes(cli, how):
    args, env = (["--region", "XX"], {}) if how == "flag" else ([], {"CONTACTCHECK_REGION": "XX"})
    ran = cli("check", "--no-policy", *args, "-a", "danger=none", "-a", "urgent=none",
              "-a", "topic=admin",
              "-a", "admin_kind=billing", env=env)
    assert ran.exit_code == 2
    assert "XX" in ran.stderr and "GB" in ran.stderr and "US" in ran.stderr
    assert "112" in ran.stderr  # the crisis line still reaches the person


@pytest.mark.parametrize("how", ["flag", "variable"])
@pytest.mark.parametrize("output_format", ["json", "text", "markdown"])
def test_an_unknown_region_never_blocks_an_emergency_result(cli, how, output_format):
    args, env = (["--region", "XX"], {}) if how == "flag" else ([], {"CONTACTCHECK_REGION": "XX"})
    ran = cli("check", "--no-policy", "--format", output_format, *args,
              "-a", "danger=suicidal_now", env=env)
    assert ran.exit_code == 0, ran.output
    for number in ("112", "911", "999"):
        assert number in ran.stdout
    assert "XX" in ran.stdout and "GB" in ran.stdout  # the warning names the known codes


def test_resources_for_an_unknown_region_is_exit_2_listing_the_known_codes(cli):
    ran = cli("resources", "--region", "XX")
    assert ran.exit_code == 2
    assert "GB" in ran.stderr and "NZ" in ran.stderr


def test_an_eu_country_without_its_own_entry_gets_112(cli):
    ran = cli("check", "--no-policy", "--format", "json", "--region", "AT",
              "-a", "danger=suicidal_now")
    resources = json.loads(ran.stdout)["resources"]
    assert resources["region"]["code"] == "EU"
    assert any(way.get("call") == "112" for line in resources["lines"] for way in line["how"])


# -- a saved region -------------------------------------------------------------------------


def test_region_set_saves_only_when_asked_private_listed_and_forgotten(cli, private_dirs):
    config = private_dirs["config"]
    cli("check", "--no-policy", "--region", "GB", "-a", "danger=suicidal_now")
    assert not config.exists() or not any(config.iterdir()), "nothing saved unasked"
    assert cli("region", "set", "ie").exit_code == 0
    [saved] = [path for path in config.iterdir() if not path.name.startswith(".")]
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    shown = cli("region", "show")
    assert "Ireland" in shown.stdout
    ran = cli("check", "--no-policy", "--format", "json", "-a", "danger=suicidal_now",
              env={"LANG": "en_GB.UTF-8"})
    resources = json.loads(ran.stdout)["resources"]
    assert (resources["region"]["code"], resources["chosen"]) == ("IE", "saved")
    assert str(saved) in cli("where").stdout
    assert cli("forget", "--yes").exit_code == 0
    assert not saved.exists()
    assert json.loads(cli("check", "--no-policy", "--format", "json", "-a",
                          "danger=suicidal_now").stdout)["resources"]["chosen"] == "fallback"


def test_flag_and_variable_win_over_the_saved_region(cli):
    cli("region", "set", "IE")
    ran = cli("check", "--no-policy", "--format", "json", "--region", "NZ",
              "-a", "danger=suicidal_now", env={"CONTACTCHECK_REGION": "AU"})
    assert json.loads(ran.stdout)["resources"]["region"]["code"] == "NZ"
    ran = cli("check", "--no-policy", "--format", "json", "-a", "danger=suicidal_now",
              env={"CONTACTCHECK_REGION": "AU"})
    assert json.loads(ran.stdout)["resources"]["region"]["code"] == "AU"


def test_region_set_refuses_an_unknown_code(cli, private_dirs):
    ran = cli("region", "set", "XX")
    assert ran.exit_code == 2 and "GB" in ran.stderr
    assert not private_dirs["config"].exists() or not any(private_dirs["config"].iterdir())


def test_region_show_with_nothing_saved_says_so_and_how_it_would_be_chosen(cli):
    ran = cli("region", "show", env={"LANG": "en_GB.UTF-8"})
    assert ran.exit_code == 0
    assert "not saved" in ran.stdout.lower() or "no region is saved" in ran.stdout.lower()
    assert "United Kingdom" in ran.stdout


# -- which lines, in which order ------------------------------------------------------------


def test_lines_come_emergency_then_crisis_then_the_rest(cli):
    ran = cli("check", "--no-policy", "--format", "json", "--region", "GB",
              "-a", "danger=other_at_risk")
    kinds = [line["kind"] for line in json.loads(ran.stdout)["resources"]["lines"]]
    rank = {"emergency": 0, "crisis": 1, "text": 1, "mental_health_urgent": 1}
    ranks = [rank.get(kind, 2) for kind in kinds]
    assert ranks == sorted(ranks)


@pytest.mark.parametrize("output_format", ["text", "markdown", "json"])
def test_an_urgent_result_leads_with_emergency_then_the_professionals_then_crisis_lines(
        cli, tmp_path, output_format):
    policy = tmp_path / "policy.yaml"
    policy.write_text('after_hours: {name: "On-call line", number: "07700 900999"}\n',
                      encoding="utf-8")
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text(CLINIC, encoding="utf-8")
    ran = cli("check", "--region", "GB", "--policy", str(policy), "--resources", str(clinic),
              "--format", output_format, "-a", "danger=none", "-a", "urgent=suicidal_thoughts",
              "-a", "thoughts_using=no")
    assert ran.exit_code == 0, ran.output
    out = ran.stdout
    if output_format == "json":
        out = "\n".join(line["text"] for line in json.loads(out)["resources"]["lines"])
    order = [out.index(number) for number in ("999", "07700 900999", "0300 555 0100", "116 123")]
    assert order == sorted(order), out
    if output_format != "json":
        assert out.index("116 123") < out.index("Why")
        assert "from your therapist's policy" in " ".join(out.split())
        assert "from Riverside community mental health team" in " ".join(out.split())


def test_uk_lines_say_which_nation_they_serve(cli):
    text = cli("check", "--no-policy", "--region", "GB", "-a", "danger=other_at_risk").stdout
    for nation in ("Wales", "Scotland", "Northern Ireland"):
        assert nation in text


def test_the_emergency_number_is_never_tagged_as_unverified_or_out_of_date(cli):
    for region in _all_regions(cli):
        if region["code"] in ("EU", "fallback"):
            continue
        ran = cli("check", "--no-policy", "--region", region["code"], "-a", "danger=suicidal_now")
        for row in ran.stdout.splitlines():
            if row.strip().startswith("Emergency"):
                assert "verified" not in row and "out of date" not in row, row


def test_a_region_without_a_crisis_line_says_to_call_the_emergency_number_instead(cli):
    ran = cli("check", "--no-policy", "-a", "danger=none", "-a", "urgent=none",
              "-a", "topic=admin",
              "-a", "admin_kind=billing")
    assert "crisis line" in ran.stdout.lower()
    assert "call the emergency number" in ran.stdout.lower() or "112" in ran.stdout


# -- a clinic's own lines -------------------------------------------------------------------


CLINIC = """\
format: 1
from: "Riverside community mental health team"
lines:
  - name: "Riverside crisis team"
    kind: crisis
    how: [{call: "0300 555 0100"}]
    hours: "24/7"
"""


def test_a_clinic_file_adds_its_lines_beside_the_national_ones(cli, tmp_path):
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text(CLINIC, encoding="utf-8")
    ran = cli("check", "--no-policy", "--format", "json", "--region", "GB",
              "--resources", str(clinic), "-a", "danger=suicidal_now")
    assert ran.exit_code == 0, ran.output
    lines = json.loads(ran.stdout)["resources"]["lines"]
    names = [line["name"] for line in lines]
    assert lines[0]["kind"] == "emergency" and lines[0]["from"] == "bundled"
    assert names.index("Riverside crisis team") < names.index("Samaritans")
    assert "Samaritans" in names
    text = cli("check", "--no-policy", "--region", "GB", "--resources", str(clinic),
               "-a", "danger=suicidal_now").stdout
    assert "0300 555 0100" in text and "999" in text and "116 123" in text
    assert "Riverside community mental health team" in " ".join(text.split())


@pytest.mark.parametrize(("change", "line"), [
    ("    kind: emergency\n", 5),
    ("    kind: crisiss\n", 5),
    ("    how: [{call: \"0300-CRISIS\"}]\n", 6),
    ("    colour: red\n", 8),
])
def test_a_bad_clinic_file_is_refused_with_its_line_exit_3(cli, tmp_path, change, line):
    text = CLINIC.splitlines(keepends=True)
    key = change.split(":")[0]
    rows = [row for row in text if not row.startswith(key)] if key != "    colour" else text
    rows.insert(line - 1, change)
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text("".join(rows), encoding="utf-8")
    ran = cli("check", "--no-policy", "--region", "GB", "--resources", str(clinic),
              "-a", "danger=suicidal_now")
    assert ran.exit_code == 3, ran.output
    assert f"clinic.yaml:{line}:" in ran.stderr


# -- contactcheck resources -----------------------------------------------------------------


def test_resources_says_verified_only_with_a_date_and_marks_the_rest(cli):
    text = cli("resources", "--all").stdout
    assert "checked" not in text.lower()
    for row in text.splitlines():
        if "verified" in row.lower() and "not verified" not in row.lower():
            assert any(ch.isdigit() for ch in row), row


def test_a_line_verified_over_a_year_ago_is_marked_and_resources_warns(cli, tmp_path):
    import datetime as dt

    from contactcheck.check.report import line_text
    from contactcheck.check.resources import Contact, Line

    line = Line("Lifeline", "crisis", (Contact("call", "13 11 14"),), "24/7",
                source="https://www.lifeline.org.au", verified=dt.date(2026, 1, 1), quote="...")
    assert "out of date" not in line_text(line, today=dt.date(2026, 12, 1))
    assert "may be out of date" in line_text(line, today=dt.date(2027, 1, 3))
    ran = cli("resources", "--all")
    assert "warning" not in ran.stderr  # every line was verified this year


# -- the interactive check asks the country, once the person is safe ------------------------


NO_REGION = {"CONTACTCHECK_REGION": "", "LANG": "C.UTF-8", "LC_ALL": ""}


def _terminal(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    from tests.terminal import Terminal

    return Terminal("check", "--plain", *args, home=tmp_path, env={**NO_REGION, **(env or {})})


def _first_question() -> str:
    from contactcheck.tree.bundled import find_tree
    from contactcheck.tree.load import load_tree

    path = find_tree("default")
    assert path is not None
    return load_tree(path).start_question.text


def _say_safe(term: Any) -> None:
    """Answer "none" at every stage of the danger screen (the plain menu takes the value)."""
    from contactcheck.tree.bundled import find_tree
    from contactcheck.tree.load import load_tree
    from contactcheck.tree.screen import after_screen

    path = find_tree("default")
    assert path is not None
    tree = load_tree(path)
    question = tree.start_question
    while question.id != after_screen(tree):
        term.wait_for(question.text)
        [none] = [choice for choice in question.choices
                  if not choice.tags and choice.next in tree.questions]
        term.send(none.value + "\r")
        question = tree.questions[none.next]


def test_with_no_region_the_danger_screen_comes_first_then_the_country_is_asked_and_saved(
        tmp_path):
    term = _terminal(tmp_path)
    term.wait_for(_first_question())
    assert "Which country" not in term.visible()
    _say_safe(term)
    term.wait_for("Which country are you in?")
    screen = term.visible()
    assert "112" in screen and "911" in screen and "999" in screen  # the guess, while it asks
    term.send("GB\r")
    term.wait_for("Remember the United Kingdom for next time?")
    term.send("save\r")
    term.wait_for("What is it about?")
    term.send("q\r")  # stopping now still names the chosen country's numbers
    assert term.finish() == 130
    shown = " ".join(term.transcript().split())
    assert "call 999 (the United Kingdom, from your saved region" in shown
    assert (tmp_path / "region").read_text(encoding="utf-8").strip() == "GB"


def test_an_emergency_answer_with_no_region_goes_straight_to_the_guessed_numbers(tmp_path):
    term = _terminal(tmp_path, env={"LANG": "en_NZ.UTF-8"})
    term.wait_for(_first_question())
    term.send("1\r")
    assert term.finish() == 0
    shown = " ".join(term.transcript().split())
    assert "Which country" not in shown
    assert "Numbers for New Zealand, from your system's language settings" in shown
    assert "111" in shown and "112" in shown and "contactcheck region set" in shown
    assert not (tmp_path / "region").exists()


def test_not_saving_the_country_keeps_nothing(tmp_path):
    term = _terminal(tmp_path, env={"LANG": "en_GB.UTF-8"})
    _say_safe(term)
    term.wait_for("Which country are you in?")
    term.send("IE\r")
    term.wait_for("Remember Ireland for next time?")
    term.send("no\r")
    term.wait_for("What is it about?")
    term.send("q\r")
    assert term.finish() == 130
    assert not (tmp_path / "region").exists()


def test_a_chosen_region_is_never_asked_about(tmp_path):
    term = _terminal(tmp_path, "--region", "GB")
    _say_safe(term)
    term.wait_for("What is it about?")
    assert "Which country" not in term.transcript()
    term.send("q\r")
    assert term.finish() == 130


def test_an_unknown_region_interactively_is_an_error_only_once_the_person_is_safe(tmp_path):
    term = _terminal(tmp_path, "--region", "XX")
    _say_safe(term)
    assert term.finish() == 2
    shown = " ".join(term.transcript().split())
    assert "'XX' is not a region contactcheck knows" in shown and "112" in shown


ABUSE_REGIONS = ("GB", "US", "AU", "CA", "IE", "NZ")


@pytest.mark.parametrize("region", ABUSE_REGIONS)
@pytest.mark.parametrize(("answer", "kind"), [("being_hurt", "domestic_abuse"),
                                              ("other_at_risk", "child_protection")])
def test_abuse_and_child_at_risk_outcomes_show_the_national_line_or_say_there_is_none(
        cli, region, answer, kind):
    [data] = [r for r in _all_regions(cli) if r["code"] == region]
    expected = [line["name"] for line in data["lines"] if line["kind"] == kind]
    [absent] = [entry for entry in data["no_national"] if entry["kind"] == kind] or [None]
    assert expected or absent, f"{region} has no {kind} line and does not say why"
    ran = cli("check", "--no-policy", "--format", "json", "--region", region,
              "-a", f"danger={answer}")
    assert ran.exit_code == 0, ran.output
    lines = json.loads(ran.stdout)["resources"]["lines"]
    assert lines[0]["kind"] == "emergency"
    assert [line["name"] for line in lines if line["kind"] == kind] == expected
    said = [line for line in lines if (line.get("no_national") or {}).get("kind") == kind]
    assert len(said) == (0 if expected else 1)
    text = " ".join(cli("check", "--no-policy", "--region", region,
                        "-a", f"danger={answer}").stdout.split())
    if absent is not None:
        assert absent["says"] in text  # and the emergency number beside it
        assert f"If someone is in danger now, call {data['emergency']}" in text
    for name in expected:
        assert name in text


def test_a_step_naming_a_missing_kind_names_where_to_turn_instead(cli):
    text = " ".join(cli("check", "--no-policy", "--region", "CA",
                        "-a", "danger=other_at_risk").stdout.split())
    assert "If it's about a child, the child-protection service of your province or " \
           "territory can also advise you" in text


_ONE_REGION = """\
format: 1
regions:
  - code: "fallback"
    name: "Anywhere"
    lines:
      - {name: "112", kind: emergency, how: [{call: "112"}], hours: "24/7",
         source: "https://www.example.gov/112", verified: "2026-12-01", quote: "Call 112."}
    no_national:
      - kind: child_protection
        says: "No national line."
        named: "your local service"
        source: "https://www.example.gov/children"
        verified: "2026-12-01"
        quote: "Each state runs its own."
"""


@pytest.mark.parametrize(("change", "words"), [
    (("kind: child_protection", "kind: crisis"), "no crisis line"),
    (("kind: child_protection", "kind: emergency"), "no emergency line"),
    (('        named: "your local service"\n', ""), "named"),
    (('        verified: "2026-12-01"\n        quote: "Each', '        quote: "Each'),
     "neither 'verified'"),
    (('source: "https://www.example.gov/children"', 'source: "http://example.gov/c"'),
     "https"),
    (("        says:", '        see: "ftp://x"\n        says:'), "'see'"),
    (("    no_national:\n", """      - {name: "C", kind: child_protection, how: [{call: "1"}],
         hours: "24/7", source: "https://www.example.gov/c", verified: "2026-12-01",
         quote: "C."}
    no_national:
"""), "also says it has no national one"),
])
def test_a_bad_no_national_entry_is_refused_with_its_line(tmp_path, change, words):
    from contactcheck.check.regionfile import regions_from_bytes
    from contactcheck.errors import InvalidFile

    old, new = change
    assert old in _ONE_REGION
    regions_from_bytes(_ONE_REGION.encode(), "regions.yaml")  # the table starts from a good one
    with pytest.raises(InvalidFile) as refused:
        regions_from_bytes(_ONE_REGION.replace(old, new, 1).encode(), "regions.yaml")
    assert any(words in problem.message for problem in refused.value.problems), \
        [problem.message for problem in refused.value.problems]
    assert all(problem.line > 0 for problem in refused.value.problems)


_BAD_LINES = [
    # (a line as YAML, words both readers must say)
    ('{name: "Team", kind: emergency, how: [{call: "0300 555 0100"}], hours: "24/7"}',
     "emergency line"),
    ('{name: "Team", kind: crisiss, how: [{call: "0300 555 0100"}], hours: "24/7"}',
     "crisiss"),
    ('{name: "Team", kind: crisis, how: [{call: "0300-CRISIS"}], hours: "24/7"}',
     "not a number"),
    ('{name: "Team", kind: crisis, how: [{call: "0300 555 0100"}]}', "hours"),
    ('{name: "Team", kind: crisis, how: [{chat: "http://team.example"}], hours: "24/7"}',
     "https"),
    ('{name: "Team", kind: crisis, how: [{call: "0300 555 0100"}], hours: "24/7", colour: red}',
     "colour"),
]


@pytest.mark.parametrize(("line", "words"), _BAD_LINES, ids=[w for _, w in _BAD_LINES])
def test_a_clinic_file_and_a_practice_file_refuse_the_same_line_the_same_way(
        cli, tmp_path, line, words):
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text(f'format: 1\nfrom: "Riverside"\nlines:\n  - {line}\n', encoding="utf-8")
    practice = tmp_path / "practice.yaml"
    practice.write_text(f'practice: "Riverside"\nupdated: "2026-11-20"\ncrisis_lines:\n'
                        f'  - {line}\n', encoding="utf-8")
    said = []
    for ran, name in ((cli("check", "--no-policy", "--region", "GB", "--resources", str(clinic),
                           "-a", "danger=suicidal_now"), "clinic.yaml:4:"),
                      (cli("setup", "--check", str(practice)), "practice.yaml:4:")):
        assert ran.exit_code == 3, ran.output
        assert name in ran.stderr and words in ran.stderr, ran.stderr
        assert "Traceback" not in ran.output
        said.append([row.split(": ", 1)[-1].replace("'crisis_lines'", "'lines'")
                     for row in ran.stderr.splitlines() if words in row])
    assert said[0] == said[1]  # one reader: the same words from both (each names its list)


def test_a_no_national_entry_verified_over_a_year_ago_is_marked_stale():
    import datetime as dt

    from contactcheck.check.resources import Absent

    absent = Absent("child_protection", "No national line.", "your local service",
                    source="https://www.example.gov/c", verified=dt.date(2026, 1, 1),
                    quote="...")
    assert not absent.is_stale(dt.date(2026, 12, 1))
    assert absent.is_stale(dt.date(2027, 1, 3))


@pytest.mark.parametrize("width", [40, 80])
def test_where_to_turn_is_never_cut_off_in_a_narrow_terminal(cli, width):
    [ca] = [r for r in _all_regions(cli) if r["code"] == "CA"]
    [absent] = [entry for entry in ca["no_national"] if entry["kind"] == "domestic_abuse"]
    ran = cli("check", "--no-policy", "--region", "CA", "-a", "danger=being_hurt",
              env={"COLUMNS": str(width)})
    rows = ran.stdout.splitlines()
    assert all(len(row.rstrip()) <= width for row in rows)
    assert absent["see"] in "".join(row.strip() for row in rows)
