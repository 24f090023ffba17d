"""`contactcheck check` with flags: the situations the bundled tree must tell apart."""

from __future__ import annotations

import json

import pytest

from tests.helpers import MINIMAL_TREE

SITUATIONS = [
    # (situation, answers, expected decision, expected outcome)
    ("about to act on thoughts of suicide", {"danger": "about_to_act"}, "contact_now",
     "emergency_now"),
    ("took an overdose", {"danger": "attempt"}, "contact_now", "emergency_attempt"),
    ("afraid I will hurt someone", {"danger": "harm_others"}, "contact_now",
     "emergency_harm_others"),
    ("a child is at risk", {"danger": "other_at_risk"}, "contact_now", "emergency_others"),
    ("passive thoughts of death", {"danger": "none", "urgent": "suicidal_thoughts",
                                   "thoughts_using": "no"}, "contact_now", "thoughts_support"),
    ("self-harm, deep wound", {"danger": "none", "urgent": "self_harm",
                               "harm_what": "serious_wound"}, "contact_now", "emergency_medical"),
    ("self-harm, small wound, no coaching", {"danger": "none", "urgent": "self_harm",
                                             "harm_what": "small_wound"},
     "contact_now", "after_harm"),
    ("urges, DBT coaching before acting",
     {"danger": "none", "urgent": "none", "topic": "urges",
      "distress_kind": "harm_urges", "urge_support": "coaching"},
     "contact_now", "coaching_call"),
    ("urges, therapist away, covering colleague",
     {"danger": "none", "urgent": "none", "topic": "urges",
      "distress_kind": "harm_urges", "urge_support": "covering"},
     "contact_now", "covering_call"),
    ("cancel a session", {"danger": "none", "urgent": "none", "topic": "admin",
                          "admin_kind": "cancel"}, "contact_now", "admin_cancel"),
    ("billing", {"danger": "none", "urgent": "none", "topic": "admin", "admin_kind": "billing"},
     "contact_now", "admin_request"),
    ("medication question", {"danger": "none", "urgent": "none", "topic": "medication",
                             "med_kind": "question"}, "contact_now", "med_question"),
    ("good news, no messages allowed", {"danger": "none", "urgent": "none", "topic": "share",
                                        "share_kind": "good_news", "msg_allowed": "no"},
     "wait_for_session", "hold_for_session"),
    ("wanting daily contact",
     {"danger": "none", "urgent": "none", "topic": "connection",
      "connection_kind": "more_contact"}, "raise_in_session", "more_contact"),
    ("reassurance seeking",
     {"danger": "none", "urgent": "none", "topic": "connection",
      "connection_kind": "reassurance"}, "raise_in_session", "reassurance"),
    ("social media", {"danger": "none", "urgent": "none", "topic": "connection",
                      "connection_kind": "social_media"}, "raise_in_session", "social_media"),
    ("angry with my therapist",
     {"danger": "none", "urgent": "none", "topic": "relationship",
      "relationship_kind": "hurt_angry"}, "raise_in_session", "hurt_angry"),
    ("thinking of quitting",
     {"danger": "none", "urgent": "none", "topic": "relationship",
      "relationship_kind": "quitting"}, "raise_in_session", "quitting"),
]


def flags(answers: dict[str, str]) -> list[str]:
    return [arg for pair in answers.items() for arg in ("--answer", "=".join(pair))]


@pytest.mark.parametrize(("situation", "answers", "decision", "outcome"), SITUATIONS,
                         ids=[s[0] for s in SITUATIONS])
def test_situation_leads_to_expected_outcome(invoke, situation, answers, decision, outcome):
    result = invoke("check", "--format", "json", "--region", "US", "--no-policy", *flags(answers))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["decision"], data["outcome"]["id"]) == (decision, outcome)
    assert [step["question"] for step in data["trail"]] == list(answers)


@pytest.mark.parametrize("output_format", ["text", "json", "markdown"])
def test_every_emergency_output_has_the_numbers(invoke, output_format):
    result = invoke("check", "--format", output_format, "--region", "US", "--no-policy",
                    "--answer", "danger=suicidal_now")
    assert result.exit_code == 0
    assert "911" in result.stdout
    assert "988" in result.stdout


def test_emergency_text_shows_numbers_before_reasons(invoke):
    result = invoke("check", "--region", "GB", "--no-policy", "--answer", "danger=harm_others")
    out = result.stdout
    assert out.index("999") < out.index("Why") < out.index("What to do")


@pytest.mark.parametrize("output_format", ["text", "markdown"])
@pytest.mark.parametrize("danger", ["about_to_act", "attempt", "other_at_risk"])
def test_emergency_ends_with_the_numbers_its_steps_name(invoke, output_format, danger):
    # On a small terminal only the end of the result stays on screen: the numbers the steps
    # name must be there, after the safety net, and no step points at them by position.
    result = invoke("check", "--format", output_format, "--region", "GB", "--no-policy",
                    "--answer", f"danger={danger}")
    out = result.stdout
    net = out.index("If things change or get worse")
    assert "999" in out[net:] and "116 123" in out[net:]
    assert "Call 999 now" in out and "Samaritans (call 116 123)" in out
    assert " below" not in out and " above" not in out


def test_non_emergency_safety_net_has_the_crisis_line(invoke):
    result = invoke("check", "--region", "AU", "--no-policy", *flags(
        {"danger": "none", "urgent": "none", "topic": "share", "share_kind": "good_news",
         "msg_allowed": "no"}))
    out = result.stdout
    assert out.index("Wait for the session") < out.index("Why") < out.index("What to do") \
        < out.index("If things change or get worse") < out.index("13 11 14")


def test_missing_answer_names_question_values_and_flag(invoke):
    result = invoke("check", "--region", "US", "--no-policy", "--answer", "danger=none")
    assert result.exit_code == 2
    assert "no answer for question 'urgent'" in result.stderr
    assert ("suicidal_thoughts, voices, self_harm, hurt_controlled, worried_other, not_sure, "
            "none") in result.stderr
    assert "--answer urgent=VALUE" in result.stderr
    assert "988" in result.stderr  # the crisis line is never hidden by an error


def test_invalid_value_is_refused_with_valid_values(invoke):
    result = invoke("check", "--region", "US", "--no-policy", "--answer", "danger=nope")
    assert result.exit_code == 2
    assert "'nope' is not a valid answer to question 'danger'" in result.stderr
    assert "about_to_act" in result.stderr


@pytest.mark.parametrize("flag", ["danger=", "danger", "=none"])
def test_malformed_answer_flag_is_a_usage_error(invoke, flag):
    result = invoke("check", "--no-policy", "--answer", flag)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def test_unknown_question_is_an_error_with_suggestion(invoke):
    result = invoke("check", "--region", "US", "--no-policy", *flags(
        {"danger": "none", "urgent": "none", "topic": "share", "share_kind": "good_news",
         "shar_kind": "x"}))
    assert result.exit_code == 2
    assert "no question 'shar_kind'" in result.stderr
    assert "did you mean 'share_kind'" in result.stderr


def test_unknown_question_never_hides_an_emergency(invoke):
    result = invoke("check", "--region", "US", "--no-policy", "--answer", "danger=suicidal_now",
                    "--answer", "typo=1")
    assert result.exit_code == 0
    assert "911" in result.stdout
    assert "no question 'typo'" in result.stderr


def test_unreached_answer_is_reported_not_ignored(invoke):
    result = invoke("check", "--region", "US", "--no-policy", "--answer", "danger=suicidal_now",
                    "--answer", "urgent=none", "--answer", "topic=share")
    assert result.exit_code == 0
    assert "'topic' was not needed on this path" in result.stderr


def test_same_question_answered_twice_differently_is_refused(invoke):
    result = invoke("check", "--no-policy", "--answer", "danger=none", "--answer",
                    "danger=suicidal_now")
    assert result.exit_code == 2
    assert "answered twice" in result.stderr


def test_answers_file_from_stdin(invoke):
    result = invoke("check", "--format", "json", "--region", "US", "--no-policy",
                    "--answers-file", "-",
                    input='{"danger": "none", "urgent": "none", "topic": "admin", '
                          '"admin_kind": "cancel"}')
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["outcome"]["id"] == "admin_cancel"


def test_invalid_answers_file_exits_3(invoke):
    result = invoke("check", "--no-policy", "--answers-file", "-", input="danger: [a, b]\n")
    assert result.exit_code == 3
    assert "-:1:" in result.stderr or "<stdin>:1:" in result.stderr


def test_no_answers_without_terminal_is_refused_and_guesses_nothing(invoke):
    result = invoke("check", "--no-policy", "--region", "US", input="\n")
    assert result.exit_code == 2
    assert "--answer" in result.stderr and "--answers-file" in result.stderr
    assert "contactcheck questions" in result.stderr
    assert "988" in result.stderr
    assert result.stdout == ""


def test_invalid_tree_exits_3_and_still_shows_the_crisis_line(invoke, write_tree):
    path = write_tree(MINIMAL_TREE.replace("next: topic", "next: nowhere"))
    result = invoke("check", "--tree", str(path), "--region", "US", "--answer", "danger=none")
    assert result.exit_code == 3
    assert "nowhere" in result.stderr
    assert "988" in result.stderr


def test_policy_profile_answers_policy_questions(invoke, write_tree, tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text('dbt_coaching: {number: "555 0101", hours: "9am-9pm"}\n', encoding="utf-8")
    result = invoke("check", "--format", "json", "--region", "US", "--policy", str(policy),
                    *flags({"danger": "none", "urgent": "none", "topic": "urges",
                            "distress_kind": "harm_urges"}))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["outcome"]["id"] == "coaching_call"
    assert data["trail"][-1] == {"question": "urge_support", "answer": "coaching",
                                 "from_policy": True, "from_clock": False}
    assert any("555 0101" in line for line in data["policy"])


def test_invalid_explicit_policy_exits_3(invoke, tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text("dbt_coaching: maybe\n", encoding="utf-8")
    result = invoke("check", "--region", "US", "--policy", str(policy), "--answer",
                    "danger=none", "--answer", "urgent=none", "--answer", "topic=admin")
    assert result.exit_code == 3
    assert f"{policy}:1:15" in result.stderr
    assert "988" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("content", ["dbt_coaching: maybe\n", "\x00\x01binary", ""])
def test_a_broken_policy_never_hides_the_emergency_result(invoke, tmp_path, content):
    policy = tmp_path / "policy.yaml"
    policy.write_text(content, encoding="utf-8")
    result = invoke("check", "--region", "US", "--policy", str(policy), "--answer",
                    "danger=about_to_act")
    assert result.exit_code == 0, result.stderr
    assert "Emergency" in result.stdout and "911" in result.stdout and "988" in result.stdout
    assert str(policy) in result.stderr and "could not be used" in result.stderr


def test_an_unreadable_policy_never_hides_the_emergency_result(invoke, tmp_path):
    result = invoke("check", "--region", "US", "--policy", str(tmp_path / "missing.yaml"),
                    "--answer", "danger=about_to_act")
    assert result.exit_code == 0, result.stderr
    assert "911" in result.stdout and "could not be used" in result.stderr


@pytest.mark.parametrize(("content", "emergency"), [
    ("danger: about_to_act\nBad Key: x\n", True),          # a key that is not a question id
    ("danger: about_to_act\nurgent: [a, b]\n", True),      # another answer not one value
    ("danger: none\nBad Key: x\n", False),                 # no emergency: the file stops it
    ("danger: [about_to_act]\nurgent: none\n", False),     # the danger answer itself is bad
])
def test_a_badly_written_answers_file_never_hides_the_emergency_result(invoke, tmp_path,
                                                                        content, emergency):
    answers = tmp_path / "answers.yaml"
    answers.write_text(content, encoding="utf-8")
    for output in ("text", "json"):
        result = invoke("check", "--region", "US", "--no-policy", "--format", output,
                        "--answers-file", str(answers))
        assert f"{answers}:2:" in result.stderr or f"{answers}:1:" in result.stderr
        if emergency:
            assert result.exit_code == 0, result.stderr
            assert "911" in result.stdout and "988" in result.stdout
            assert "could be read" in result.stderr
        else:
            assert result.exit_code == 3
            assert result.stdout == ""  # no result from a guess
            assert "911" in result.stderr  # the crisis line still


def test_json_shape_is_the_documented_one(invoke):
    result = invoke("check", "--format", "json", "--region", "US", "--no-policy",
                    "--answer", "danger=suicidal_now")
    data = json.loads(result.stdout)
    assert {"decision", "urgency", "outcome", "why", "do", "safety_net", "resources", "trail",
            "tree"} <= set(data)
    assert set(data["outcome"]) == {"id", "title", "emergency", "urgency"}
    assert data["outcome"]["emergency"] is True
    assert data["urgency"] == data["outcome"]["urgency"] == "emergency"
    resources = data["resources"]
    assert (resources["region"]["code"], resources["chosen"]) == ("US", "flag")
    assert resources["lines"][0]["kind"] == "emergency"
    assert resources["lines"][0]["how"] == [{"call": "911"}]
    assert data["tree"] == {"id": "default", "version": "2.0"}


@pytest.mark.parametrize(("answers", "urgency"), [
    ({"danger": "about_to_act"}, "emergency"),
    ({"danger": "none", "urgent": "hurt_controlled"}, "urgent"),
    ({"danger": "none", "urgent": "none", "topic": "admin", "admin_kind": "cancel"}, "routine"),
])
def test_json_carries_the_urgency(invoke, answers, urgency):
    result = invoke("check", "--format", "json", "--region", "US", "--no-policy",
                    *flags(answers))
    assert json.loads(result.stdout)["urgency"] == urgency


@pytest.mark.parametrize("output_format", ["text", "markdown"])
def test_urgent_results_lead_with_numbers_and_say_urgent_in_words(invoke, output_format):
    urgent = invoke("check", "--format", output_format, "--region", "GB", "--no-policy",
                    *flags({"danger": "none", "urgent": "suicidal_thoughts",
                            "thoughts_using": "no"})).stdout
    assert "Urgent" in urgent and "This is urgent" in urgent
    assert urgent.index("116 123") < urgent.index("Why")
    routine = invoke("check", "--format", output_format, "--region", "GB", "--no-policy",
                     *flags({"danger": "none", "urgent": "none", "topic": "admin",
                             "admin_kind": "cancel"})).stdout
    assert "Urgent" not in routine and "Emergency" not in routine.split("Why")[0]
    assert routine.index("Why") < routine.index("116 123")


def test_a_profile_number_is_named_and_shown_first_on_an_urgent_result(invoke, tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text('after_hours: {name: "On-call line", number: "555 0100"}\n',
                      encoding="utf-8")
    out = invoke("check", "--region", "GB", "--policy", str(policy), *flags(
        {"danger": "none", "urgent": "suicidal_thoughts", "thoughts_using": "no"})).stdout
    assert "call On-call line on 555 0100 now" in " ".join(out.split())
    assert out.index("555 0100") < out.index("116 123") < out.index("Why")
    unsaved = invoke("check", "--region", "GB", "--no-policy", *flags(
        {"danger": "none", "urgent": "suicidal_thoughts", "thoughts_using": "no"})).stdout
    assert "call the number your therapist gave you now" in " ".join(unsaved.split())


@pytest.mark.parametrize("width", [40, 80])
def test_text_output_never_breaks_a_number(invoke, width):
    result = invoke("check", "--region", "GB", "--no-policy", "--answer", "danger=suicidal_now",
                    env={"COLUMNS": str(width)})
    lines = result.stdout.splitlines()
    assert all(len(line.rstrip()) <= width for line in lines)
    assert any("116 123" in line for line in lines)
    assert any(line.strip() == "Emergency: 999" for line in lines)


def test_explain_shows_path_and_sources(invoke):
    result = invoke("check", "--region", "US", "--no-policy", "--explain", *flags(
        {"danger": "none", "urgent": "none", "topic": "share", "share_kind": "good_news",
         "msg_allowed": "no"}))
    assert "How your answers led here" in result.stdout
    assert "share_kind" in result.stdout
    # The reference a person can look up, never an internal note.
    assert "source: Contact in Between Sessions" in result.stdout
    assert "https://www.kmeektherapy.com" in result.stdout.replace("\n", "")
    assert "seed" not in result.stdout and "GUIDANCE" not in result.stdout


@pytest.mark.parametrize("region", ["JP", "SG", "EU"])
def test_region_without_crisis_line_says_so_instead_of_pointing_at_nothing(invoke, region):
    result = invoke("check", "--region", region, "--no-policy", "--answer",
                    "danger=suicidal_now")
    shown = " ".join(result.stdout.split())
    assert "No crisis line is listed here" in shown
    assert "call the emergency number" in shown


def test_endless_answers_file_is_refused_not_read_forever(invoke):
    result = invoke("check", "--no-policy", "--answers-file", "/dev/zero")
    assert result.exit_code == 2  # a path that cannot be read, as for every command
    assert "/dev/zero: cannot read the file: a device" in result.stderr


@pytest.mark.parametrize("delay", [0, 0.5], ids=["writer-first", "writer-late"])
def test_tree_from_a_pipe_is_accepted(invoke, tmp_path, delay):
    # A FIFO opened before its writer starts reads as empty at once; the reader must wait
    # for the writer (a while), or the tree is lost and the writer blocks for ever.
    import os
    import threading
    import time

    from tests.helpers import MINIMAL_TREE

    fifo = tmp_path / "tree.fifo"
    os.mkfifo(fifo)

    def write() -> None:
        time.sleep(delay)
        fifo.write_text(MINIMAL_TREE, encoding="utf-8")

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    result = invoke("check", "--tree", str(fifo), "--region", "US", "--answer", "danger=danger")
    writer.join(timeout=30)
    assert not writer.is_alive(), "the tree was never read from the pipe"
    assert result.exit_code == 0, result.stderr
    assert "911" in result.stdout


def _bundled_paths():
    from contactcheck.authoring.routes import iter_paths
    from contactcheck.tree.bundled import bundled_trees
    from contactcheck.tree.load import load_tree

    for path in bundled_trees():
        tree = load_tree(path)
        for tree_path in iter_paths(tree):
            yield pytest.param(path, tree_path, id=f"{path.stem}:{tree_path.outcome.id}:"
                               + "/".join(tree_path.answers.values()))


@pytest.mark.parametrize(("tree_file", "tree_path"), list(_bundled_paths()))
def test_every_path_gives_the_trees_result_through_check(invoke, tree_file, tree_path):
    """What `check --answer` says agrees with the tree, path by path, in every format."""
    args = ["check", "--tree", str(tree_file), "--region", "US", "--no-policy",
            *flags(tree_path.answers)]
    data = json.loads(invoke(*args, "--format", "json").stdout)
    assert data["decision"] == tree_path.decision.value
    assert data["outcome"]["id"] == tree_path.outcome.id
    assert [step["question"] for step in data["trail"]] == list(tree_path.answers)
    text = invoke(*args).stdout
    headline = " ".join(text.split("\n\n")[0].split())
    assert tree_path.outcome.title in headline  # the decision comes first
    assert "988" in text  # the crisis line, on every result


def test_disclaimer_is_said_once(invoke):
    result = invoke("check", "--region", "US", "--no-policy", "--answer", "danger=suicidal_now")
    assert result.stdout.count("diagnosis") == 1


@pytest.mark.parametrize("width", range(30, 61, 3))
def test_policy_numbers_never_break_across_lines(invoke, tmp_path, width):
    policy = tmp_path / "policy.yaml"
    policy.write_text('dbt_coaching: {number: "+44 20 7946 0958", hours: "9am-9pm, every day"}\n',
                      encoding="utf-8")
    result = invoke("check", "--region", "GB", "--policy", str(policy), "--answer", "danger=none",
                    "--answer", "urgent=none", "--answer", "topic=urges",
                    "--answer", "distress_kind=harm_urges",
                    env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    assert "+44 20 7946 0958" in result.stdout
    assert all(len(line.rstrip()) <= width for line in result.stdout.splitlines())


def test_outcome_needing_therapist_details_says_when_none_are_saved(invoke):
    result = invoke("check", "--region", "US", "--no-policy", "--format", "json", *flags(
        {"danger": "none", "urgent": "none", "topic": "urges",
      "distress_kind": "harm_urges", "urge_support": "coaching"}))
    data = json.loads(result.stdout)
    assert "not saved here" in data["policy_note"]
    assert data["policy"] == []  # nothing that is not the therapist's own words


@pytest.mark.parametrize(("answers", "leads"), [
    ({"danger": "suicidal_now"}, True),
    ({"danger": "none", "urgent": "none", "topic": "admin", "admin_kind": "cancel"}, False),
])
def test_json_of_an_emergency_leads_with_the_numbers(invoke, answers, leads):
    result = invoke("check", "--region", "GB", "--format", "json", *flags(answers))
    keys = list(json.loads(result.stdout))
    assert (keys.index("resources") < keys.index("headline")) is leads
    assert keys[:2] == ["schema_version", "decision"]


@pytest.mark.parametrize("output_format", ["text", "markdown"])
def test_without_a_profile_the_heading_does_not_claim_a_policy(invoke, output_format):
    result = invoke("check", "--region", "US", "--no-policy", "--format", output_format,
                    *flags({"danger": "none", "urgent": "none", "topic": "admin",
                            "admin_kind": "cancel"}))
    assert "Your therapist's contact details" in result.stdout
    assert "From your therapist's policy" not in result.stdout


def test_emergency_without_a_profile_does_not_advertise_policy_init(invoke):
    # After self-harm, with no profile: the crisis line, not a tip to set up a profile.
    result = invoke("check", "--region", "US", "--no-policy", *flags(
        {"danger": "none", "urgent": "self_harm", "harm_what": "small_wound"}))
    assert result.exit_code == 0
    assert "988" in result.stdout
    assert "policy init" not in result.stdout
    assert "From your therapist's policy" not in result.stdout


def test_draft_uses_the_therapists_name_from_the_profile(invoke, tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text('therapist: "Dr. Lee"\n', encoding="utf-8")
    answers = flags({"danger": "none", "urgent": "none", "topic": "admin", "admin_kind": "cancel"})
    named = json.loads(invoke("check", "--format", "json", "--region", "US", "--policy",
                              str(policy), *answers).stdout)
    assert named["draft"].startswith("Hi Dr. Lee,")
    plain = json.loads(invoke("check", "--format", "json", "--region", "US", "--no-policy",
                              *answers).stdout)
    assert plain["draft"].startswith("Hi [therapist's name],")


def test_uk_wide_line_comes_first_for_gb(invoke):
    data = json.loads(invoke("resources", "--region", "GB", "--format", "json").stdout)
    crisis = [line for line in data["regions"][0]["lines"] if line["kind"] == "crisis"]
    assert crisis[0]["name"] == "Samaritans"


def test_a_mistyped_question_id_is_reported_before_anything_is_asked(invoke):
    result = invoke("check", "--region", "US", "--no-policy", "--answer", "danger=none",
                    "--answer", "urgent=none", "--answer", "topci=share")
    assert result.exit_code == 2
    assert "no question 'topci'" in result.stderr and "did you mean 'topic'" in result.stderr
    assert "no answer for question 'topic'" in result.stderr


@pytest.mark.parametrize(("old", "question", "new", "outcome"), [
    ("suicidal_now", "danger", "about_to_act", "emergency_now"),
    ("overdose_injury", "danger", "attempt", "emergency_attempt"),
])
def test_renamed_answers_still_work_and_the_trail_says_the_new_value(invoke, old, question,
                                                                     new, outcome):
    data = json.loads(invoke("check", "--format", "json", "--region", "US", "--no-policy",
                             "--answer", f"{question}={old}").stdout)
    assert data["outcome"]["id"] == outcome
    assert data["trail"] == [{"question": question, "answer": new, "from_policy": False,
                              "from_clock": False}]


def test_an_answer_that_moved_is_refused_naming_where_it_went(invoke):
    result = invoke("check", "--region", "US", "--no-policy", "--answer", "danger=self_harm_24h")
    assert result.exit_code == 2
    assert "--answer urgent=self_harm" in result.stderr
    assert "988" in result.stderr


@pytest.mark.parametrize(("profile", "reached"), [
    ('dbt_coaching: {number: "555 0101"}\n', "coaching_call"),
    ('dbt_coaching: no\nafter_hours: {number: "555 0100"}\n', "after_hours_call"),
    ("dbt_coaching: no\nafter_hours: no\ncovering_colleague: no\n", "crisis_support"),
])
def test_the_urges_question_is_answered_from_the_profile_when_it_says(invoke, tmp_path,
                                                                      profile, reached):
    policy = tmp_path / "policy.yaml"
    policy.write_text(profile, encoding="utf-8")
    data = json.loads(invoke("check", "--format", "json", "--region", "US", "--policy",
                             str(policy), *flags({"danger": "none", "urgent": "none",
                                                  "topic": "urges",
                            "distress_kind": "harm_urges"})).stdout)
    assert data["outcome"]["id"] == reached
    assert data["trail"][-1]["from_policy"] is True


def test_a_profile_that_does_not_say_leaves_the_urges_question_to_the_person(invoke, tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text('covering_colleague: {name: "Dr. Patel", contact: "555 0102"}\n',
                      encoding="utf-8")
    result = invoke("check", "--region", "US", "--policy", str(policy),
                    *flags({"danger": "none", "urgent": "none", "topic": "urges",
                            "distress_kind": "harm_urges"}))
    assert result.exit_code == 2
    assert "no answer for question 'urge_support'" in result.stderr


def test_a_text_line_never_falls_back_to_texting_the_emergency_number(invoke):
    # The US data has no line of kind `text`; 988 takes texts, 911 may not.
    data = json.loads(invoke("check", "--format", "json", "--region", "US", "--no-policy", *flags(
        {"danger": "none", "urgent": "none", "topic": "urges", "distress_kind": "use_urges",
         "use_kind": "urge", "use_help": "nothing"})).stdout)
    steps = " ".join(data["do"])
    assert "text the emergency number" not in steps and "988" in steps


def test_a_line_named_twice_in_one_step_is_not_repeated(invoke):
    # Germany lists no crisis line: both kinds fall back to the emergency number.
    data = json.loads(invoke("check", "--format", "json", "--region", "DE", "--no-policy", *flags(
        {"danger": "none", "urgent": "voices", "voices_using": "no"})).stdout)
    for step in data["do"]:
        assert step.count("the emergency number (") <= 1, step
