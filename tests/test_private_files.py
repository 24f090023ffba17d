"""Temp files are never a planted link; only the person's own files are shown as theirs.

A hard link or symlink planted at the temp name is never followed; a plan in a
folder (or a file) someone else could have written is never shown as the
person's own; folders made on the way are 0700 whatever the umask.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.processes import (
    assert_emergency_shown,
    assert_no_traceback,
    emergency_args,
    person_env,
    run,
)

ROOT = os.name == "posix" and os.geteuid() == 0

# -- temp files are never a planted link -------------------------------------------------------

PLANT_AT_TEMP = """\
import os, sys
kind, target = sys.argv.pop(1), sys.argv.pop(1)
folder = os.environ["CONTACTCHECK_HOME"]
os.makedirs(folder, mode=0o700, exist_ok=True)
temp = os.path.join(folder, f".agenda.json.{os.getpid()}.tmp")
(os.link if kind == "hard" else os.symlink)(target, temp)
from contactcheck.cli import main
main(sys.argv[1:])
"""


@pytest.mark.parametrize("kind", ["hard", "symbolic"])
def test_a_link_planted_at_the_temp_name_is_never_followed(tmp_path: Path, kind: str) -> None:
    env = person_env(tmp_path)
    victim = tmp_path / "data-victim.txt"
    if kind == "hard":
        (tmp_path / "data").mkdir(mode=0o700)
        victim = tmp_path / "data" / "victim.txt"  # hard links stay on one file system
    victim.write_text("precious\n")
    done = run([kind, str(victim), "agenda", "add", "a note"], env, program=PLANT_AT_TEMP)
    assert_no_traceback(done)
    assert victim.read_text() == "precious\n"
    assert done.code in (0, 1), done.output
    leftovers = [p.name for p in (tmp_path / "data").iterdir() if p.name.endswith(".tmp")]
    assert leftovers == [] or done.code == 1


# -- only the person's own files are shown as theirs ------------------------------------------


def _plan_shown(tmp_path: Path) -> str:
    done = run(emergency_args(), person_env(tmp_path))
    assert done.code == 0, done.output
    assert_emergency_shown(done.stdout)
    return done.output


@pytest.mark.parametrize("what", ["folder-777", "folder-group-writable", "file-666",
                                  "file-of-another-user", "folder-of-another-user"])
def test_a_plan_someone_else_could_have_written_is_never_shown_as_the_persons(
        tmp_path: Path, what: str) -> None:
    env = person_env(tmp_path)
    assert run(["safety-plan", "add", "coping", "Call my sister"], env).code == 0
    assert "Call my sister" in _plan_shown(tmp_path)
    folder, plan = tmp_path / "data", tmp_path / "data" / "safety-plan.yaml"
    if "another-user" in what:
        if not ROOT:
            pytest.skip("only root can give a file to another user")
        os.chown(plan if what.startswith("file") else folder, 65534, 65534)
    else:
        mode = {"folder-777": 0o777, "folder-group-writable": 0o770, "file-666": 0o666}[what]
        (plan if what.startswith("file") else folder).chmod(mode)
    output = _plan_shown(tmp_path)
    assert "Call my sister" not in output
    assert "could not be read" in output
    listed = run(["safety-plan", "show"], env)
    assert "Call my sister" not in listed.output
    assert listed.code == 1, listed.output


def test_folders_made_on_the_way_are_private_even_under_umask_000(tmp_path: Path) -> None:
    env = person_env(tmp_path)
    del env["CONTACTCHECK_HOME"]
    env["XDG_DATA_HOME"] = str(tmp_path / "new" / "xdg-data")
    done = run(["agenda", "add", "a note"], env, preexec_fn=lambda: os.umask(0))
    assert done.code == 0, done.output
    for folder in (tmp_path / "new", tmp_path / "new" / "xdg-data",
                   tmp_path / "new" / "xdg-data" / "contactcheck"):
        assert folder.stat().st_mode & 0o777 == 0o700, folder
    for path in (tmp_path / "new" / "xdg-data" / "contactcheck").iterdir():
        assert path.stat().st_mode & 0o777 == 0o600, path
