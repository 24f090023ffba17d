"""The cache of parsed files: fast, never stale, never trusted, private.

A person never sees the cache, only what it must never do: serve a tree that
is not the file on disk, or one that breaks a rule the loader enforces.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from contactcheck.check.resources import DATA_FILE, load_regions
from contactcheck.errors import InvalidFile
from contactcheck.tree import cache
from contactcheck.tree import cachecheck as treecache
from contactcheck.tree.load import load_tree, tree_from_bytes
from tests.conftest import MINIMAL_TREE

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def tree_entry(folder: Path) -> Path:
    [entry] = [path for path in entries(folder) if path.name.startswith(treecache.KIND)]
    return entry


def parsed_yaml(path: Path) -> bool:
    """Load the tree in a fresh process; whether it had to parse YAML (no usable entry)."""
    code = ("import sys; from contactcheck.tree.load import load_tree; "
            "load_tree(sys.argv[1]); print('yaml' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, check=True)
    return done.stdout.strip() == "True"


def test_a_warm_load_gives_the_same_tree_without_parsing(write_tree, private_cache):
    path = write_tree(MINIMAL_TREE)
    assert parsed_yaml(path)
    assert not parsed_yaml(path)
    fresh = tree_from_bytes(path.read_bytes(), str(path))
    assert load_tree(path) == fresh


EDITS = [
    # (what the author did, the new text; every edit keeps the file's size)
    ("changed a word", MINIMAL_TREE.replace("Routine things wait.", "Routine stuff waits.")),
    ("swapped two decisions", MINIMAL_TREE.replace("decision: wait_for_session", "decision: T")
     .replace("decision: raise_in_session", "decision: wait_for_session")
     .replace("decision: T", "decision: raise_in_session")),
    ("broke the danger route", MINIMAL_TREE.replace("next: emergency", "next: wait_tail")),
]


@pytest.mark.parametrize(("edit", "text"), EDITS, ids=[edit for edit, _ in EDITS])
def test_an_edited_tree_is_never_served_stale(write_tree, edit, text):
    path = write_tree(MINIMAL_TREE)
    load_tree(path)
    before = path.stat()
    assert len(text.encode()) == before.st_size
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as if never touched
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    try:
        expected: object = tree_from_bytes(text.encode(), str(path))
    except InvalidFile as error:
        expected = [problem.message for problem in error.problems]
    try:
        loaded: object = load_tree(path)
    except InvalidFile as error:
        loaded = [problem.message for problem in error.problems]
    assert loaded == expected


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    """A change to the stored tree: the item at `path` becomes `value`."""
    def change(entry: dict[str, Any]) -> None:
        where: Any = entry
        for step in ("payload", *path[:-1]):
            where = where[step]
        where[path[-1]] = value
    return change


# The stored tree is [id, title, version, start, description, questions, outcomes];
# a question [id, text, help, policy, [value, label, next, ...]]; an outcome [id, decision,
# title, [reason, source, ...], [step, ...], safety_net, emergency, draft, [detail, ...]].
# Questions: danger, topic. Outcomes: emergency, wait, raise.
TAMPERING: dict[str, Callable[[dict[str, Any]], None] | None] = {
    "not JSON": None,
    "no tree at all": lambda entry: entry.update(payload=None),
    "another file's entry": lambda entry: entry.update(sha256="0" * 64),
    "danger route removed": _set((5, 0, 4), ["none", "No", "topic"]),
    "danger choice listed last": _set((5, 0, 4), ["none", "No", "topic",
                                                  "danger", "Yes", "emergency"]),
    "emergency that waits": _set((6, 0, 1), "wait_for_session"),
    "emergency flag off": _set((6, 0, 6), 0),
    "next to nowhere": _set((5, 1, 4, 2), "nowhere"),
    "a loop": _set((5, 1, 4, 2), "danger"),
    "unreachable node": _set((5, 0, 4, 5), "raise"),
    "start is an outcome": _set((3,), "wait"),
    "control character": _set((5, 0, 1), "Is anyone in danger\x1b[2J?"),
    "bidi override": _set((6, 1, 2), "Wait \u202e for it"),
    "newline in a label": _set((5, 0, 4, 1), "Yes,\nsomeone"),
    "newline in an id": _set((5, 0, 4, 0), "danger\n"),
    "id with a look-alike letter": _set((5, 0, 4, 0), "d\u0430nger"),  # a Cyrillic a
    "empty text": _set((6, 1, 5), "  "),
    "number for a text": _set((6, 1, 2), 5),
    "list for an id": _set((0,), ["demo"]),
    "twice the same value": _set((5, 1, 4, 0), "no"),
    "unknown policy fact": _set((5, 1, 3), "free_hugs"),
    "unknown policy detail": _set((6, 1, 8), ["secrets"]),
    "unknown decision": _set((6, 2, 1), "ignore_it"),
    "no reasons": _set((6, 2, 3), []),
    "duplicate outcome": _set((6, 2, 0), "wait"),
    "question and outcome share an id": _set((6, 2, 0), "topic"),
    "truncated row": _set((6, 2), ["raise", "raise_in_session"]),
}


@pytest.mark.parametrize("damage", list(TAMPERING), ids=list(TAMPERING))
def test_a_damaged_or_tampered_entry_is_ignored_and_rebuilt(write_tree, private_cache, damage):
    path = write_tree(MINIMAL_TREE)
    fresh = load_tree(path)
    entry = tree_entry(private_cache)
    change = TAMPERING[damage]
    if change is None:
        entry.write_bytes(b"\x00garbage{[")
    else:
        stored = json.loads(entry.read_text(encoding="utf-8"))
        change(stored)
        entry.write_text(json.dumps(stored), encoding="utf-8")
    assert load_tree(path) == fresh
    rebuilt = json.loads(tree_entry(private_cache).read_text(encoding="utf-8"))
    assert rebuilt["payload"] == treecache.tree_to_json(fresh)


def test_every_tree_the_loader_accepts_passes_the_cache_check():
    from contactcheck.tree.bundled import bundled_trees

    for path in bundled_trees():
        tree = tree_from_bytes(path.read_bytes(), str(path))
        assert treecache.tree_from_json(treecache.tree_to_json(tree), str(path)) == tree


def test_the_loader_refuses_an_id_ending_in_a_newline(write_tree):
    path = write_tree(MINIMAL_TREE.replace("start: danger", 'start: "danger\\n"'))
    with pytest.raises(InvalidFile, match="invalid tree"):
        load_tree(path)


@posix_only
def test_the_cache_is_private(write_tree, private_cache):
    old = os.umask(0)  # even when new files would be readable and writable by anyone
    try:
        load_tree(write_tree(MINIMAL_TREE))
    finally:
        os.umask(old)
    assert stat.S_IMODE(private_cache.stat().st_mode) == 0o700
    for entry in entries(private_cache):
        assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert not list(private_cache.glob(".tmp-*")), "no temporary file is left behind"


def _writable_by_others(entry: Path) -> None:
    entry.chmod(0o666)


def _owned_by_someone_else(entry: Path) -> None:
    if os.getuid() != 0:
        pytest.skip("only root can give a file away")
    os.chown(entry, 65534, -1)


@posix_only
@pytest.mark.parametrize("spoil", [_writable_by_others, _owned_by_someone_else])
def test_an_entry_others_could_have_written_is_not_trusted(write_tree, private_cache, spoil):
    path = write_tree(MINIMAL_TREE)
    assert parsed_yaml(path)
    spoil(tree_entry(private_cache))
    assert parsed_yaml(path), "the entry was ignored and the file parsed"
    rebuilt = tree_entry(private_cache).stat()
    assert (stat.S_IMODE(rebuilt.st_mode), rebuilt.st_uid) == (0o600, os.getuid())


@posix_only
def test_a_cache_dir_others_can_use_is_left_alone(write_tree, private_cache):
    private_cache.mkdir(mode=0o777)
    private_cache.chmod(0o777)
    path = write_tree(MINIMAL_TREE)
    assert parsed_yaml(path)
    assert parsed_yaml(path)
    assert entries(private_cache) == []


def test_no_cache_when_turned_off(write_tree, private_cache, monkeypatch):
    monkeypatch.setenv("CONTACTCHECK_NO_CACHE", "1")
    path = write_tree(MINIMAL_TREE)
    assert load_tree(path) == load_tree(path)
    assert not private_cache.exists()


def test_a_cache_that_cannot_be_written_does_not_stop_a_load(write_tree, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    path = write_tree(MINIMAL_TREE)
    assert load_tree(path).id == "demo"


def test_old_entries_are_pruned(write_tree, private_cache, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    for number in range(5):
        load_tree(write_tree(MINIMAL_TREE, name=f"tree{number}.yaml"))
    assert len(entries(private_cache)) == 3


def test_clear_deletes_every_entry(write_tree, private_cache):
    load_tree(write_tree(MINIMAL_TREE))
    count = len(entries(private_cache))
    assert count == 1
    assert cache.clear() == count
    assert entries(private_cache) == []


CACHE_DIRS = [
    # (environment, expected cache dir, relative to HOME when it starts with ~)
    ({"XDG_CACHE_HOME": "/var/cache/me"}, "/var/cache/me/contactcheck"),
    ({"XDG_CACHE_HOME": "relative/path"}, "~/.cache/contactcheck"),
    ({"XDG_CACHE_HOME": ""}, "~/.cache/contactcheck"),
    ({"XDG_CACHE_HOME": "/var/cache/me", "CONTACTCHECK_NO_CACHE": "1"}, None),
    ({"XDG_CACHE_HOME": "/var/cache/me", "CONTACTCHECK_NO_CACHE": "0"},
     "/var/cache/me/contactcheck"),
]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG platforms")
@pytest.mark.parametrize(("environment", "expected"), CACHE_DIRS)
def test_the_cache_dir_follows_xdg(monkeypatch, tmp_path, environment, expected):
    monkeypatch.setenv("HOME", str(tmp_path))
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    if "CONTACTCHECK_NO_CACHE" not in environment:
        monkeypatch.delenv("CONTACTCHECK_NO_CACHE", raising=False)
    found = cache.cache_dir()
    if expected is None:
        assert found is None
    else:
        assert found == Path(expected.replace("~", str(tmp_path)))


def _region(index: int, position: int, value: Any) -> Callable[[dict[str, Any]], None]:
    """A change to the stored regions: field `position` of region `index` becomes `value`."""
    def change(entry: dict[str, Any]) -> None:
        entry["payload"][index][position] = value
    return change


def _without_fallback(entry: dict[str, Any]) -> None:
    entry["payload"] = [row for row in entry["payload"] if row[0] != "fallback"]


# A stored region is [code, name, emergency, [[name, how], ...], source, checked, [member, ...]].
REGION_TAMPERING: dict[str, Callable[[dict[str, Any]], None] | None] = {
    "not JSON": None,
    "no regions at all": lambda entry: entry.update(payload=None),
    "fallback removed": _without_fallback,
    "control character in a number": _region(0, 2, "911\x1b[2J"),
    "bidi override in a line": _region(0, 3, [["Lifeline", "Call \u202e 988"]]),
    "two-line name": _region(0, 1, "United\nStates"),
    "empty emergency number": _region(0, 2, " "),
    "number for a text": _region(0, 2, 911),
    "lower-case code": _region(0, 0, "us"),
    "a code twice": _region(1, 0, "US"),
    "not a date": _region(0, 5, "2026-02-30"),
    "text for the lines": _region(0, 3, "Call 988"),
    "text for the members": _region(0, 6, "DE"),
    "truncated row": lambda entry: entry["payload"][0].pop(),
}


@pytest.mark.parametrize("damage", list(REGION_TAMPERING), ids=list(REGION_TAMPERING))
def test_damaged_or_tampered_resources_are_read_again(tmp_path, private_cache, damage):
    copy = tmp_path / "resources.yaml"
    copy.write_bytes(DATA_FILE.read_bytes())
    fresh = load_regions(copy)
    assert load_regions(copy) == fresh
    [entry] = [path for path in entries(private_cache) if path.name.startswith("regions")]
    good = entry.read_text(encoding="utf-8")
    change = REGION_TAMPERING[damage]
    if change is None:
        entry.write_bytes(b"\x00garbage{[")
    else:
        stored = json.loads(good)
        change(stored)
        entry.write_text(json.dumps(stored), encoding="utf-8")
    assert load_regions(copy) == fresh
    assert json.loads(entry.read_text(encoding="utf-8")) == json.loads(good), "rebuilt"


def test_an_endless_file_is_refused_without_reading_it_all():
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    with pytest.raises(InvalidFile) as refused:
        load_tree("/dev/zero")
    assert "too large" in refused.value.problems[0].message


def test_the_stored_tree_has_every_field_of_the_model():
    """A field added to the model must be stored too (treecache.py), and cache.FORMAT bumped."""
    from dataclasses import fields

    from contactcheck.tree.model import Choice, Outcome, Question, Reason, Tree

    stored = {
        Tree: ["id", "title", "version", "start", "questions", "outcomes", "description",
               "source"],
        Question: ["id", "text", "choices", "help", "policy"],
        Choice: ["value", "label", "next", "aliases"],
        Outcome: ["id", "decision", "title", "why", "do", "safety_net", "urgency", "draft",
                  "policy", "resources"],
        Reason: ["text", "source"],
    }
    for kind, names in stored.items():
        assert [field.name for field in fields(kind)] == names, kind.__name__
