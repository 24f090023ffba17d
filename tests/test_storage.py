"""The person's files: where they live, who can read them, and that nothing is ever lost."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
import sys
from pathlib import Path

import pytest

from contactcheck.cli import run
from contactcheck.personal import agenda, safetyplan
from contactcheck.personal.storage import Store, data_dir

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions and flock")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- where the files go ---------------------------------------------------------


@pytest.mark.parametrize(("platform", "env", "expected"), [
    ("linux", {}, "/home/ana/.local/share/contactcheck"),
    ("linux", {"XDG_DATA_HOME": "/data/ana"}, "/data/ana/contactcheck"),
    ("linux", {"XDG_DATA_HOME": "relative/dir"}, "/home/ana/.local/share/contactcheck"),
    ("freebsd14", {}, "/home/ana/.local/share/contactcheck"),
    ("darwin", {"XDG_DATA_HOME": "/ignored"},
     "/home/ana/Library/Application Support/contactcheck"),
    ("win32", {"LOCALAPPDATA": "/c/Users/ana/AppData/Local"},
     "/c/Users/ana/AppData/Local/contactcheck"),
    ("win32", {}, "/home/ana/AppData/Local/contactcheck"),
    ("linux", {"CONTACTCHECK_HOME": "/tmp/mine", "XDG_DATA_HOME": "/data"}, "/tmp/mine"),
])
def test_data_dir_follows_platform_conventions(platform, env, expected):
    assert data_dir(env, platform, Path("/home/ana")) == Path(expected)


def test_reading_creates_nothing(run_cli, private_dirs):
    for args in (["agenda", "list"], ["agenda", "list", "--format", "json"],
                 ["safety-plan", "show"], ["where"], ["agenda", "clear", "--done"]):
        result = run_cli(*args)
        assert result.exit_code == 0, result.output
    assert not private_dirs["data"].exists()


# -- permissions ----------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077])
def test_folder_is_0700_and_files_0600_whatever_the_umask(run_cli, private_dirs, umask):
    old = os.umask(umask)
    try:
        assert run_cli("agenda", "add", "sleep").exit_code == 0
        assert run_cli("safety-plan", "add", "coping", "a walk").exit_code == 0
    finally:
        os.umask(old)
    folder = private_dirs["data"]
    assert mode(folder) == 0o700
    files = list(folder.iterdir())
    assert {path.name for path in files} == {"agenda.json", "safety-plan.yaml", ".lock"}
    assert all(mode(path) == 0o600 for path in files)


def test_a_folder_that_is_too_open_is_tightened(run_cli, private_dirs):
    folder = private_dirs["data"]
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    assert run_cli("agenda", "add", "sleep").exit_code == 0
    assert mode(folder) == 0o700


# -- concurrency ----------------------------------------------------------------


def _add_many(folder: str, worker: int, count: int, start: multiprocessing.synchronize.Event,
              ) -> None:
    os.environ["CONTACTCHECK_HOME"] = folder
    start.wait()
    for number in range(count):
        # Through the command line, as a person in another terminal would.
        assert run(["agenda", "add", f"worker {worker} note {number}"]) == 0


def _add_to_plan(folder: str, worker: int, count: int,
                 start: multiprocessing.synchronize.Event) -> None:
    start.wait()
    store = Store(Path(folder))
    for number in range(count):
        safetyplan.add(store, "coping", f"worker {worker} idea {number}")


@pytest.mark.parametrize("target", [_add_many, _add_to_plan])
def test_concurrent_adds_from_several_processes_keep_every_entry(private_dirs, target):
    workers, each = 4, 25
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    folder = str(private_dirs["data"])
    processes = [context.Process(target=target, args=(folder, worker, each, start))
                 for worker in range(workers)]
    for process in processes:
        process.start()
    start.set()
    for process in processes:
        process.join()
        assert process.exitcode == 0
    store = Store(Path(folder))
    if target is _add_many:
        texts = [item.text for item in agenda.load(store).items]
        ids = [item.id for item in agenda.load(store).items]
        assert sorted(ids) == list(range(1, workers * each + 1))
    else:
        texts = list(safetyplan.load(store).steps["coping"])
    expected = {f"worker {w} {'note' if target is _add_many else 'idea'} {n}"
                for w in range(workers) for n in range(each)}
    assert sorted(texts) == sorted(expected)
    # No temp file is left behind.
    assert sorted(path.name for path in Path(folder).iterdir()) == sorted(
        [".lock", "agenda.json" if target is _add_many else "safety-plan.yaml"])


# -- damaged files ----------------------------------------------------------------

DAMAGED_AGENDAS = [
    b"{not json",
    b"\xff\xfe\x00garbage",
    b'{"format": "something else"}',
    b'{"format": "contactcheck-agenda", "version": 99, "next_id": 1, "items": []}',
    b'{"format": "contactcheck-agenda", "version": 1, "next_id": 3, "items": ['
    b'{"id": 1, "text": "a", "added": "x", "done": false},'
    b'{"id": 1, "text": "b", "added": "x", "done": false}]}',
    b'{"format": "contactcheck-agenda", "version": 1, "next_id": 2, "items": ['
    b'{"id": 1, "text": "a", "added": "x", "done": "no"}]}',
    b"",
    b"[" * 100_000 + b"]" * 100_000,  # deep enough to make the json module recurse
]


@pytest.mark.parametrize("content", DAMAGED_AGENDAS)
@pytest.mark.parametrize("command", [["agenda", "add", "new note"], ["agenda", "list"],
                                     ["agenda", "done", "1"], ["agenda", "clear", "--yes"]])
def test_a_damaged_agenda_is_kept_aside_and_never_overwritten(run_cli, private_dirs, content,
                                                             command):
    folder = private_dirs["data"]
    folder.mkdir(parents=True)
    (folder / "agenda.json").write_bytes(content)
    result = run_cli(*command)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    kept = [path for path in folder.iterdir() if path.name.startswith("agenda.json.damaged-")]
    assert len(kept) == 1
    assert kept[0].read_bytes() == content
    assert str(kept[0]) in result.stderr
    assert "could not be read" in result.stderr
    assert not (folder / "agenda.json").exists()
    # The next change starts a new agenda, and the kept file is still there.
    assert run_cli("agenda", "add", "fresh start").exit_code == 0
    assert [item.text for item in agenda.load(Store(folder)).items] == ["fresh start"]
    assert kept[0].read_bytes() == content


DAMAGED_PLANS = [
    b"coping: [unclosed",
    b"copin:\n  - a walk\n",
    b"coping:\n  - {a: b}\n",
    b"coping: !!python/object/apply:os.system ['true']\n",
    b"\xff not utf-8",
    b"coping: " + b"[" * 100_000,
]


@pytest.mark.parametrize("content", DAMAGED_PLANS)
@pytest.mark.parametrize("command", [["safety-plan", "add", "reasons", "my cat"],
                                     ["safety-plan", "show"]])
def test_a_damaged_safety_plan_is_kept_aside(run_cli, private_dirs, content, command):
    folder = private_dirs["data"]
    folder.mkdir(parents=True)
    (folder / "safety-plan.yaml").write_bytes(content)
    result = run_cli(*command)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    kept = [path for path in folder.iterdir() if ".damaged-" in path.name]
    assert len(kept) == 1
    assert kept[0].read_bytes() == content
    assert str(kept[0]) in result.stderr


def test_two_damaged_files_in_the_same_second_are_both_kept(private_dirs):
    store = Store(private_dirs["data"])
    store.ensure_directory()
    kept = []
    for content in (b"first", b"second"):
        store.path("agenda.json").write_bytes(content)
        kept.append(store.set_aside("agenda.json"))
    assert [path.read_bytes() for path in kept] == [b"first", b"second"]


def test_an_unusable_data_folder_is_a_clear_error(run_cli, private_dirs):
    # A file where the folder should be: nothing can be created (even as root).
    private_dirs["data"].parent.mkdir(parents=True)
    private_dirs["data"].write_text("not a folder")
    result = run_cli("agenda", "add", "sleep")
    assert result.exit_code == 1
    assert "cannot create the folder" in result.stderr
    assert "Traceback" not in result.output


def test_an_unreadable_file_is_a_clear_error_and_is_not_moved(run_cli, private_dirs):
    folder = private_dirs["data"]
    (folder / "agenda.json").mkdir(parents=True)  # a folder where the file should be
    result = run_cli("agenda", "list")
    assert result.exit_code == 1
    assert "cannot read" in result.stderr
    assert (folder / "agenda.json").is_dir()


def test_a_failed_save_leaves_the_previous_file_and_no_temp_file(private_dirs):
    store = Store(private_dirs["data"])
    agenda.add(store, "first")
    before = store.read("agenda.json")
    # The temp file's name is taken by a folder, so the save fails before the rename.
    blocker = store.path(f".agenda.json.{os.getpid()}.tmp")
    blocker.mkdir()
    with pytest.raises(Exception, match="nothing was changed"):
        agenda.add(store, "second")
    blocker.rmdir()
    assert store.read("agenda.json") == before
    assert json.loads(before or b"")["items"][0]["text"] == "first"
