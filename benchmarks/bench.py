"""Measure contactcheck's start-up and big-tree budgets, side by side, and print the ratios.

    .venv/bin/python benchmarks/bench.py                 # the README's numbers
    .venv/bin/python benchmarks/bench.py --nodes 500 --runs 3 --no-cookiecutter   # quick (CI)

It also times the first question of an interactive `contactcheck check` in a
pseudo-terminal, against questionary's own select of the same question in the
same terminal (the floor for any prompt built on it).

Commands are run alternately (one run of each, then the next round), several
rounds, and the medians compared, so a machine that gets busier or quieter
part-way through slows every command alike. Times are wall-clock times of
whole processes, as a person or a script waits for them; peak memory is the
process's maximum resident set size. Each budget is a ratio to a baseline
measured in the same run, or a limit; the last column says whether it holds.

What is measured is this checkout as a person installs it: `pip install .` into
a throwaway venv, the runtime dependencies only, and the bare select and the
floor run with that venv's Python. The development venv is not what anyone
runs (its tools bring packages the runtime dependencies import when present);
`--here` measures the contactcheck next to the Python running this instead. If
the install fails, that is what is measured, and the report says why.

The cache lives in a temporary directory, so your own cache is not touched,
and no saved policy profile or safety plan is read. Cookiecutter is installed into a
throwaway virtual environment under the temporary directory if pip can get it
in time; otherwise that comparison is skipped with a note. This is a
benchmark, not a test: it exits 0 whatever the numbers (with `--strict`, 1 if
a budget is missed), and 2 if a command fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen_tree import path_to_last, write_tree  # noqa: E402

MIB = 1024 * 1024


@dataclass
class Command:
    """A command to measure, and what was measured."""

    name: str
    argv: list[str]
    before: list[str] | None = None
    """A command run (not timed) before each run, e.g. to empty the cache."""
    env: dict[str, str] = field(default_factory=dict)
    """Variables set for this command only (e.g. the language)."""
    seconds: list[float] = field(default_factory=list)
    peak: list[int] = field(default_factory=list)
    """Peak resident memory of each run, in bytes."""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_median(self) -> float:
        return statistics.median(self.peak)


# Commands are started by a small helper process, not by this one: a child's peak memory
# (ru_maxrss) counts the memory of the process it was forked from, and this one has
# imported contactcheck. The helper is a bare interpreter, smaller than any command measured.
_SPAWNER = """
import json, os, sys, time
for line in sys.stdin:
    argv, extra = json.loads(line)
    null = os.open(os.devnull, os.O_RDWR)
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, {**os.environ, **extra}, file_actions=[
        (os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, null, 1)])
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    os.close(null)
    print(json.dumps([elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status)]), flush=True)
"""


class Spawner:
    """Runs commands one at a time and reports each one's wall time and peak memory."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.process = subprocess.Popen([sys.executable, "-S", "-c", _SPAWNER], env=env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True)

    def run(self, argv: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, int]:
        """Run a command to its end: wall time, peak memory in bytes. Stops on a failure."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps([list(argv), env or {}]) + "\n")
        self.process.stdin.flush()
        elapsed, peak, code = json.loads(self.process.stdout.readline())
        if code != 0:
            again = subprocess.run(argv, env={**self.env, **(env or {})}, capture_output=True,
                                   text=True,
                                   check=False)
            sys.exit(f"bench: {' '.join(argv)} exited {code}:\n{again.stderr}")
        # ru_maxrss is in KiB on Linux and in bytes on macOS.
        return elapsed, peak if sys.platform == "darwin" else peak * 1024

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def measure(commands: Sequence[Command], runs: int, spawner: Spawner) -> None:
    """Run every command `runs` times, alternating, after one untimed warm-up round."""
    for command in commands:  # warm-up: file caches, our cache, .pyc files
        if command.before:
            spawner.run(command.before)
        spawner.run(command.argv, command.env)
    for _ in range(runs):
        for command in commands:
            if command.before:
                spawner.run(command.before)
            seconds, peak = spawner.run(command.argv, command.env)
            command.seconds.append(seconds)
            command.peak.append(peak)


COOKIECUTTER_VENV = Path(tempfile.gettempdir()) / "contactcheck-bench-cookiecutter"


def cookiecutter_command(timeout: float) -> tuple[list[str] | None, str]:
    """`cookiecutter --help` from a throwaway venv (kept for the next run), or None and why not."""
    venv = COOKIECUTTER_VENV
    executable = venv / "bin" / "cookiecutter"
    if executable.exists():
        return [str(executable), "--help"], ""
    why_not = _install_into_new_venv(venv, "cookiecutter", timeout)
    if why_not:
        shutil.rmtree(venv, ignore_errors=True)
        return None, f"cookiecutter {why_not}"
    return [str(executable), "--help"], ""


def _install_into_new_venv(venv: Path, requirement: str, timeout: float) -> str:
    """Make a venv at `venv` and `pip install` `requirement` into it, within `timeout`
    seconds in all; "" when done, else why not ("could not be installed ...")."""
    deadline = time.monotonic() + timeout
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True,
                       capture_output=True, timeout=timeout)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", requirement], check=True,
                       capture_output=True, timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        return f"could not be installed within {timeout:.0f} s"
    except (subprocess.CalledProcessError, OSError) as error:
        return f"could not be installed ({error})"
    return ""


def installed_as_a_person_would(venv: Path, timeout: float) -> tuple[Path, str]:
    """This checkout installed as a person installs it: `pip install .` into a fresh venv,
    the runtime dependencies only. Its Python, or why it could not be made.

    The development venv is not what anyone runs. Its test and lint tools bring packages
    that the runtime dependencies import when they are there (msgspec imports
    typing_extensions, which mypy brings: about 5 ms of every start), and an editable
    install keeps the bundled trees outside the package.
    """
    why_not = _install_into_new_venv(venv, str(HERE.parent), timeout)
    return venv / "bin" / "python", f"it {why_not}" if why_not else ""


def bundled_answers() -> list[str]:
    """`--answer` flags for the longest path through the bundled tree (every question asked)."""
    from contactcheck.tree.bundled import DEFAULT_TREE, find_tree
    from contactcheck.tree.load import load_tree

    path = find_tree(DEFAULT_TREE)
    if path is None:
        sys.exit("bench: the bundled tree was not found")
    tree = load_tree(path)
    longest: dict[str, list[tuple[str, str]]] = {}

    def walk(node_id: str) -> list[tuple[str, str]]:  # the tree is small: recursion is fine
        if node_id not in tree.questions:
            return []
        if node_id not in longest:
            options = [[(node_id, choice.value), *walk(choice.next)]
                       for choice in tree.questions[node_id].choices]
            longest[node_id] = max(options, key=len)
        return longest[node_id]

    return [flag for question, value in walk(tree.start)
            for flag in ("--answer", f"{question}={value}")]


@dataclass
class Row:
    """A line of the report."""

    what: str
    value: str
    budget: str
    ok: bool | None


# -- the first question, in a terminal ---------------------------------------------------------

_BARE_SELECT = """
import questionary
questionary.select({question!r}, choices={labels!r}).unsafe_ask()
"""
"""The floor for the interactive start: questionary's own select of the same question."""

_ESCAPES = re.compile(r"\x1b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def first_question(lang: str = "en") -> tuple[str, list[str]]:
    """The bundled tree's first question and its choices' labels, as the check shows them
    in `lang`."""
    from contactcheck.interactive.prompts import display_choices
    from contactcheck.tree.bundled import find_tree
    from contactcheck.tree.load import load_translation, load_tree, translation_path

    path = find_tree("default")
    assert path is not None
    tree = load_tree(path)
    if lang != tree.lang:
        translation = translation_path(path, lang)
        assert translation is not None, f"the bundled tree has no {lang} translation"
        tree = load_translation(translation, path)
    question = tree.questions[tree.start]
    return question.text, [choice.label for choice in display_choices(tree, question)]


def time_to_text(argv: Sequence[str], text: str, env: dict[str, str], *, rows: int = 24,
                 cols: int = 80, timeout: float = 30) -> float:
    """Seconds from starting `argv` in a pty until `text` is on its screen; then it is ended.

    The pty answers cursor-position requests as a terminal does (prompt_toolkit asks).
    """
    import pexpect

    target = re.sub(r"\s+", "", text)
    start = time.perf_counter()
    child = pexpect.spawn(argv[0], list(argv[1:]), env=env, dimensions=(rows, cols),
                          encoding="utf-8", codec_errors="replace")
    seen = ""
    try:
        while True:
            try:
                chunk = child.read_nonblocking(65536, timeout=timeout)
            except pexpect.EOF:
                sys.exit(f"bench: {' '.join(argv)} ended before showing {text!r}:\n{seen}")
            if "\x1b[6n" in chunk:
                child.send(f"\x1b[{rows};1R")
            seen += chunk
            if target in re.sub(r"\s+", "", _ESCAPES.sub("", seen)):
                return time.perf_counter() - start
    finally:
        child.close(force=True)


def measure_first_question(contactcheck: str, python: str, env: dict[str, str], runs: int,
                           lang: str = "en") -> list[Row]:
    """`contactcheck check --lang LANG` and a bare questionary select of its first question,
    side by side in the same 80x24 pty: alternating, after a warm-up, medians and their ratio."""
    question, labels = first_question(lang)
    env = {**env, "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    commands = {
        f"contactcheck check --lang {lang}: first question on screen": [
            contactcheck, "check", "--lang", lang],
        "bare questionary select, same question": [
            python, "-c", _BARE_SELECT.format(question=question, labels=labels)],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():  # warm-up
        time_to_text(argv, question, env)
    for _ in range(runs):
        for name, argv in commands.items():
            times[name].append(time_to_text(argv, question, env))
    ours, bare = (statistics.median(times[name]) for name in commands)
    rows = [Row(name, f"{statistics.median(seconds) * 1000:.1f} ms", "", None)
            for name, seconds in times.items()]
    rows.append(Row(f"check --lang {lang} / bare select", f"{ours / bare:.2f}x", "<= 1.15x",
                    ours / bare <= 1.15))
    return rows


def report(rows: Sequence[Row]) -> str:
    widths = [max(len(getattr(row, name)) for row in rows) for name in ("what", "value", "budget")]
    lines = []
    for row in rows:
        verdict = {True: "ok", False: "MISSED", None: ""}[row.ok]
        lines.append(f"{row.what:<{widths[0]}}  {row.value:>{widths[1]}}  "
                     f"{row.budget:<{widths[2]}}  {verdict}".rstrip())
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", default="1000,10000",
                        help="tree sizes for the big-tree budgets, comma-separated "
                             "(default: 1000,10000)")
    parser.add_argument("--runs", type=int, default=15, help="rounds for start-up (default 15)")
    parser.add_argument("--tree-runs", type=int, default=3,
                        help="rounds for each tree size (default 3)")
    parser.add_argument("--no-cookiecutter", action="store_true",
                        help="skip the cookiecutter comparison")
    parser.add_argument("--cookiecutter-timeout", type=float, default=120,
                        help="seconds allowed to install cookiecutter (default 120)")
    # 21: a pty start varies by a few ms from round to round, as much as the budget's margin;
    # 11 rounds gave medians 0.03x apart on the same code.
    parser.add_argument("--pty-runs", type=int, default=21,
                        help="rounds for the first question in a terminal (default 21; 0 skips)")
    parser.add_argument("--here", action="store_true",
                        help="measure the contactcheck next to this Python (default: this "
                             "checkout installed with `pip install .` in a throwaway venv, as "
                             "a person installs it)")
    parser.add_argument("--install-timeout", type=float, default=300,
                        help="seconds allowed for that install (default 300)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a budget is missed")
    args = parser.parse_args()
    sizes = [int(size) for size in args.nodes.split(",") if size.strip()]

    with tempfile.TemporaryDirectory(prefix="contactcheck-bench-") as temporary:
        workdir = Path(temporary)
        python = Path(sys.executable)
        measured = f"the contactcheck next to {python} (--here)"
        if not args.here:
            installed, why_not = installed_as_a_person_would(workdir / "venv",
                                                             args.install_timeout)
            if why_not:
                measured = (f"the contactcheck next to {python}, because this checkout could "
                            f"not be installed in a fresh venv: {why_not}")
            else:
                python = installed
                measured = "this checkout as a person installs it (`pip install .` in a fresh venv)"
        bin_dir = python.parent
        found = shutil.which("contactcheck", path=str(bin_dir))
        if found is None:
            sys.exit(f"bench: no contactcheck next to {python}; run it with the venv's python")
        contactcheck = found
        print(f"Measured: {measured}", flush=True)
        (workdir / "config").mkdir()
        env = {**os.environ, "XDG_CACHE_HOME": str(workdir / "cache"),
               "XDG_CONFIG_HOME": str(workdir / "config"),
               "CONTACTCHECK_CONFIG_HOME": str(workdir / "config"),
               "CONTACTCHECK_HOME": str(workdir / "data"), "CONTACTCHECK_REGION": "GB"}
        for variable in ("CONTACTCHECK_NO_CACHE", "PYTHONPROFILEIMPORTTIME", "PYTHONDEVMODE",
                         # An installed package has its bytecode compiled; without it, every
                         # start compiles every module again (some CI images set this).
                         "PYTHONDONTWRITEBYTECODE"):
            env.pop(variable, None)
        os.environ.update(env)  # bundled_answers() loads the tree in this process

        floor = Command("python -c 'import click'", [str(python), "-c", "import click"])
        help_ = Command("contactcheck --help", [contactcheck, "--help"])
        version = Command("contactcheck --version", [contactcheck, "--version"])
        check = Command("contactcheck check --format json (bundled tree)",
                        [contactcheck, "check", "--format", "json", *bundled_answers()])
        # Translations must cost nothing measurable: the same commands in Spanish.
        help_es = Command("contactcheck --help, CONTACTCHECK_LANG=es", [contactcheck, "--help"],
                          env={"CONTACTCHECK_LANG": "es"})
        check_es = Command("contactcheck check --format json --lang es",
                           [contactcheck, "check", "--format", "json", "--lang", "es",
                            *bundled_answers()])
        startup = [floor, help_, version, check, help_es, check_es]
        cookie_note = "skipped (--no-cookiecutter)"
        cookie = None
        if not args.no_cookiecutter:
            argv, cookie_note = cookiecutter_command(args.cookiecutter_timeout)
            if argv is not None:
                cookie = Command("cookiecutter --help", argv)
                startup.append(cookie)
        print(f"Start-up: {args.runs} alternating rounds, medians "
              f"(Python {sys.version.split()[0]}, {os.cpu_count()} CPUs)", flush=True)
        spawner = Spawner(env)
        measure(startup, args.runs, spawner)

        rows = [Row(command.name, f"{command.median * 1000:.1f} ms", "", None)
                for command in startup]
        base = floor.median
        rows += [
            Row("--help / floor", f"{help_.median / base:.2f}x", "<= 1.25x",
                help_.median / base <= 1.25),
            Row("--version / floor", f"{version.median / base:.2f}x", "<= 1.25x",
                version.median / base <= 1.25),
            Row("check --format json / floor", f"{check.median / base:.2f}x", "<= 1.6x",
                check.median / base <= 1.6),
            Row("--help in Spanish / floor", f"{help_es.median / base:.2f}x", "<= 1.25x",
                help_es.median / base <= 1.25),
            Row("check --format json --lang es / floor", f"{check_es.median / base:.2f}x",
                "<= 1.6x", check_es.median / base <= 1.6),
        ]
        if cookie is not None:
            rows.append(Row("cookiecutter --help / contactcheck --help",
                            f"{cookie.median / help_.median:.1f}x", ">= 4x",
                            cookie.median / help_.median >= 4))
        rows.append(Row("peak memory of --help", f"{help_.peak_median / MIB:.1f} MiB",
                        "<= 20 MiB", help_.peak_median <= 20 * MIB))
        print(report(rows))
        if cookie is None:
            print(f"cookiecutter: {cookie_note}")

        missed = any(row.ok is False for row in rows)
        if args.pty_runs > 0 and sys.platform != "win32":
            print(f"\nFirst question in an 80x24 terminal (pty): {args.pty_runs} alternating "
                  "rounds, medians", flush=True)
            firsts = {}
            for lang in ("en", "es"):
                rows = measure_first_question(contactcheck, str(python), env, args.pty_runs,
                                              lang)
                firsts[lang] = rows[0]
                print(report(rows))
                missed = missed or any(row.ok is False for row in rows)
            # Each language against its own floor above; here the cost of the translation
            # itself (the catalog, the translated tree), ours against ours.
            spanish, english = (float(firsts[lang].value.split()[0]) for lang in ("es", "en"))
            print(report([Row("first question, Spanish / English", f"{spanish / english:.2f}x",
                              "", None)]))
        per_node: list[tuple[int, float]] = []
        for nodes in sizes:
            tree = write_tree(workdir / f"tree-{nodes}.yaml", nodes)
            answers = [flag for question, value in path_to_last(nodes)
                       for flag in ("--answer", f"{question}={value}")]
            cold = Command(f"validate ({nodes:,} nodes)", [contactcheck, "validate", str(tree)])
            warm = Command(f"check --format json ({nodes:,} nodes)",
                           [contactcheck, "check", "--tree", str(tree), "--format", "json",
                            *answers])
            print(f"\nTree of {nodes:,} nodes ({tree.stat().st_size / MIB:.1f} MiB of YAML): "
                  f"{args.tree_runs} alternating rounds, medians", flush=True)
            measure([cold, warm], args.tree_runs, spawner)
            per_node.append((nodes, (cold.median - help_.median) / nodes))
            rows = [
                Row(cold.name, f"{cold.median:.2f} s", "<= 3 s" if nodes <= 10_000 else "",
                    cold.median <= 3 if nodes <= 10_000 else None),
                Row(warm.name, f"{warm.median:.2f} s", "", None),
                Row("peak memory, validate", f"{cold.peak_median / MIB:.0f} MiB", "<= 300 MiB",
                    cold.peak_median <= 300 * MIB),
            ]
            print(report(rows))
            missed = missed or any(row.ok is False for row in rows)
        if len(per_node) > 1:
            (small, small_cost), (big, big_cost) = per_node[0], per_node[-1]
            growth = big_cost / small_cost
            print(f"\nLoad+validate per node: {small_cost * 1e6:.0f} us at {small:,} nodes, "
                  f"{big_cost * 1e6:.0f} us at {big:,} ({growth:.2f}x per node for "
                  f"{big / small:.0f}x the nodes; linear is ~1x, quadratic would be "
                  f"{big / small:.0f}x)")
            linear = growth <= 2
            print(report([Row("load+validate grows linearly", f"{growth:.2f}x", "<= 2x", linear)]))
            missed = missed or not linear
        spawner.close()
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
