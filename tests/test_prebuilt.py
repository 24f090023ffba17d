"""What is kept between runs: only the package's own files, rebuilt when the package changes.

A person never sees these entries, only what they must never do: keep
anything made from the person's own files, serve a tree the current code
would not build, or be trusted when someone else could have written them.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from contactcheck import prebuilt
from contactcheck.check.regionfile import regions_from_bytes
from contactcheck.check.resources import DATA_FILE, load_regions
from contactcheck.errors import InvalidFile
from contactcheck.tree.bundled import DEFAULT_TREE, find_tree
from contactcheck.tree.load import load_tree, tree_from_bytes
from tests.helpers import MINIMAL_TREE

pytestmark = pytest.mark.slow  # a fresh Python process per check

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
BUNDLED = find_tree(DEFAULT_TREE)
SRC = Path(__file__).resolve().parents[1] / "src" / "contactcheck"


def entries(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.is_dir() else []


def tree_entry(folder: Path) -> Path:
    [entry] = [path for path in entries(folder) if path.name.startswith("tree-")]
    return entry


PROBE = ("import sys, json; sys.path.insert(0, sys.argv[2]) if sys.argv[2] else None\n"
         "from contactcheck.tree.load import load_tree\n"
         "from contactcheck.tree.bundled import DEFAULT_TREE, find_tree\n"
         "tree = load_tree(sys.argv[1] or find_tree(DEFAULT_TREE))\n"
         "print(json.dumps({'parsed': 'yaml' in sys.modules, 'title': tree.title}))\n")


def run_load(path: Path | None = None, package_root: Path | None = None) -> dict[str, object]:
    """Load a tree in a fresh process: whether it parsed YAML, and the tree's title."""
    import json

    done = subprocess.run([sys.executable, "-c", PROBE, str(path or ""), str(package_root or "")],
                          capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout))


def test_the_bundled_tree_is_built_once_then_kept(private_cache):
    assert run_load()["parsed"] is True
    assert run_load()["parsed"] is False
    assert BUNDLED is not None
    assert load_tree(BUNDLED) == tree_from_bytes(BUNDLED.read_bytes(), str(BUNDLED))


def test_the_crisis_resources_are_built_once_then_kept(private_cache):
    fresh = regions_from_bytes(DATA_FILE.read_bytes(), str(DATA_FILE))
    assert load_regions() == fresh
    assert [path.name for path in entries(private_cache) if path.name.startswith("regions-")]
    assert load_regions() == fresh


@pytest.mark.parametrize("where", ["a tree file", "a copy of the bundled tree"])
def test_nothing_made_from_the_persons_own_files_is_stored(write_tree, private_cache, where):
    if where == "a tree file":
        path = write_tree(MINIMAL_TREE)
    else:
        assert BUNDLED is not None
        path = write_tree(BUNDLED.read_text(encoding="utf-8"))
    load_tree(path)
    assert run_load(path)["parsed"] is True
    assert run_load(path)["parsed"] is True, "read and checked every time"
    assert entries(private_cache) == []


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """The package copied as pip installs it (the bundled trees inside); returns its parent."""
    root = tmp_path / "site"
    shutil.copytree(SRC, root / "contactcheck",
                    ignore=shutil.ignore_patterns("__pycache__"))
    assert BUNDLED is not None
    shutil.copytree(BUNDLED.parent, root / "contactcheck" / "trees")
    return root


def package_files(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in (root / "contactcheck").rglob("*")
                  if path.is_file() and "__pycache__" not in path.parts)


def test_changing_any_file_of_the_package_changes_its_fingerprint(package_copy, monkeypatch):
    monkeypatch.setattr(prebuilt, "PACKAGE", package_copy / "contactcheck")
    monkeypatch.setattr(prebuilt, "trees_dir", lambda: package_copy / "contactcheck" / "trees")
    prebuilt.package_fingerprint.cache_clear()
    try:
        seen = {prebuilt.package_fingerprint()}
        names = package_files(package_copy)
        assert len(names) > 40
        for name in names:
            with (package_copy / name).open("ab") as file:
                file.write(b"\n")
            prebuilt.package_fingerprint.cache_clear()
            fingerprint = prebuilt.package_fingerprint()
            assert fingerprint not in seen, f"changing {name} went unnoticed"
            seen.add(fingerprint)
    finally:
        prebuilt.package_fingerprint.cache_clear()


def test_a_rule_added_to_the_installed_code_applies_to_the_kept_tree(package_copy,
                                                                     private_cache):
    assert run_load(package_root=package_copy) == {"parsed": True, "title": run_load()["title"]}
    assert run_load(package_root=package_copy)["parsed"] is False
    rules = package_copy / "contactcheck" / "tree" / "rules.py"
    text = rules.read_text(encoding="utf-8")
    anchor = "def tree_from_yaml(root: YMap, source: Source) -> Tree:\n"
    assert anchor in text
    rules.write_text(text.replace(anchor, anchor + "    raise InvalidFile([source.problem("
                                  "1, 1, 'a new rule')])\n"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", PROBE, "", str(package_copy)],
                          capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert "a new rule" in done.stderr


@posix_only
def test_entries_are_private(private_cache):
    old = os.umask(0)  # even when new files would be readable and writable by anyone
    try:
        assert BUNDLED is not None
        load_tree(BUNDLED)
    finally:
        os.umask(old)
    assert stat.S_IMODE(private_cache.stat().st_mode) == 0o700
    for entry in entries(private_cache):
        assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert not [path for path in entries(private_cache) if path.name.endswith(".tmp")]


def _garbage(entry: Path) -> None:
    entry.write_bytes(b"\x00garbage{[")


def _flip_a_byte(entry: Path) -> None:
    data = bytearray(entry.read_bytes())
    data[-10] ^= 0xFF
    entry.write_bytes(bytes(data))


def _truncate(entry: Path) -> None:
    entry.write_bytes(entry.read_bytes()[:-100])


def _another_package(entry: Path) -> None:
    entry.write_bytes(entry.read_bytes().replace(b"contactcheck", b"contactcheXk", 1))


def _writable_by_others(entry: Path) -> None:
    entry.chmod(0o666)


def _a_link(entry: Path) -> None:
    moved = entry.with_name("elsewhere")
    entry.rename(moved)
    entry.symlink_to(moved)


def _a_pickle_that_runs_code(entry: Path) -> None:
    # A well-formed entry (magic, checksum, this package's fingerprint) whose payload is a
    # pickle that would create a file when unpickled: it must be ignored, never run.
    import pickle
    import zlib

    magic, _, rest = entry.read_bytes().partition(b"\n")
    _, _, body = rest.partition(b"\n")
    fingerprint, _, _ = body.partition(b"\0")

    class Plant:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.mkdir, (str(entry.with_name("planted-by-a-pickle")),))

    body = fingerprint + b"\0" + pickle.dumps(Plant())
    entry.write_bytes(magic + b"\n" + b"%08x" % zlib.crc32(body) + b"\n" + body)


def _owned_by_someone_else(entry: Path) -> None:
    if os.getuid() != 0:
        pytest.skip("only root can give a file away")
    os.chown(entry, 65534, -1)


@posix_only
@pytest.mark.parametrize("spoil", [_garbage, _flip_a_byte, _truncate, _another_package,
                                   _writable_by_others, _a_link, _owned_by_someone_else,
                                   _a_pickle_that_runs_code])
def test_an_entry_that_is_damaged_or_not_surely_ours_is_ignored_and_rebuilt(private_cache,
                                                                           spoil):
    assert run_load()["parsed"] is True
    spoil(tree_entry(private_cache))
    assert run_load()["parsed"] is True, "the entry was ignored and the file parsed"
    assert not (private_cache / "planted-by-a-pickle").exists(), "an entry ran code"
    rebuilt = tree_entry(private_cache).lstat()
    assert stat.S_ISREG(rebuilt.st_mode)
    assert (stat.S_IMODE(rebuilt.st_mode), rebuilt.st_uid) == (0o600, os.getuid())
    assert run_load()["parsed"] is False


@posix_only
def test_a_cache_folder_others_can_use_is_left_alone(private_cache):
    private_cache.mkdir(mode=0o777)
    private_cache.chmod(0o777)
    assert run_load()["parsed"] is True
    assert run_load()["parsed"] is True
    assert entries(private_cache) == []


def test_nothing_is_kept_when_turned_off(private_cache, monkeypatch):
    monkeypatch.setenv("CONTACTCHECK_NO_CACHE", "1")
    assert run_load()["parsed"] is True
    assert run_load()["parsed"] is True
    assert not private_cache.exists()


def test_a_cache_that_cannot_be_written_does_not_stop_a_load(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert BUNDLED is not None
    assert load_tree(BUNDLED).id


def test_an_endless_file_is_refused_without_reading_it_all():
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    with pytest.raises(InvalidFile) as refused:
        load_tree("/dev/zero")
    assert "a device, not a file" in refused.value.problems[0].message
