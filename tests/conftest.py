"""Shared fixtures: trees written inline to tmp_path, the CLI runner, private folders.

Helpers that are not fixtures live in tests/helpers.py.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from contactcheck.cli import cli, run
from tests.helpers import COACHING_TREE, Ran


@pytest.fixture
def write_tree(tmp_path: Path) -> Callable[[str], Path]:
    """Write YAML text (dedented) to a file in tmp_path and return its path."""
    count = 0

    def write(text: str, name: str | None = None) -> Path:
        nonlocal count
        count += 1
        path = tmp_path / (name or f"tree{count}.yaml")
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def runner() -> CliRunner:
    """A click runner that keeps stderr apart from stdout."""
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner) -> Callable[..., object]:
    """Run the CLI with arguments and return click's Result."""

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> object:
        return runner.invoke(cli, list(args), input=input, env=env, catch_exceptions=False)

    return run


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own empty cache directory (the person's own is never touched)."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.delenv("CONTACTCHECK_NO_CACHE", raising=False)
    return folder / "contactcheck"


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                 private_cache: Path) -> dict[str, Path]:
    """Every test keeps the person's data, config and cache in tmp_path, never in the real home.

    Returns the directories: `data` (CONTACTCHECK_HOME), `config`
    (CONTACTCHECK_CONFIG_HOME), `cache` (see `private_cache`) and `home`; none of
    them exists until written.
    """
    monkeypatch.delenv("CONTACTCHECK_LANG", raising=False)  # a test chooses its language
    dirs = {name: tmp_path / "user" / name for name in ("home", "data", "config")}
    dirs["cache"] = private_cache
    monkeypatch.setenv("HOME", str(dirs["home"]))
    monkeypatch.setenv("CONTACTCHECK_HOME", str(dirs["data"]))
    monkeypatch.setenv("CONTACTCHECK_CONFIG_HOME", str(dirs["config"]))
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(variable, str(dirs["home"] / variable.lower()))
    return dirs


@pytest.fixture
def run_cli(runner: CliRunner) -> Callable[..., Ran]:
    """Run the CLI through `cli.run`, as the console script does: errors become exit codes."""

    def call(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Ran:
        with runner.isolation(input=input, env=env) as (out, err, _):
            code = run(list(args))
        return Ran(code, out.getvalue().decode(), err.getvalue().decode())

    return call


@pytest.fixture
def coaching(write_tree: Callable[[str], Path]) -> str:
    """The coaching tree (tests/helpers.py `COACHING_TREE`) as a file; its path."""
    return str(write_tree(COACHING_TREE))


@pytest.fixture
def profile(tmp_path: Path) -> Callable[[str], str]:
    """Write a policy profile's YAML to tmp_path/policy.yaml and return its path."""

    def write(text: str) -> str:
        path = tmp_path / "policy.yaml"
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


@pytest.fixture(autouse=True)
def english_interface():
    """A check run in-process with `--lang` leaves the interface's language set: reset it."""
    yield
    from contactcheck.i18n import use_language

    use_language("en")
