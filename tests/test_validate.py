"""`contactcheck validate` and `schema` as an author uses them."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.helpers import MINIMAL_TREE


def run(*args: str, cwd: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "contactcheck", *args], capture_output=True,
                          text=True, cwd=cwd, check=False)


def test_valid_tree_exits_0(write_tree):
    path = write_tree(MINIMAL_TREE)
    done = run("validate", str(path))
    assert done.returncode == 0, done.stderr
    assert "valid" in done.stdout


def test_invalid_tree_exits_3_with_location_and_no_traceback(write_tree):
    path = write_tree(MINIMAL_TREE.replace("next: topic", "next: topci"))
    done = run("validate", str(path))
    assert done.returncode == 3
    assert f"{path}:10:" in done.stderr
    assert "did you mean 'topic'?" in done.stderr
    assert "Traceback" not in done.stderr


def test_json_format_lists_problems(write_tree):
    path = write_tree(MINIMAL_TREE.replace("title: Demo", "titel: Demo"))
    done = run("validate", "--format", "json", str(path))
    assert done.returncode == 3
    report = json.loads(done.stdout)
    assert report["valid"] is False
    messages = [p["message"] for p in report["files"][0]["problems"]]
    assert "unknown key 'titel' in the tree" in messages


def test_bundled_trees_are_valid():
    done = run("validate")
    assert done.returncode == 0, done.stderr


def test_schema_is_json_schema_2020_12():
    done = run("schema")
    schema = json.loads(done.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    tree = schema["$defs"]["tree"]
    assert set(tree["required"]) == {"id", "title", "version", "start", "questions", "outcomes"}
    # A file with `translation:` is read as a translation, anything else as a tree.
    assert schema["if"]["required"] == ["translation"]
    assert schema["then"] == {"$ref": "#/$defs/translation"}
    assert schema["else"] == {"$ref": "#/$defs/tree"}
    translation = schema["$defs"]["translation"]
    assert set(translation["required"]) == {"translation", "lang", "title", "questions",
                                            "outcomes"}


def test_usage_error_exits_2():
    assert run("validate", "--no-such-option").returncode == 2


def test_shipped_schema_file_is_current():
    """The schema file that tree modelines point at is what `schema` prints."""
    from tests.helpers import REPO

    shipped = (REPO / "src/contactcheck/data/tree.schema.json").read_text(encoding="utf-8")
    assert json.loads(shipped) == json.loads(run("schema").stdout), (
        "regenerate it: contactcheck schema > src/contactcheck/data/tree.schema.json")


def test_bundled_trees_point_at_the_shipped_schema():
    from tests.helpers import REPO

    for tree in (REPO / "trees").glob("*.yaml"):
        first = tree.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../src/contactcheck/data/tree.schema.json"


def test_a_dangling_next_and_what_it_cuts_off_are_reported_in_one_pass(tmp_path):
    from tests.helpers import MINIMAL_TREE

    path = tmp_path / "tree.yaml"
    path.write_text(MINIMAL_TREE.replace("next: topic}", "next: topicc}"), encoding="utf-8")
    result = run("validate", str(path))
    assert result.returncode == 3
    assert "'topicc', which does not exist" in result.stderr
    assert "'topic' cannot be reached" in result.stderr


def test_schema_write_saves_the_schema_where_the_trees_are(tmp_path):
    folder = tmp_path / "my-trees"
    result = run("schema", "--write", str(folder))
    assert result.returncode == 0, result.stderr
    written = json.loads((folder / "tree.schema.json").read_text(encoding="utf-8"))
    assert written == json.loads(run("schema").stdout)
    assert "$schema=tree.schema.json" in result.stdout
    assert written["$id"].startswith("urn:") or written["$id"].startswith("https://")
    assert ".invalid" not in written["$id"]


def test_the_tree_format_example_is_a_complete_tree_that_validates_and_lints_clean(tmp_path):
    import re

    from tests.helpers import REPO

    doc = (REPO / "docs" / "tree-format.md").read_text(encoding="utf-8")
    example = re.search(r"## A complete example.*?```yaml\n(.*?)```", doc, re.S)
    assert example is not None
    path = tmp_path / "my-tree.yaml"
    path.write_text(example.group(1), encoding="utf-8")
    assert run("validate", str(path)).returncode == 0
    linted = run("lint", str(path))
    assert linted.returncode == 0, linted.stdout + linted.stderr
