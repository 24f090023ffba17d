"""A real terminal for tests and docs: a pty (pexpect) whose output is read by pyte.

`Terminal` starts `python -m contactcheck ARGS` the way a person would and
keeps what a person would see. It answers prompt_toolkit's cursor position
requests, as a real terminal does.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pexpect
import pyte

TIMEOUT = float(os.environ.get("TERMINAL_TIMEOUT", "30"))


_ESCAPES = re.compile(r"\x1b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def squash(text: str) -> str:
    """Text without whitespace, so a match does not depend on where lines wrap."""
    return re.sub(r"\s+", "", text)


class _Screen(pyte.HistoryScreen):
    """pyte's screen with scrollback that `ESC [ 3 J` clears, as xterm and VTE do."""

    def erase_in_display(self, how: int = 0, *args: object, **kwargs: object) -> None:
        super().erase_in_display(how, *args, **kwargs)
        if how == 3:
            self.history.top.clear()


class Terminal:
    """`python -m contactcheck ARGS` in a pty of `rows` x `cols`, read through pyte."""

    def __init__(self, *args: str, home: Path, rows: int = 30, cols: int = 80,
                 env: dict[str, str] | None = None, answers_cpr: bool = True,
                 stderr_to: Path | None = None, in_a_shell: bool = False) -> None:
        self.cols = cols
        self.answers_cpr = answers_cpr
        """Whether cursor position requests are answered (some terminals never do)."""
        self.screen = _Screen(cols, rows, history=5000)
        self.ended = False
        self.stream = pyte.Stream(self.screen)
        self.raw = ""
        full = {key: value for key, value in os.environ.items()
                if key not in ("NO_COLOR", "ACCESSIBLE", "CONTACTCHECK_REGION", "LC_ALL",
                               "FORCE_COLOR", "PROMPT_TOOLKIT_NO_CPR")}
        full.update({"TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows),
                     "LANG": "C.UTF-8", "CONTACTCHECK_REGION": "GB",
                     "CONTACTCHECK_CONFIG_HOME": str(home),
                     "XDG_CONFIG_HOME": str(home), "XDG_DATA_HOME": str(home),
                     "XDG_CACHE_HOME": str(home / "cache")})
        full.update(env or {})
        program, argv = sys.executable, ["-m", "contactcheck", *args]
        if in_a_shell:  # run from a shell, as people do: see `hang_up_in_a_shell`
            assert stderr_to is not None, "a program in a shell needs stderr_to="
            program, argv = "/bin/sh", ["-c", '"$0" "$@" 2>"$ERR_FILE"; :', program, *argv]
            full["ERR_FILE"] = str(stderr_to)
        elif stderr_to is not None:  # stderr to a file, as a person's log would take it
            program, argv = "/bin/sh", ["-c", 'exec "$0" "$@" 2>"$ERR_FILE"', program, *argv]
            full["ERR_FILE"] = str(stderr_to)
        self.child = pexpect.spawn(program, argv, env=full, dimensions=(rows, cols),
                                   encoding="utf-8", codec_errors="replace", timeout=TIMEOUT)

    def _pump(self, timeout: float = 0.2) -> bool:
        """Read what the program wrote; False at end of output."""
        try:
            chunk = self.child.read_nonblocking(65536, timeout=timeout)
        except pexpect.TIMEOUT:
            return True
        except pexpect.EOF:
            self.ended = True
            return False
        self.raw += chunk
        # Answer cursor position requests the way a terminal does.
        parts = chunk.split("\x1b[6n")
        for index, part in enumerate(parts):
            self.stream.feed(part)
            if index < len(parts) - 1 and self.answers_cpr:
                cursor = self.screen.cursor
                self.child.send(f"\x1b[{cursor.y + 1};{cursor.x + 1}R")
        return True

    def idle(self, seconds: float) -> None:
        """Keep reading what the program writes for `seconds`, sending nothing."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self._pump(min(0.2, seconds)):
            pass

    def visible(self) -> str:
        """The screen as it is now."""
        return "\n".join(line.rstrip() for line in self.screen.display)

    def transcript(self) -> str:
        """Everything shown, including what scrolled off the top."""
        top = ["".join(line[x].data for x in range(self.cols)).rstrip()
               for line in self.screen.history.top]
        return "\n".join([*top, self.visible()])

    def wait_for(self, text: str) -> None:
        """Wait until `text` is on the screen (wherever it wraps)."""
        end = time.monotonic() + TIMEOUT
        while squash(text) not in squash(self.visible()):
            if time.monotonic() > end or not self._pump():
                if squash(text) in squash(self.visible()):
                    return
                raise AssertionError(f"{text!r} is not on the screen:\n{self.visible()}")

    def shown(self) -> str:
        """Everything the program wrote as text, escape sequences removed (also what a clear
        has since wiped)."""
        return _ESCAPES.sub("", self.raw)

    def wait_for_output(self, text: str) -> None:
        """Wait until `text` has been written (wherever it wraps), even if since cleared."""
        end = time.monotonic() + TIMEOUT
        while squash(text) not in squash(self.shown()):
            if time.monotonic() > end or not self._pump():
                if squash(text) in squash(self.shown()):
                    return
                raise AssertionError(f"{text!r} was not written:\n{self.shown()}")

    def wait_for_any(self, *texts: str, end: bool = False) -> str | None:
        """Wait until one of `texts` is on the screen (returned), or (if `end`) the program ends."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            shown = squash(self.visible())
            for text in texts:
                if squash(text) in shown:
                    return text
            if self.ended and end:
                return None
            if time.monotonic() > deadline or (not self._pump() and not end):
                raise AssertionError(f"none of {texts!r} is on the screen:\n{self.visible()}")

    def decline_offers(self) -> int:
        """Answer every yes/no offer after a result with Enter (= no) until the program ends;
        its exit status."""
        answered = 0
        end = time.monotonic() + TIMEOUT
        while time.monotonic() < end:
            shown = self.shown()
            if shown.count("[y/N]") + shown.count("[s/N]") > answered:
                self.send("\r")
                answered += 1
            elif not self._pump():
                break
        return self.finish()

    def settle(self) -> None:
        """Read until the program pauses for input or ends (no timing is asserted)."""
        while True:
            before = len(self.raw)
            if not self._pump(0.3) or len(self.raw) == before:
                return

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def hang_up(self) -> int:
        """Close the terminal under the program, as a closed window or a dropped ssh
        connection does, and wait for it to end by itself; its exit status.

        Only the terminal's end is closed: the kernel sends the program SIGHUP and its reads
        and writes fail. Nothing else is sent (pexpect's own `close` follows with SIGINT,
        which a person's closed window never sends, and which hid a hang).
        """
        process = self.child.ptyproc
        process.fileobj.close()
        _wait_for_the_end(process.isalive, lambda: process.kill(signal.SIGKILL))
        self.child.close()  # only bookkeeping now: the program has ended
        assert self.child.exitstatus is not None, f"killed by signal {self.child.signalstatus}"
        return self.child.exitstatus

    def hang_up_in_a_shell(self) -> None:
        """Close the terminal under a program started from a shell (`in_a_shell=True`), and
        wait for the program to end by itself.

        That is what a closed window or a dropped ssh connection does to `contactcheck` run
        from a shell: the kernel hangs up the shell, the session's leader, which ends; the
        program's reads and writes fail at once, and it gets SIGHUP a moment later, as the
        leader goes. Its exit status goes to the shell, which is gone.
        """
        shell = self.child.pid
        self.child.close(force=True)
        # Found after the terminal has closed, not before: the moment matters (the closer to
        # drawing, the busier the program). In the shell's session, whoever is its parent now.
        programs = [int(entry.name) for entry in Path("/proc").iterdir()
                    if entry.name.isdigit() and _session(int(entry.name)) == shell]
        assert len(programs) <= 1, programs
        if not programs:
            return  # it has ended, and has already been reaped

        def kill() -> None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(programs[0], signal.SIGKILL)

        _wait_for_the_end(lambda: _running(programs[0]), kill)

    def finish(self) -> int:
        """Wait for the program to end; its exit status."""
        end = time.monotonic() + TIMEOUT
        while time.monotonic() < end and self._pump():
            pass
        self.child.close()
        assert self.child.exitstatus is not None, "the program did not end"
        return self.child.exitstatus


def _wait_for_the_end(running: Callable[[], bool], kill: Callable[[], None]) -> None:
    """Wait until a program whose terminal closed has ended by itself; if it has not within
    TIMEOUT, kill it and fail."""
    end = time.monotonic() + TIMEOUT
    while running():
        if time.monotonic() > end:
            kill()
            raise AssertionError("the program was still running after its terminal closed")
        time.sleep(0.02)


def _status(pid: int) -> list[str]:
    """Process `pid`'s state, parent, group, session and on (Linux's /proc); empty if it has
    gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return stat.rpartition(")")[2].split()  # after "pid (name)"


def _session(pid: int) -> int | None:
    status = _status(pid)
    return int(status[3]) if status else None


def _running(pid: int) -> bool:
    status = _status(pid)
    return bool(status) and status[0] not in ("Z", "X")  # a zombie has ended


def edit_in_terminal(command: str, answers: Sequence[tuple[str, str]] = (),
                     env: Mapping[str, str] | None = None) -> tuple[int, str]:
    """Run `safety-plan edit` in a pty with EDITOR=command (and `env`), answering prompts;
    (exit code, what was shown)."""
    child = pexpect.spawn(str(Path(sys.executable).with_name("contactcheck")),
                          ["safety-plan", "edit"],
                          env={**os.environ, "EDITOR": command, "VISUAL": "", **(env or {})},
                          encoding="utf-8", timeout=30, dimensions=(40, 200))
    child.logfile_read = io.StringIO()
    for prompt, reply in answers:
        child.expect_exact(prompt)
        child.sendline(reply)
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.logfile_read.getvalue().replace("\r\n", "\n")
