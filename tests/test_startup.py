"""Fast start: what each command imports (stable on any machine, unlike timings).

`benchmarks/bench.py` measures the times; these tests keep the reasons for
them from coming back: a heavy library imported by a command that does not
need it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a fresh Python process per check

HEAVY = ("questionary", "prompt_toolkit", "rich", "yaml", "importlib.metadata")

PROBE = """
import contextlib, io, json, sys
from contactcheck.cli import run
with contextlib.redirect_stdout(io.StringIO()):
    code = run(json.loads(sys.argv[1]))
heavy = json.loads(sys.argv[2])
print(json.dumps({"code": code, "imported": sorted(
    name for name in sys.modules if name.split(".")[0] in heavy or name in heavy)}))
"""


def imported(args: list[str], heavy: tuple[str, ...] = HEAVY) -> list[str]:
    """Run the CLI in a fresh interpreter; the heavy modules it imported."""
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args), json.dumps(heavy)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["code"] == 0
    return list(report["imported"])


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["--version"], ["-V"],
                                  ["check", "--help"], ["validate", "--help"]])
def test_help_and_version_import_nothing_heavy(args):
    assert imported(args) == []


def bundled_path_answers() -> list[str]:
    """`--answer` flags for one whole path through the bundled tree (the last choice each time)."""
    from contactcheck.tree.bundled import DEFAULT_TREE, find_tree
    from contactcheck.tree.load import tree_from_bytes

    path = find_tree(DEFAULT_TREE)
    assert path is not None
    tree = tree_from_bytes(Path(path).read_bytes(), str(path))
    flags, node = [], tree.start
    while node in tree.questions:
        choice = tree.questions[node].choices[-1]
        flags += ["--answer", f"{node}={choice.value}"]
        node = choice.next
    return flags


@pytest.fixture
def no_saved_policy(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTACTCHECK_CONFIG_HOME", str(tmp_path / "config"))


def test_a_warm_json_check_imports_no_yaml_rich_or_prompts(no_saved_policy):
    args = ["check", "--format", "json", *bundled_path_answers()]
    first = imported(args)
    assert "rich" not in first and "questionary" not in first
    assert imported(args) == [], "with a warm cache, not even PyYAML"


@pytest.mark.parametrize("policy", [["--no-policy"], []], ids=["--no-policy", "no saved profile"])
def test_a_check_on_the_kept_bundled_tree_reads_no_yaml(no_saved_policy, policy):
    """The first check builds the bundled tree and resources; later ones read no YAML at all,
    and looking for a profile or a safety plan that is not there reads none either."""
    args = ["check", "--format", "json", *policy, *bundled_path_answers()]
    assert "yaml" in imported(args, ("yaml",)), "the first check parses"
    assert imported(args, ("yaml", "difflib")) == []
