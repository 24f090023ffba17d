"""`where`, `forget`, and no network: the person can see and delete everything stored."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from contactcheck.personal.storage import write_private

SRC = Path(__file__).resolve().parents[1] / "src" / "contactcheck"


POLICY = 'therapist: "Dr. Lee"\ndbt_coaching: no\n'


def where(run_cli) -> list[dict[str, object]]:
    result = run_cli("where", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def store_everything(run_cli, private_dirs) -> None:
    """Use every feature that writes something, the way a person would."""
    assert run_cli("agenda", "add", "sleep").exit_code == 0
    assert run_cli("safety-plan", "add", "reasons", "my cat").exit_code == 0
    data = private_dirs["data"]
    (data / "agenda.json").write_text("{damaged")
    assert run_cli("agenda", "list").exit_code == 1  # kept aside as agenda.json.damaged-...
    assert run_cli("agenda", "add", "sleep, again").exit_code == 0
    (data / "safety-plan.unsaved.yaml").write_text("reasons:\n  - my cat\n")  # an edit kept
    (data / ".agenda.json.123.tmp").write_text("{}")  # left by a crash mid-save
    write_private(private_dirs["config"] / "policy.yaml", POLICY)  # as `policy init` saves it
    check = run_cli("check", "-a", "danger=suicidal_now", "--region", "US", "--no-policy")
    assert check.exit_code == 0
    assert list(private_dirs["cache"].glob("*.msgpack"))  # the bundled tree was kept
    # What an earlier version kept, any tree it read: the person's own trees too.
    (private_dirs["cache"] / f"tree-{'0' * 32}.json").write_text("{}")
    (private_dirs["config"] / ".policy.yaml.456.tmp").write_text("")  # a crash mid-save


def test_where_names_every_file_written(run_cli, private_dirs):
    store_everything(run_cli, private_dirs)
    listed = {Path(str(entry["path"])) for entry in where(run_cli)}
    written = {path for folder in ("data", "config") for path in private_dirs[folder].rglob("*")
               if not path.name.endswith(".tmp")}
    assert written
    assert written <= listed
    assert {private_dirs["data"], private_dirs["config"], private_dirs["cache"]} <= listed


def test_where_says_what_exists(run_cli, private_dirs):
    entries = {Path(str(entry["path"])): entry for entry in where(run_cli)}
    assert entries[private_dirs["data"]]["exists"] is False
    run_cli("agenda", "add", "sleep")
    entries = {Path(str(entry["path"])): entry for entry in where(run_cli)}
    assert entries[private_dirs["data"] / "agenda.json"]["exists"] is True
    assert entries[private_dirs["data"] / "agenda.json"]["kind"] == "data"
    text = run_cli("where").stdout
    assert f"{private_dirs['data'] / 'agenda.json'}  (exists)" in text
    assert "No network is used" in text


def test_forget_leaves_nothing(run_cli, private_dirs):
    store_everything(run_cli, private_dirs)
    result = run_cli("forget", "--yes")
    assert result.exit_code == 0, result.output
    assert not private_dirs["data"].exists()
    assert not private_dirs["config"].exists()
    assert not private_dirs["cache"].exists()
    for entry in where(run_cli):
        if entry["kind"] != "program":
            assert entry["exists"] is False, entry
    assert "agenda.json  (your session agenda)" in result.stdout
    assert "safety-plan.yaml  (your safety plan)" in result.stdout
    assert ".damaged-" in result.stdout
    assert "policy.yaml  (your therapist's contact policy profile" in result.stdout
    assert "nothing else stored about you now" in result.stdout


def test_forget_deletes_the_cache_even_when_it_is_turned_off(run_cli, private_dirs,
                                                            monkeypatch):
    store_everything(run_cli, private_dirs)
    monkeypatch.setenv("CONTACTCHECK_NO_CACHE", "1")
    assert run_cli("forget", "--yes").exit_code == 0
    assert not private_dirs["cache"].exists()


def test_forget_can_keep_the_policy_profile(run_cli, private_dirs):
    store_everything(run_cli, private_dirs)
    result = run_cli("forget", "--yes", "--keep-policy")
    assert result.exit_code == 0
    assert not private_dirs["data"].exists()
    assert (private_dirs["config"] / "policy.yaml").read_text() == POLICY
    assert "policy profile was kept" in result.stdout
    assert run_cli("forget", "--keep-policy").stdout.startswith(
        "Nothing to delete besides your policy profile")


def test_forget_leaves_files_it_did_not_make(run_cli, private_dirs):
    run_cli("agenda", "add", "sleep")
    mine = private_dirs["data"] / "my-own-notes.txt"
    mine.write_text("not contactcheck's")
    result = run_cli("forget", "--yes")
    assert result.exit_code == 0
    assert mine.read_text() == "not contactcheck's"
    assert not (private_dirs["data"] / "agenda.json").exists()
    assert f"Left alone (not made by contactcheck): {mine}" in result.stdout


@pytest.mark.parametrize(("answer", "code", "deleted"), [
    ("y\n", 0, True), ("yes\n", 0, True), ("n\n", 0, False), ("\n", 0, False),
    ("", 2, False)])  # no answer and no terminal: exit 2 naming --yes
def test_forget_asks_once_and_defaults_to_no(run_cli, private_dirs, answer, code, deleted):
    run_cli("agenda", "add", "sleep")
    result = run_cli("forget", input=answer)
    assert result.exit_code == code
    assert (private_dirs["data"] / "agenda.json").exists() is not deleted
    assert str(private_dirs["data"] / "agenda.json") in result.stdout  # listed before asking
    assert result.stderr.count("Delete all of this?") == 1


def test_forget_with_nothing_stored(run_cli, private_dirs):
    result = run_cli("forget")
    assert result.exit_code == 0
    assert "nothing stored about you" in result.stdout
    assert not private_dirs["data"].exists()


# -- no network ---------------------------------------------------------------------

NETWORK_MODULES = {
    "socket", "ssl", "http", "urllib", "ftplib", "smtplib", "imaplib", "poplib", "telnetlib",
    "xmlrpc", "socketserver", "asyncio", "requests", "httpx", "urllib3", "aiohttp",
    "webbrowser",
}


@pytest.mark.parametrize("module", sorted(SRC.rglob("*.py")), ids=lambda path: path.name)
def test_no_module_imports_a_network_client(module):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
            imported.add("__import__")
    assert not imported & (NETWORK_MODULES | {"__import__"})


AUDIT = """\
import sys

def refuse(event, args):
    if event.startswith(("socket.", "urllib.", "http.")):
        raise RuntimeError(f"network use: {event}")

sys.addaudithook(refuse)
from contactcheck.cli import run
codes = [run(args) for args in ARGS]
print([int(code) for code in codes])
"""


def test_no_command_touches_the_network(private_dirs):
    commands = [["agenda", "add", "sleep"], ["agenda", "list", "--format", "markdown"],
                ["safety-plan", "add", "coping", "a walk"], ["safety-plan", "show"],
                ["where"], ["forget", "--yes"], ["--help"]]
    code = AUDIT.replace("ARGS", repr(commands))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "network use" not in done.stderr
    assert done.stdout.strip().splitlines()[-1] == repr([0] * len(commands))


def test_help_of_these_commands_imports_no_heavy_library():
    probe = ("import sys\nfrom contactcheck.cli import run\n"
             "for args in (['agenda', '-h'], ['agenda', 'add', '-h'], ['safety-plan', '-h'],"
             " ['safety-plan', 'add', '-h'], ['where', '-h'], ['forget', '-h']):\n"
             "    assert run(args) == 0\n"
             "print(sorted(m for m in ('yaml', 'rich', 'questionary', 'prompt_toolkit')"
             " if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
