"""Rich renderables for a result: the only module that builds them.

Layout only: `report.build_report` has already decided what is shown. Tree
text is always plain `Text` (never markup) with control characters removed,
and crisis numbers are wrapped so that a number never breaks across lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from contactcheck.model import Decision
from contactcheck.report import DISCLAIMER, Report

_STYLES = {
    Decision.CONTACT_NOW: "bold yellow",
    Decision.WAIT_FOR_SESSION: "bold green",
    Decision.RAISE_IN_SESSION: "bold cyan",
}
_EMERGENCY_STYLE = "bold white on red"
_NUMBERISH = re.compile(r"\+?\d[\d\- ]*\d")


def safe(text: str) -> str:
    """Tree text without control characters or escape sequences (no driving the terminal)."""
    return "".join(ch if ch.isprintable() or ch in "\n" else " " for ch in text)


def keep_numbers_whole(text: str, width: int) -> list[str]:
    """Wrap `text` to `width`, never breaking inside a phone number like `116 123`."""
    # Split at spaces, except those inside a number; punctuation stays glued to its word
    # ("call 999." must not become "call 999 .").
    guarded = _NUMBERISH.sub(lambda match: match.group().replace(" ", "\0"), text)
    tokens = [token.replace("\0", " ") for token in guarded.split()]
    lines: list[str] = []
    current = ""
    for token in tokens:
        if current and len(current) + 1 + len(token) > width:
            lines.append(current)
            current = token
        else:
            current = f"{current} {token}" if current else token
    if current:
        lines.append(current)
    return lines or [""]


def _ascii_only(console: Console) -> bool:
    return not (console.encoding or "").lower().startswith("utf")


def headline(report: Report, console: Console) -> Text:
    """The decision first: symbol and words, so urgency never rests on colour."""
    style = _EMERGENCY_STYLE if report.emergency else _STYLES[report.result.decision]
    return Text(f" {report.symbol(_ascii_only(console))} {safe(report.headline)} ", style=style)


def crisis_block(report: Report, console: Console, indent: int = 2) -> list[RenderableType]:
    """The region's numbers, each on lines of its own that never split a number."""
    width = max(20, console.width - indent)
    rows: list[RenderableType] = []
    for line in report.crisis_lines:
        for part in keep_numbers_whole(safe(line), width):
            rows.append(Text(" " * indent + part, style="bold", no_wrap=True, overflow="ignore"))
    return rows


def _section(title: str, body: Iterable[RenderableType]) -> list[RenderableType]:
    return [Text(""), Text(title, style="bold underline"), *body]


def _bullets(items: Sequence[str], numbered: bool = False) -> list[RenderableType]:
    """A list with hanging indents, so wrapped lines stay under their item."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(overflow="fold")
    for n, item in enumerate(items, 1):
        grid.add_row(Text(f"{n}." if numbered else "•"), Text(safe(item)))
    return [Padding(grid, (0, 0, 0, 2))]


def render_result(report: Report, console: Console, *, explain: bool = False,
                  extra_sections: Sequence[tuple[str, Sequence[str]]] = (),
                  disclaimer: bool = True) -> RenderableType:
    """The whole result screen: decision, (numbers,) why, what to do, safety net.

    `disclaimer=False` when the person has already been told, once, that this is a
    suggestion and not a diagnosis (the interactive intro says so).
    """
    outcome = report.result.outcome
    parts: list[RenderableType] = [headline(report, console)]
    if report.emergency:
        parts += _section("Get help now", crisis_block(report, console))
        if report.stale_note:
            parts.append(Text("  " + report.stale_note, style="italic"))
    for title, lines in (*report.sections, *extra_sections):
        parts += _section(title, _bullets(lines))
    why = [r.text + (f" (source: {r.source})" if explain and r.source else "")
           for r in outcome.why]
    parts += _section("Why", _bullets(why))
    parts += _section("What to do", _bullets(outcome.do, numbered=True))
    if outcome.draft:
        parts += _section("A draft message you could adapt",
                          [Padding(Text(safe(outcome.draft), style="italic"), (0, 0, 0, 4))])
    if report.policy_lines:
        parts += _section("From your therapist's policy", _bullets(report.policy_lines))
    net: list[RenderableType] = [Padding(Text(safe(report.safety_net)), (0, 0, 0, 2))]
    if not report.emergency:
        net += crisis_block(report, console)
        if report.stale_note:
            net.append(Text("  " + report.stale_note, style="italic"))
    parts += _section("If things change or get worse", net)
    if explain:
        steps = [f"{s.question_id}: {s.question} -> {s.label} [{s.value}]"
                 + (" (from your policy profile)" if s.from_policy else "") + f" -> {s.next}"
                 for s in report.trail]
        parts += _section("How your answers led here", _bullets(steps or ["(no questions)"]))
        parts.append(Text(f"  Region: {report.region.region.name} ({report.region.how})",
                          style="dim"))
    if disclaimer:
        parts += [Text(""), Rule(style="dim"), Text(DISCLAIMER, style="dim")]
    return Group(*parts)
