"""Hostile tree and scenario files: refused with their line, quickly, and nothing outside read.

Near the size cap, a file of millions of tiny values took minutes and gigabytes
to refuse: counts are capped as well as bytes (items in a list, keys in a
mapping, values in a file). A scenario's `tree:` is a bundled name or a path in
the scenario file's own folder, never an absolute path or one climbing out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contactcheck.tree.yamlread import MAX_ITEMS, MAX_KEYS, MAX_NODES
from tests.processes import assert_no_traceback, person_env, run

LOCATED = re.compile(r"\.yaml:\d+:\d+: ")


def _flow_list(count: int) -> str:
    return "id: x\nquestions: [" + ",".join(["a"] * count) + "]\n"


def _block_mapping(count: int) -> str:
    return "id: x\nquestions:\n" + "".join(f"  k{index}: v\n" for index in range(count))


def _many_lists(count: int) -> str:
    width = MAX_ITEMS // 2
    row = "[" + ",".join(["a"] * width) + "]"
    return "id: x\nquestions:\n" + "".join(f"  - {row}\n" for _ in range(count // width + 1))


HOSTILE = {
    "list-over-the-item-cap": lambda: _flow_list(MAX_ITEMS + 1),
    "mapping-over-the-key-cap": lambda: _block_mapping(MAX_KEYS + 1),
    "values-over-the-node-cap": lambda: _many_lists(MAX_NODES),
    "32-MiB-flow-list": lambda: _flow_list(16 * 1024 * 1024 - 20),
}


BIG = {"values-over-the-node-cap", "32-MiB-flow-list"}
"""Files that take seconds to write and read: checked through one command (the same reader)."""


@pytest.mark.parametrize(("name", "command"), [
    (name, command) for name in HOSTILE for command in ("validate", "lint")
    if command == "validate" or name not in BIG])
def test_a_file_of_too_many_values_is_refused_with_its_line(
        tmp_path: Path, name: str, command: str) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(HOSTILE[name](), encoding="ascii")
    assert path.stat().st_size <= 32 * 1024 * 1024
    done = run([command, str(path)], person_env(tmp_path))
    assert done.code == 3, done.output
    assert_no_traceback(done)
    assert LOCATED.search(done.stderr), done.stderr


def test_counts_just_under_the_caps_are_not_refused_for_their_size(tmp_path: Path) -> None:
    path = tmp_path / "wide.yaml"
    path.write_text(_flow_list(MAX_ITEMS), encoding="ascii")
    done = run(["validate", str(path)], person_env(tmp_path))
    assert done.code == 3  # still not a tree, but for what it says, not for its size
    assert "more than" not in done.stderr, done.stderr


# -- a scenario's tree ----------------------------------------------------------------------

SCENARIO = """\
tree: {tree}
scenarios:
  - name: anything
    answers: {{}}
    expect: {{outcome: nothing}}
"""


@pytest.mark.parametrize("tree", ["/etc/passwd", "../outside.yaml", "sub/../../outside.yaml",
                                  "link/outside.yaml", "escape.yaml"])
def test_a_scenario_tree_outside_the_scenario_folder_is_refused(
        tmp_path: Path, tree: str) -> None:
    folder = tmp_path / "scenarios"
    (folder / "sub").mkdir(parents=True)
    outside = tmp_path / "outside.yaml"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (folder / "link").symlink_to(tmp_path)
    (folder / "escape.yaml").symlink_to(outside)
    scenario = folder / "s.yaml"
    scenario.write_text(SCENARIO.format(tree=tree))
    done = run(["test", str(scenario)], person_env(tmp_path))
    assert_no_traceback(done)
    assert done.code == 3, done.output
    assert "root:x" not in done.output and "/bin/bash" not in done.output
    assert re.search(r"s\.yaml:1:\d+: ", done.stderr), done.stderr
    assert "folder" in done.stderr, done.stderr


def test_a_scenario_tree_inside_the_scenario_folder_is_used(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    (folder / "trees").mkdir(parents=True)
    tree = Path(__file__).resolve().parents[1] / "trees" / "default.yaml"
    (folder / "trees" / "mine.yaml").write_bytes(tree.read_bytes())
    scenario = folder / "s.yaml"
    scenario.write_text(SCENARIO.format(tree="trees/mine.yaml"))
    done = run(["test", str(scenario)], person_env(tmp_path))
    assert_no_traceback(done)
    # The tree was read: the scenario fails on its expectation, not on its tree.
    assert "folder" not in done.stderr, done.output
    assert done.code in (1, 3), done.output
