"""questions, resources and policy: the supporting commands of the self-check."""

from __future__ import annotations

import json
import stat

import pytest


def test_questions_json_has_the_documented_shape(invoke):
    result = invoke("questions", "--format", "json")
    data = json.loads(result.stdout)
    assert set(data["tree"]) == {"id", "title", "version", "start", "lang"}
    assert data["tree"]["start"] == data["questions"][0]["id"] == "danger"
    for question in data["questions"]:
        assert {"id", "text", "policy", "choices"} <= set(question)
        for choice in question["choices"]:
            assert set(choice) == {"value", "label", "next"}
    assert {"id", "decision", "emergency", "urgency", "title"} == set(data["outcomes"][0])


def test_questions_text_shows_ready_to_use_flags(invoke):
    result = invoke("questions")
    assert "--answer danger=about_to_act" in result.stdout
    assert "old value still accepted: suicidal_now" in result.stdout
    assert "(emergency)" in result.stdout and "(urgent)" in result.stdout


@pytest.mark.parametrize(("env", "region", "emergency"), [
    ({"CONTACTCHECK_REGION": "NZ"}, "NZ", "111"),
    ({"LANG": "en_IE.UTF-8"}, "IE", "112"),
    ({"LANG": "de_DE.UTF-8"}, "DE", "112"),
    ({"LANG": "de_AT.UTF-8"}, "EU", "112"),
    ({"LANG": "en_IN"}, "IN", "112"),
    ({"LANG": "C"}, "fallback", "112"),
    ({"LANG": "pt_BR.UTF-8"}, "fallback", "112"),
])
def test_region_comes_from_env_then_locale_else_fallback(invoke, env, region, emergency):
    base = {"CONTACTCHECK_REGION": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}
    result = invoke("resources", "--format", "json", env={**base, **env})
    data = json.loads(result.stdout)
    assert data["region"] == region
    first = data["regions"][0]["lines"][0]
    assert first["kind"] == "emergency" and first["how"][0] == {"call": emergency}


def test_region_flag_beats_environment(invoke):
    result = invoke("resources", "--region", "au", "--format", "json",
                    env={"CONTACTCHECK_REGION": "US"})
    assert json.loads(result.stdout)["region"] == "AU"


def test_bad_region_code_is_a_usage_error(invoke):
    result = invoke("resources", "--region", "usa")
    assert result.exit_code == 2
    assert "not a region contactcheck knows" in result.stderr


def test_all_regions_have_source_and_date(invoke):
    data = json.loads(invoke("resources", "--all", "--format", "json").stdout)
    codes = {entry["code"] for entry in data["regions"]}
    assert {"US", "CA", "GB", "IE", "AU", "NZ", "IN", "FR", "DE", "ES", "IT", "NL", "PL", "EU",
            "fallback"} <= codes
    for entry in data["regions"]:
        for line in entry["lines"]:
            assert line["source"] and (line["verified"] or line["unverified"])


POLICY_ANSWERS = "\n".join([
    "Dr. Lee",          # therapist
    "",                 # response time: skipped
    "y", "Clinic portal", "portal", "y", "scheduling, clinical",
    "n",                # no more channels
    "yes", "On-call", "555 0100",   # after hours
    "no",               # dbt coaching
    "unsure",           # covering colleague
    "yes", "", "",      # between sessions, no details
    "",                 # fees
]) + "\n"


def test_policy_init_writes_a_private_valid_profile(invoke, tmp_path):
    env = {"CONTACTCHECK_CONFIG_HOME": str(tmp_path / "config")}
    result = invoke("policy", "init", input=POLICY_ANSWERS, env=env)
    assert result.exit_code == 0, result.stderr
    path = tmp_path / "config" / "policy.yaml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    shown = json.loads(invoke("policy", "show", "--format", "json", env=env).stdout)
    assert shown["facts"] == {"after_hours": "yes", "dbt_coaching": "no",
                              "between_sessions": "yes", "secure_messaging": "yes",
                              "urge_support": "after_hours"}
    assert "covering_colleague" not in shown["facts"]  # unsure: asked at the time


def test_policy_init_takes_enter_as_each_question_s_default(invoke, tmp_path):
    # Enter at every question: no channel, and "unsure" (claims nothing) for every offer.
    env = {"CONTACTCHECK_CONFIG_HOME": str(tmp_path)}
    result = invoke("policy", "init", input="\n" * 12, env=env)
    assert result.exit_code == 0, result.output
    assert "invalid input" not in result.output
    assert "nothing was saved" in result.output
    assert not (tmp_path / "policy.yaml").exists()  # all unsure: nothing to keep
    answers = "Dr. Lee\n" + "\n" * 11
    assert invoke("policy", "init", input=answers, env=env).exit_code == 0
    saved = (tmp_path / "policy.yaml").read_text(encoding="utf-8")
    assert "Dr. Lee" in saved
    for offer in ("after_hours", "dbt_coaching", "covering_colleague", "between_sessions",
                  "channels"):
        assert offer not in saved.split("\n", 3)[-1]  # unsure: the check asks at the time


@pytest.mark.parametrize(("args", "flag"), [
    (["policy", "init"], "--policy FILE"),
    (["forget"], "--yes"),
    (["agenda", "clear"], "--yes"),
])
def test_a_question_with_no_terminal_and_no_answer_exits_2_naming_the_flags(
        run_cli, args, flag):
    if args[0] == "agenda":
        assert run_cli("agenda", "add", "something").exit_code == 0
    if args[0] == "forget":
        assert run_cli("agenda", "add", "something").exit_code == 0
    done = run_cli(*args, input="")
    assert done.exit_code == 2, done.output
    assert flag in done.stderr
    assert "Traceback" not in done.output


def test_policy_init_takes_short_and_capitalised_answers(invoke, tmp_path):
    # "y"/"n"/"u" as at its [y/n] questions, and "Portal" as well as "portal".
    env = {"CONTACTCHECK_CONFIG_HOME": str(tmp_path)}
    answers = (POLICY_ANSWERS.replace("\nportal\n", "\nPortal\n", 1)
               .replace("\nno\nunsure\n", "\nN\nu\n", 1))
    result = invoke("policy", "init", input=answers, env=env)
    assert result.exit_code == 0, result.output
    saved = (tmp_path / "policy.yaml").read_text(encoding="utf-8")
    assert "kind: portal" in saved and "dbt_coaching: no" in saved
    assert "covering_colleague" not in saved


def test_policy_show_without_profile_says_how_to_make_one(invoke, tmp_path):
    result = invoke("policy", "show", env={"CONTACTCHECK_CONFIG_HOME": str(tmp_path)})
    assert result.exit_code == 0
    assert "contactcheck policy init" in result.stdout


def test_saved_invalid_policy_is_not_used_but_does_not_block(invoke, tmp_path):
    (tmp_path / "policy.yaml").write_text("dbt_coaching: perhaps\n", encoding="utf-8")
    result = invoke("check", "--region", "US", "--format", "json", "--answer", "danger=none",
                    "--answer", "urgent=none", "--answer", "topic=urges",
                    "--answer", "distress_kind=harm_urges",
                    "--answer", "urge_support=nothing",
                    env={"CONTACTCHECK_CONFIG_HOME": str(tmp_path)})
    assert result.exit_code == 0, result.stderr
    assert "policy.yaml:1:15" in result.stderr
    assert "was not used" in result.stderr


def test_saved_policy_answers_its_questions_in_check(invoke, tmp_path):
    (tmp_path / "policy.yaml").write_text('dbt_coaching: {number: "555 0101"}\n',
                                          encoding="utf-8")
    result = invoke("check", "--region", "US", "--format", "json", "--answer", "danger=none",
                    "--answer", "urgent=none", "--answer", "topic=urges",
                    "--answer", "distress_kind=harm_urges",
                    env={"CONTACTCHECK_CONFIG_HOME": str(tmp_path)})
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["trail"][-1] == {"question": "urge_support", "answer": "coaching",
                                 "from_policy": True, "from_clock": False}
    assert data["policy"] == ["DBT phone coaching — number: 555 0101"]


def test_every_command_has_help():
    from click.testing import CliRunner

    from contactcheck.cli import COMMANDS, cli

    for name in COMMANDS:
        result = CliRunner().invoke(cli, [name, "-h"])
        assert result.exit_code == 0, name
        assert "Usage:" in result.output


@pytest.mark.parametrize("args", [
    ["--region", "US", "--answer", "danger=suicidal_now"],
    ["-a", "danger=suicidal_now", "--region=US"],
    ["--plain", "--region", "US", "-a", "danger=suicidal_now", "--format", "json"],
])
def test_check_options_work_without_the_command_name(invoke, args):
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    assert "911" in result.stdout


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["--version"], ["-V"]])
def test_group_options_stay_the_groups(invoke, args):
    result = invoke(*args)
    assert result.exit_code == 0
    assert "Walk the self-check" in result.stdout or "contactcheck " in result.stdout
