"""The architecture, checked: a pure core, one YAML module, and a `--help` that stays light.

The core (model, engine, loader, facts, errors) must not grow a UI or YAML dependency, and
`contactcheck --help` must not pay for importing rich, questionary or PyYAML.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "contactcheck"
UI_AND_YAML = {"click", "questionary", "prompt_toolkit", "rich", "yaml"}
HEAVY = {"questionary", "prompt_toolkit", "rich", "yaml", "importlib.metadata"}


def imports(path: Path) -> set[str]:
    """Every module `path` imports, anywhere in the file (top level or inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def top_packages(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize("module", ["tree/model", "check/engine", "tree/load", "tree/rules",
                                    "prebuilt", "check/facts", "errors", "files",
                                    "folders"])
def test_core_imports_no_ui_and_no_yaml(module: str) -> None:
    assert not top_packages(imports(SRC / f"{module}.py")) & UI_AND_YAML


def test_yamlread_imports_yaml_but_no_ui() -> None:
    found = top_packages(imports(SRC / "tree" / "yamlread.py"))
    assert "yaml" in found
    assert not found & (UI_AND_YAML - {"yaml"})


def test_loader_reads_yaml_only_through_yamlread() -> None:
    found = imports(SRC / "tree" / "load.py")
    assert "contactcheck.tree.yamlread" in found
    assert "yaml" not in top_packages(found)


def test_only_yamlread_imports_yaml() -> None:
    offenders = sorted(str(path.relative_to(SRC)) for path in SRC.rglob("*.py")
                       if path.name != "yamlread.py" and "yaml" in top_packages(imports(path)))
    assert offenders == [], "read YAML with yamlread.decode + yamlread.parse, never yaml.load"


def test_only_prompts_imports_questionary_or_prompt_toolkit() -> None:
    offenders = sorted(str(path.relative_to(SRC)) for path in SRC.rglob("*.py")
                       if path.name != "prompts.py"
                       and top_packages(imports(path)) & {"questionary", "prompt_toolkit"})
    assert offenders == []


def test_the_pure_modules_really_import_nothing_heavy() -> None:
    """Not just the source text: importing the core loads none of the UI libraries."""
    script = (
        "import sys, json\n"
        "import contactcheck.tree.model, contactcheck.check.engine, contactcheck.check.facts\n"
        "import contactcheck.errors\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    loaded = set(json.loads(subprocess.run([sys.executable, "-c", script], capture_output=True,
                                           text=True, check=True).stdout))
    assert not {name.split(".")[0] for name in loaded} & UI_AND_YAML


@pytest.mark.parametrize("argv", [["--help"], ["-h"], ["--version"]])
def test_help_and_version_import_nothing_heavy(argv: list[str]) -> None:
    script = (
        "import contextlib, io, json, sys\n"
        "import contactcheck.cli\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    code = contactcheck.cli.run({argv!r})\n"
        "print(json.dumps({'code': code, 'out': out.getvalue(), 'modules': sorted(sys.modules)}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    report = json.loads(done.stdout)
    assert report["code"] == 0
    assert "contactcheck" in report["out"]  # it really printed the help or the version
    loaded = set(report["modules"])
    heavy = {name for name in loaded
             if name in HEAVY or name.split(".")[0] in HEAVY - {"importlib.metadata"}}
    assert heavy == set()


def test_architecture_names_only_modules_and_tests_that_exist() -> None:
    """ARCHITECTURE.md is a map: every module and test it points at must be there."""
    import re

    repo = SRC.parents[1]
    text = (repo / "ARCHITECTURE.md").read_text(encoding="utf-8")
    missing = []
    for cell in re.findall(r"`(tests/test_\w+\.py)::(\w+)`((?:, `::\w+`)*)", text):
        source = (repo / cell[0]).read_text(encoding="utf-8")
        for name in [cell[1], *re.findall(r"::(\w+)", cell[2])]:
            if f"def {name}(" not in source:
                missing.append(f"{cell[0]}::{name}")
    for module in re.findall(r"`((?:tree|check|output|personal|authoring|interactive)/\w+)\.py`",
                             text):
        if not (SRC / f"{module}.py").is_file():
            missing.append(module)
    assert missing == []


# Library modules import at the top; a command imports what it uses (laziness at the command
# boundary). These few imports are deferred on purpose, each for what it would cost every run.
DEFERRED = {
    ("tree/yamlread.py", "yaml"): "PyYAML costs more than a whole check of a kept bundled tree",
    ("check/resources.py", "contactcheck.check.regionfile"): "reading the regions file (YAML) "
                                                             "happens only when it is rebuilt",
    ("check/resources.py", "contactcheck"): "prebuilt imports the bundled-tree finder, "
                                            "which imports resources: a cycle",
    ("output/console.py", "rich.console"): "a JSON result asks only whether plain mode is on",
    ("personal/policy.py", "zoneinfo"): "only a profile that names a time zone needs it",
    ("tree/fields.py", "difflib"): "only a mistyped value needs a suggestion",
    ("interactive/prompts.py", "questionary"): "plain mode (screen readers, TERM=dumb) never "
                                              "loads the arrow-key prompt library",
    ("interactive/prompts.py", "questionary.prompts.common"): "the same",
    ("interactive/prompts.py", "prompt_toolkit.*"): "the same",
    ("interactive/prompts.py", "logging"): "asyncio imports it for the arrow-key prompts; "
                                           "plain mode never needs it",
    ("errors.py", "contactcheck.i18n"): "`--help` imports errors.py and must load nothing of the "
                                        "translations (test_catalog.py); i18n imports errors",
    ("personal/practice.py", "*"): "only a practice file (YAML) needs the tree and line readers",
    ("tree/load.py", "contactcheck.tree.rules"): "a kept bundled tree needs no checking: the "
                                                 "rules are imported to build one",
    ("tree/load.py", "contactcheck.tree.yamlread"): "nor reading: the YAML reader is imported "
                                                    "to build one",
    ("check/answers.py", "contactcheck.tree.yamlread"): "only an answers file is read as YAML",
    ("check/answers.py", "contactcheck.tree.fields"): "only an answers file, or a question id "
                                                      "that is not in the tree, needs the "
                                                      "field reader",
    ("check/region_choice.py", "contactcheck.personal.storage"): "a region is written only "
                                                                 "when the person saves it",
    ("output/json.py", "contactcheck.check.sources"): "only --explain cites the sources",
    ("output/jsondoc.py", "json"): "msgspec writes the JSON; only a lone surrogate (a file name "
                                   "that is not UTF-8) needs the json module",
    ("personal/in_check.py", "contactcheck.interactive.yesno"): "only the offers after an "
                                                                "interactive result ask",
    ("personal/in_check.py", "contactcheck.personal.agenda"): "a check writes an agenda only "
                                                              "when asked to",
}


def test_library_modules_defer_only_the_imports_listed_here():
    deferred = set()
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        if name.startswith("commands/") or name in {"cli.py", "__main__.py"}:
            continue
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    module = (node.module if isinstance(node, ast.ImportFrom) else None) \
                        or node.names[0].name
                    package = f"{module.split('.')[0]}.*"
                    if not {(name, module), (name, package), (name, "*")} & DEFERRED.keys():
                        deferred.add(f"{name}:{node.lineno} {module}")
    assert not deferred, f"import these at the top of the module (or list why): {deferred}"
