"""Versioned interfaces and one registry of output formats per document."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest

from contactcheck.errors import InvalidFile
from contactcheck.output import formats
from contactcheck.tree.load import tree_from_bytes
from tests.helpers import MINIMAL_TREE

SRC = Path(__file__).resolve().parents[1] / "src" / "contactcheck"


@pytest.mark.parametrize(("line", "refusal"), [
    (None, None),
    ("format: 1", None),
    ('format: "1"', None),
    ("format: 2", "this tree is written in format 2; this version of contactcheck reads format 1"),
    ("format: 0", "'format' starts at 1"),
    ("format: one", "'format' must be a whole number"),
    ("format: [1]", "'format' must be a whole number"),
])
def test_a_tree_states_its_format_and_a_newer_one_is_refused(line, refusal):
    text = MINIMAL_TREE if line is None else f"{line}\n{MINIMAL_TREE}"
    if refusal is None:
        assert tree_from_bytes(text.encode(), "tree.yaml").id == "demo"
        return
    with pytest.raises(InvalidFile) as refused:
        tree_from_bytes(text.encode(), "tree.yaml")
    [problem] = refused.value.problems
    assert refusal in problem.message
    assert (problem.line, problem.col) == (1, len("format: ") + 1)


def test_the_bundled_tree_says_its_format():
    from contactcheck.tree.bundled import DEFAULT_TREE, find_tree

    path = find_tree(DEFAULT_TREE)
    assert path is not None
    assert re.search(r"(?m)^format: 1$", path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("answer", ["danger=danger", "danger=none"])
def test_json_results_carry_their_schema_version(invoke, write_tree, answer):
    path = write_tree(MINIMAL_TREE)
    extra = ["--answer", "topic=yes"] if answer == "danger=none" else []
    result = invoke("check", "--tree", str(path), "--region", "US", "--no-policy",
                    "--format", "json", "--answer", answer, *extra)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["schema_version"] == 1


@pytest.mark.parametrize(("document", "command"), [
    ("result", ["check"]), ("agenda", ["agenda", "list"]), ("safety-plan", ["safety-plan", "show"]),
])
def test_format_offers_exactly_the_documents_registered_formats(invoke, document, command):
    shown = invoke(*command, "--help").stdout
    offered = re.search(r"--format \[([a-z|]+)\]", " ".join(shown.split()))
    assert offered is not None
    assert tuple(offered.group(1).split("|")) == formats.names(document)


def test_every_registered_renderer_exists():
    for document, table in formats.REGISTRY.items():
        for name, target in table.items():
            module, _, function = target.partition(":")
            assert callable(getattr(importlib.import_module(module), function)), (document, name)


@pytest.mark.parametrize("command", ["check", "agenda", "safety_plan"])
def test_commands_of_registered_documents_choose_no_renderer(command):
    source = (SRC / "commands" / f"{command}.py").read_text(encoding="utf-8")
    assert "elif output_format" not in source, "emit(document, format, value) chooses"
