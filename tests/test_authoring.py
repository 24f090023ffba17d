"""The authoring docs and plumbing: README blocks, pre-commit hooks, `trees`, help, CI."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import yaml

from contactcheck.cli import COMMANDS
from tests.helpers import REPO
from tests.readme_blocks import README, example_block, expected_graph_block, graph_block

AUTHORING_COMMANDS = ["graph", "paths", "test", "trees", "lint"]


def test_readme_diagram_of_the_bundled_tree_is_current():
    current = graph_block(README.read_text(encoding="utf-8"), "default")
    assert current is not None, "README.md lacks the <!-- graph:default:start --> markers"
    assert current == expected_graph_block("default"), (
        "the README's diagram of the bundled tree is stale; "
        "regenerate it with: python -m tests.readme_blocks")


def test_readme_example_tree_is_valid_clean_and_its_scenarios_cover_it(tmp_path, invoke,
                                                                       monkeypatch):
    text = README.read_text(encoding="utf-8")
    (tmp_path / "my-tree.yaml").write_text(example_block(text, "example-tree"), encoding="utf-8")
    (tmp_path / "scenarios.yaml").write_text(example_block(text, "example-scenarios"),
                                             encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert invoke("validate", "my-tree.yaml").exit_code == 0
    assert invoke("lint", "my-tree.yaml").exit_code == 0
    tested = invoke("test", "--min-coverage", "100", "scenarios.yaml")
    assert tested.exit_code == 0, tested.stdout
    paths = invoke("paths", "--tree", "my-tree.yaml")
    assert paths.stdout == example_block(text, "example-paths")


def test_pre_commit_hooks_run_our_commands():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == [
        "contactcheck-validate", "contactcheck-lint", "contactcheck-test"]
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook)
        program, command = hook["entry"].split()
        assert program == "contactcheck" and command in COMMANDS
        re.compile(hook["files"])
    assert re.search(hooks[0]["files"], "trees/my-tree.yaml")
    assert not re.search(hooks[0]["files"], ".pre-commit-config.yaml")


def test_ci_runs_the_bundled_scenarios():
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/contactcheck test tests/scenarios/*.yaml" in script


def test_trees_lists_the_bundled_trees(invoke):
    listed = invoke("trees", "--format", "json")
    assert listed.exit_code == 0
    entries = json.loads(listed.stdout)
    default = next(entry for entry in entries if entry["name"] == "default")
    assert default["id"] == "default"
    assert default["version"] and default["title"]
    assert (REPO / "trees" / "default.yaml").samefile(default["path"])
    text = invoke("trees").stdout.splitlines()
    assert text[0].split() == ["name", "id", "version", "title", "path"]
    assert text[1].startswith("default  default  ")


@pytest.mark.parametrize("name", AUTHORING_COMMANDS)
def test_every_authoring_command_has_help(invoke, name):
    result = invoke(name, "-h")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    assert name in COMMANDS


@pytest.mark.parametrize("module", ["routes", "graph", "scenarios", "lint"])
def test_core_modules_import_no_ui_library(module):
    source = (REPO / "src" / "contactcheck" / "authoring" / f"{module}.py").read_text("utf-8")
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"click", "rich", "questionary", "prompt_toolkit", "yaml"}


def test_the_test_hook_needs_no_arguments(tmp_path):
    """`contactcheck test` with no files finds scenarios/ or tests/scenarios/ (as the hook runs)."""
    import subprocess
    import sys

    def run_here(cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "contactcheck", "test"], cwd=cwd,
                              capture_output=True, text=True, check=False)

    found = run_here(REPO)
    assert found.returncode == 0, found.stderr
    assert "coverage" in found.stdout.lower()
    empty = run_here(tmp_path)
    assert empty.returncode == 3
    assert "scenarios/" in empty.stderr
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "mine.yaml").write_text(
        "tree: default\nscenarios:\n  - name: danger first\n    answers: {danger: suicidal_now}\n"
        "    expect: {decision: contact_now, outcome: emergency_now}\n", encoding="utf-8")
    assert run_here(tmp_path).returncode == 0
