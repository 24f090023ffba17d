"""The practice file: written by a therapist, installed by `setup`, used by every check."""

from __future__ import annotations

import json
import re
import stat
import textwrap
from pathlib import Path

import pytest

from tests.helpers import COACHING_TREE, REPO

DANGER_TAGS = ("suicide", "medical", "harm_others", "abuse", "others_at_risk", "suicidal_thoughts",
               "psychosis", "self_harm", "abuse_ongoing", "worried_about_someone",
               "unsure_safety")


def clinic_tree(tags: tuple[str, ...] = DANGER_TAGS) -> str:
    """COACHING_TREE with its danger screen covering the bundled categories by tag."""
    choices = "".join(f"      - {{value: {tag}, label: \"{tag}\", next: emergency, "
                      f"tags: [{tag}]}}\n" for tag in tags)
    text = COACHING_TREE.replace("id: coach", "id: clinic")
    return text.replace('      - {value: danger, label: "Yes", next: emergency}\n', choices)


PRACTICE = """\
practice: "Harbour Street Therapy"
updated: "2026-11-20"
region: GB
tree: clinic-tree.yaml
policy:
  therapist: "Sam Rivera"
  timezone: Europe/London
  dbt_coaching:
    number: "07700 900123"
    hours: {mon-fri: "09:00-21:00"}
  after_hours:
    name: "Clinic on-call line"
    number: "0117 496 0999"
    hours: "24/7"
crisis_lines:
  - {name: "Harbour Street duty team", kind: crisis, how: [{call: "0117 496 0111"}],
     hours: "24/7"}
"""

URGES = ("-a", "danger=none", "-a", "topic=urges")


@pytest.fixture
def practice_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "from-the-clinic"
    folder.mkdir()
    (folder / "clinic-tree.yaml").write_text(clinic_tree(), encoding="utf-8")
    (folder / "practice.yaml").write_text(PRACTICE, encoding="utf-8")
    return folder


def install(run_cli, folder: Path, text: str | None = None):
    path = folder / "practice.yaml"
    if text is not None:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return run_cli("setup", str(path), "--yes")


def checked(run_cli, *args: str) -> dict:
    result = run_cli("check", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_therapists_guide_example_installs(run_cli, tmp_path):
    guide = (REPO / "docs" / "for-therapists.md").read_text(encoding="utf-8")
    example = re.search(r"## A complete example.*?```yaml\n(.*?)```", guide, re.S)
    assert example is not None
    path = tmp_path / "practice.yaml"
    path.write_text(example.group(1), encoding="utf-8")
    result = run_cli("setup", "--check", str(path))
    assert result.exit_code == 0, result.output
    assert "Harbour Street Therapy" in result.stdout


def test_setup_installs_and_check_uses_it_with_no_flags(run_cli, practice_dir, private_dirs):
    result = install(run_cli, practice_dir)
    assert result.exit_code == 0, result.output
    config = private_dirs["config"]
    for name in ("practice.yaml", "practice-tree.yaml"):
        assert stat.S_IMODE((config / name).stat().st_mode) == 0o600
    inside = checked(run_cli, *URGES, "--now", "2026-12-04T10:00")
    assert inside["tree"]["id"] == "clinic"
    assert inside["outcome"]["id"] == "coaching_call"
    outside = checked(run_cli, *URGES, "--now", "2026-12-04T23:40")
    assert outside["outcome"]["id"] == "after_hours_call"
    # The file beside it was copied in: moving the original changes nothing.
    (practice_dir / "clinic-tree.yaml").unlink()
    assert checked(run_cli, *URGES, "--now", "2026-12-04T10:00")["tree"]["id"] == "clinic"


def test_the_practice_region_and_lines_are_labelled_beside_the_national_ones(
        run_cli, practice_dir, monkeypatch):
    monkeypatch.delenv("CONTACTCHECK_REGION", raising=False)
    assert install(run_cli, practice_dir).exit_code == 0
    out = run_cli("check", "-a", "danger=suicide").stdout
    flat = " ".join(out.split())
    assert "999" in flat and "116 123" in flat  # the national lines stay
    assert "your practice's region" in flat and "--region" in flat
    assert "Harbour Street duty team: Call 0117 496 0111" in flat
    assert "Harbour Street Therapy's practice file of 2026-11-20, GB" in flat
    data = checked(run_cli, "-a", "danger=suicide")
    assert "999" in json.dumps(data["resources"])
    assert "0117 496 0111" in json.dumps(data["resources"])
    other = checked(run_cli, "-a", "danger=suicide", "--region", "US")
    assert other["resources"]["lines"][0]["how"] == [{"call": "911"}]


def test_the_danger_screen_of_the_bundled_tree_has_tags():
    from contactcheck.tree.bundled import find_tree
    from contactcheck.tree.load import load_tree
    from contactcheck.tree.screen import screen_categories

    path = find_tree("default")
    assert path is not None
    categories = screen_categories(load_tree(path))
    assert set(DANGER_TAGS) <= set(categories)


BROKEN = [
    # (what is wrong, the practice text or a tree, the line the message names, words)
    ("bad hours", PRACTICE.replace('{mon-fri: "09:00-21:00"}', '{mon-fri: "9 to 9"}'), 10,
     "09:00-17:00"),
    ("unknown key", PRACTICE.replace("region: GB\n", "region: GB\ncolour: blue\n"), 4,
     "colour"),
    ("a tree without the danger screen",
     PRACTICE.replace("tree: clinic-tree.yaml", "tree: weak-tree.yaml"), 4, "medical"),
    ("a bad date", PRACTICE.replace('"2026-11-20"', '"20/11/2026"'), 2, "2026-11-20"),
    ("a tree path with folders", PRACTICE.replace("tree: clinic-tree.yaml",
                                                  "tree: ../clinic-tree.yaml"), 4, "beside"),
    ("a bad region", PRACTICE.replace("region: GB", "region: Britain"), 3, "two-letter"),
    ("a practice line posing as the emergency number",
     PRACTICE.replace("kind: crisis", "kind: emergency"), 16, "emergency"),
]


@pytest.mark.parametrize(("what", "text", "line", "words"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_practice_file_is_refused_with_its_line_and_nothing_installed(
        run_cli, practice_dir, private_dirs, what, text, line, words):
    weak = clinic_tree(tuple(tag for tag in DANGER_TAGS if tag != "medical"))
    (practice_dir / "weak-tree.yaml").write_text(weak, encoding="utf-8")
    result = install(run_cli, practice_dir, text)
    assert result.exit_code == 3, result.output
    assert f"practice.yaml:{line}:" in result.stderr
    assert words in result.stderr
    assert not private_dirs["config"].exists()
    assert "Traceback" not in result.output


def test_every_problem_is_reported_at_once(run_cli, practice_dir):
    text = PRACTICE.replace("region: GB\n", "region: GB\ncolour: blue\n").replace(
        '"2026-11-20"', '"soon"')
    result = install(run_cli, practice_dir, text)
    assert result.exit_code == 3
    assert "practice.yaml:2:" in result.stderr and "practice.yaml:4:" in result.stderr


def test_an_emergency_choice_that_does_not_lead_to_an_emergency_is_refused(
        run_cli, practice_dir):
    # The tagged choice comes after the emergency ones (so the tree itself is valid) but
    # leads to an ordinary outcome.
    tags = tuple(tag for tag in DANGER_TAGS if tag != "suicide")
    tree = clinic_tree(tags).replace(
        "      - {value: none,",
        "      - {value: suicide, label: \"suicide\", next: crisis_support, tags: [suicide]}\n"
        "      - {value: none,")
    (practice_dir / "clinic-tree.yaml").write_text(tree, encoding="utf-8")
    assert run_cli("validate", str(practice_dir / "clinic-tree.yaml")).exit_code == 0
    result = install(run_cli, practice_dir)
    assert result.exit_code == 3
    assert "practice.yaml:4:" in result.stderr
    assert "'suicide' must lead straight to an outcome with emergency: true" in result.stderr


def test_an_inline_tree(run_cli, practice_dir):
    inline = textwrap.indent(clinic_tree(), "  ")
    text = PRACTICE.replace("tree: clinic-tree.yaml\n", f"tree:\n{inline}")
    assert install(run_cli, practice_dir, text).exit_code == 0
    assert checked(run_cli, *URGES, "--now", "2026-12-04T10:00")["tree"]["id"] == "clinic"


def test_an_installed_file_that_stops_loading_falls_back_to_the_bundled_tree(
        run_cli, practice_dir, private_dirs):
    assert install(run_cli, practice_dir).exit_code == 0
    (private_dirs["config"] / "practice-tree.yaml").unlink()  # e.g. a folder cleaned up
    result = run_cli("check", "--format", "json", "--region", "GB", "-a",
                     "danger=suicidal_now")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["tree"]["id"] == "default"
    assert data["outcome"]["emergency"] is True
    assert "warning" in result.stderr and "bundled tree" in result.stderr


def test_an_installed_file_that_stops_loading_is_said_in_the_language_of_the_check(
        run_cli, practice_dir, private_dirs):
    assert install(run_cli, practice_dir).exit_code == 0
    (private_dirs["config"] / "practice-tree.yaml").unlink()
    result = run_cli("check", "--lang", "es", "--region", "GB", "-a", "danger=suicidal_now")
    assert result.exit_code == 0, result.output
    assert result.stderr.count("aviso: no se pudo usar el archivo de la consulta") == 1
    assert "999" in result.stdout  # the emergency result, with its numbers


def test_setup_asks_once_and_no_means_nothing_installed(run_cli, practice_dir, private_dirs):
    result = run_cli("setup", str(practice_dir / "practice.yaml"), input="n\n")
    assert result.exit_code == 0
    assert "Nothing was installed" in result.stdout
    assert not private_dirs["config"].exists()
    result = run_cli("setup", str(practice_dir / "practice.yaml"), input="y\n")
    assert result.exit_code == 0, result.output
    assert (private_dirs["config"] / "practice.yaml").is_file()


def test_setup_show_and_remove(run_cli, practice_dir, private_dirs):
    assert "No practice file" in run_cli("setup", "--show").stdout
    assert install(run_cli, practice_dir).exit_code == 0
    shown = run_cli("setup", "--show")
    assert "Harbour Street Therapy" in shown.stdout
    assert "2026-11-20" in shown.stdout
    assert run_cli("setup", "--remove").exit_code == 0
    assert not (private_dirs["config"] / "practice.yaml").exists()
    assert not (private_dirs["config"] / "practice-tree.yaml").exists()
    assert checked(run_cli, "--region", "GB", "-a", "danger=suicidal_now")["tree"]["id"] == \
        "default"


def test_the_persons_own_policy_wins_and_policy_show_says_so(run_cli, practice_dir,
                                                             private_dirs):
    assert install(run_cli, practice_dir).exit_code == 0
    (private_dirs["config"] / "policy.yaml").write_text("dbt_coaching: no\n", encoding="utf-8")
    data = checked(run_cli, *URGES, "--now", "2026-12-04T10:00")
    assert data["outcome"]["id"] == "after_hours_call"  # their own "no coaching" wins
    shown = run_cli("policy", "show")
    assert "dbt_coaching" in shown.stdout and "yours is used" in shown.stdout
    assert "0117 496 0999" in shown.stdout  # the practice's after-hours line still shows


def test_where_lists_it_and_forget_leaves_nothing(run_cli, practice_dir, private_dirs):
    assert install(run_cli, practice_dir).exit_code == 0
    assert run_cli("session", "next", "2030-01-10 15:00").exit_code == 0
    assert run_cli("agenda", "add", "sleep").exit_code == 0
    (private_dirs["config"] / "policy.yaml").write_text("dbt_coaching: no\n", encoding="utf-8")
    listed = {entry["path"] for entry in json.loads(run_cli("where", "--format", "json").stdout)}
    written = {str(p) for folder in ("data", "config") for p in private_dirs[folder].rglob("*")}
    assert written <= listed
    kept = run_cli("forget", "--yes", "--keep-policy")
    assert kept.exit_code == 0
    assert (private_dirs["config"] / "practice.yaml").is_file()
    assert not private_dirs["data"].exists()
    assert run_cli("forget", "--yes").exit_code == 0
    assert not private_dirs["config"].exists()
    assert not private_dirs["data"].exists()


def test_setup_with_no_answer_stops_and_installs_nothing(run_cli, practice_dir, private_dirs):
    # No terminal and nothing to read: a usage error naming --yes, as for every prompt.
    result = run_cli("setup", str(practice_dir / "practice.yaml"), input="")
    assert result.exit_code == 2
    assert "nothing was installed" in result.stderr
    assert "--yes" in result.stderr
    assert not private_dirs["config"].exists()


def test_the_persons_and_the_practices_after_hours_numbers_are_both_shown_labelled(
        run_cli, practice_dir, tmp_path):
    from contactcheck.check.report import ORDER

    assert install(run_cli, practice_dir).exit_code == 0
    own = tmp_path / "own.yaml"
    own.write_text('after_hours: {name: "My on-call line", number: "555 0100"}\n',
                   encoding="utf-8")
    lines = checked(run_cli, "-a", "danger=suicide", "--policy", str(own))["resources"]["lines"]
    groups = [line["group"] for line in lines]
    assert groups[0] == "emergency" and groups == sorted(groups, key=ORDER.index)
    professional = [line["text"] for line in lines if line["group"] == "professional"]
    assert any("555 0100" in text and "your therapist's policy" in text
               for text in professional)
    assert any("0117 496 0999" in text and "Harbour Street Therapy's practice file" in text
               for text in professional)
    assert any("0117 496 0111" in text for text in professional)  # the practice's duty team
    # The same number from both is shown once.
    same = checked(run_cli, "-a", "danger=suicide")["resources"]["lines"]
    assert sum("0117 496 0999" in line["text"] for line in same) == 1


@pytest.mark.parametrize(("tree_line", "danger", "spanish"), [
    ("", "suicidal_now", True),  # no tree named: the bundled one, with its translations
    ("tree: default\n", "suicidal_now", True),
    ("tree: clinic-tree.yaml\n", "suicide", False),  # the clinic's own tree: English only
])
def test_a_practice_files_tree_is_shown_in_the_persons_language_when_it_has_it(
        run_cli, practice_dir, tree_line, danger, spanish):
    text = PRACTICE.replace("tree: clinic-tree.yaml\n", tree_line)
    assert install(run_cli, practice_dir, text).exit_code == 0
    result = run_cli("check", "--lang", "es", "-a", f"danger={danger}")
    assert result.exit_code == 0, result.output
    assert ("Llame al" in result.stdout) is spanish
    assert ("Call" in result.stdout) is not spanish
    if not spanish:  # said once, in the language asked for
        assert result.stderr.strip() != ""
