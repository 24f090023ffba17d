"""One function for each job that repeats: text safety, folders, reading and writing files.

Each had several near-copies with different rules; these tests hold the one
definition to its promise, and check that no second copy comes back.
"""

from __future__ import annotations

import os
import re
import signal
import stat
import textwrap
from pathlib import Path

import pytest

from contactcheck import files, folders
from contactcheck.errors import InvalidFile, terminal_safe
from contactcheck.output.markdown import escape_markdown
from contactcheck.personal.storage import check_line
from contactcheck.textsafe import first_unsafe, safe_text
from contactcheck.tree.load import tree_from_bytes
from tests.helpers import MINIMAL_TREE

SRC = Path(__file__).resolve().parents[1] / "src" / "contactcheck"

UNSAFE = {
    "ESC": "\x1b", "BEL": "\x07", "CSI": "\x9b", "TAB": "\t", "ZERO WIDTH SPACE": "\u200b",
    "RIGHT-TO-LEFT MARK": "\u200f", "RIGHT-TO-LEFT OVERRIDE": "\u202e",
    "FIRST STRONG ISOLATE": "\u2068", "LINE SEPARATOR": "\u2028",
    "PARAGRAPH SEPARATOR": "\u2029", "BYTE ORDER MARK": "\ufeff", "TAG LATIN A": "\U000e0041",
    "PRIVATE USE": "\ue000", "LONE SURROGATE": "\udcff",
}
SAFE = {"letters": "Ça va? Łódź", "no-break space": "a\u00a0b", "emoji": "\U0001f49a",
        "CJK": "電話", "combining accent": "e\u0301"}


@pytest.mark.parametrize("char", list(UNSAFE.values()), ids=list(UNSAFE))
def test_an_unsafe_character_is_refused_in_a_tree_and_in_a_note(char):
    tree = MINIMAL_TREE.replace("Routine things wait.", f"Routine {char}things wait.")
    encoded = tree.encode("utf-8", "surrogatepass")
    with pytest.raises(InvalidFile) as refused:
        tree_from_bytes(encoded, "tree.yaml")
    assert any(f"U+{ord(char):04X}" in problem.message for problem in refused.value.problems) \
        or char in "\ufeff\udcff\t\x9b\x07\x1b"  # the YAML reader may refuse these itself first
    with pytest.raises(ValueError, match=f"U\\+{ord(char):04X}"):
        check_line(f"call {char}them", "note", 200)


@pytest.mark.parametrize("char", list(UNSAFE.values()), ids=list(UNSAFE))
def test_every_display_replaces_an_unsafe_character(char):
    text = f"before{char}after"
    for shown in (safe_text(text), terminal_safe(text), escape_markdown(text)):
        assert char not in shown
        assert shown.startswith("before") and shown.endswith("after")


@pytest.mark.parametrize("text", list(SAFE.values()), ids=list(SAFE))
def test_ordinary_text_of_any_script_is_kept(text):
    assert first_unsafe(text) is None
    assert safe_text(text) == text
    assert check_line(text, "note", 200) == text


FOLDERS = [
    # (which, environment, expected; ~ is HOME)
    ("data", {"XDG_DATA_HOME": "/x/data"}, "/x/data/contactcheck"),
    ("config", {"XDG_CONFIG_HOME": "/x/config"}, "/x/config/contactcheck"),
    ("cache", {"XDG_CACHE_HOME": "/x/cache"}, "/x/cache/contactcheck"),
    ("data", {"XDG_DATA_HOME": "relative"}, "~/.local/share/contactcheck"),
    ("config", {"XDG_CONFIG_HOME": "relative"}, "~/.config/contactcheck"),
    ("cache", {"XDG_CACHE_HOME": "relative"}, "~/.cache/contactcheck"),
    ("data", {"XDG_DATA_HOME": ""}, "~/.local/share/contactcheck"),
    ("data", {"CONTACTCHECK_HOME": "/mine", "XDG_DATA_HOME": "/x"}, "/mine"),
    ("config", {"CONTACTCHECK_CONFIG_HOME": "/cfg", "XDG_CONFIG_HOME": "/x"}, "/cfg"),
]


@pytest.mark.parametrize(("which", "env", "expected"), FOLDERS)
def test_one_folder_resolver_treats_every_xdg_variable_alike(which, env, expected):
    home = Path("/home/someone")
    found = getattr(folders, f"{which}_dir")(env=env, platform="linux", home=home)
    assert found == Path(expected.replace("~", str(home)))


@pytest.mark.parametrize(("platform", "which", "expected"), [
    ("darwin", "data", "~/Library/Application Support/contactcheck"),
    ("darwin", "cache", "~/Library/Caches/contactcheck"),
    ("win32", "data", "/L/contactcheck"), ("win32", "cache", "/L/contactcheck/Cache"),
    ("win32", "config", "/R/contactcheck"),
])
def test_other_platforms_have_their_conventions(platform, which, expected):
    home = Path("/home/someone")
    env = {"LOCALAPPDATA": "/L", "APPDATA": "/R"}
    found = getattr(folders, f"{which}_dir")(env=env, platform=platform, home=home)
    assert found == Path(expected.replace("~", str(home)))


@pytest.mark.skipif(os.name != "posix", reason="POSIX links")
def test_a_link_planted_at_the_temporary_name_is_never_followed(tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("keep me", encoding="utf-8")
    target = tmp_path / "file.json"
    (tmp_path / f".file.json.{os.getpid()}{files.TEMP_SUFFIX}").symlink_to(victim)
    files.write_atomic(target, b"new")
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link_to_null(path: Path) -> None:
    path.symlink_to("/dev/null")


def _folder(path: Path) -> None:
    path.mkdir()


def _link_to_folder(path: Path) -> None:
    (path.parent / "folder").mkdir()
    path.symlink_to(path.parent / "folder")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
@pytest.mark.parametrize("make", [_fifo, _link_to_null, _folder, _link_to_folder],
                         ids=["fifo", "link-to-dev-null", "folder", "link-to-folder"])
def test_only_a_regular_file_is_ever_replaced(tmp_path, make):
    # `check --output /dev/null`, answered "replace" at a terminal, put a file where the
    # device was (as root, for every program on the machine).
    target = tmp_path / "note.md"
    make(target)
    before = os.lstat(target)
    with pytest.raises(OSError):
        files.write_atomic(target, b"new")
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert not [path for path in tmp_path.iterdir() if path.name.endswith(files.TEMP_SUFFIX)]


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "file.json"
    target.write_bytes(b"old")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["file.json"]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_link_to_an_endless_device_is_refused_after_the_cap(tmp_path):
    link = tmp_path / "tree.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(InvalidFile, match="invalid"):
        files.read_capped(link, str(link), cap=1024)
    with pytest.raises(OSError):
        files.read_bounded(link, 1024, private=True)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_a_private_read_never_waits_on_a_pipe(tmp_path):
    fifo = tmp_path / "entry"
    os.mkfifo(fifo, 0o600)
    signal.alarm(5)  # a hang fails the test instead of stopping the suite
    try:
        with pytest.raises(PermissionError):
            files.read_bounded(fifo, private=True)
    finally:
        signal.alarm(0)


ONLY_IN = {
    # what (a pattern in the source), the one module allowed to contain it
    "isprintable|unicodedata\\.category": {"textsafe.py", "cli.py"},
    "get\\(\"XDG_|get\\(\"(LOCAL)?APPDATA|Path\\.home\\(": {"folders.py"},
    "os\\.replace|mkstemp|O_EXCL|O_TRUNC|\\.write_(bytes|text)\\(": {"files.py"},
    "\\.read_bytes\\(\\)|\\.read_text\\(": set(),
}


@pytest.mark.parametrize("pattern", list(ONLY_IN))
def test_no_second_copy_of_a_job(pattern):
    offenders = sorted(str(path.relative_to(SRC)) for path in SRC.rglob("*.py")
                       if path.name not in ONLY_IN[pattern]
                       and re.search(pattern, path.read_text(encoding="utf-8")))
    assert offenders == [], textwrap.dedent(f"""
        {pattern} belongs in {ONLY_IN[pattern] or 'no module'}: use textsafe, folders or files""")


def test_records_are_structs_not_dataclasses():
    # A frozen dataclass costs ~0.5 ms to define (its methods are compiled with exec), a
    # msgspec Struct ~0.01 ms; a JSON check defines ~30 records before it can answer, so one
    # dataclass on that path is felt in the start-up budget (benchmarks/bench.py).
    found = [f"{path.relative_to(SRC)}:{number}"
             for path in sorted(SRC.rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.match(r"\s*(@dataclass|from dataclasses import|import dataclasses)", line)]
    assert not found, f"use msgspec.Struct (frozen=True) for records: {found}"


def test_the_records_read_back_on_every_start_have_their_types_already():
    # The tree and the crisis lines are decoded from their stored form on every start-up
    # (prebuilt.py); a string annotation makes msgspec compile it first (~1 ms of every check,
    # benchmarks/bench.py). Their modules do without `from __future__ import annotations`.
    import inspect

    from msgspec import Struct

    from contactcheck.check import resources
    from contactcheck.tree import model

    for module in (model, resources):
        records = [value for value in vars(module).values()
                   if inspect.isclass(value) and issubclass(value, Struct)
                   and value.__module__ == module.__name__]
        assert len(records) >= 3
        for record in records:
            strings = {name: hint for name, hint in record.__annotations__.items()
                       if isinstance(hint, str)}
            assert strings == {}, f"{record.__name__}: {strings}"
