"""Text from trees and from the person, made inert for Markdown pages.

One escaper for every Markdown we write (result notes, agenda pages, safety
plans), so a `*`, `#`, `<` or `~~~` in someone's text stays a character and
can never turn into a heading, a link, HTML or a code fence that swallows the
crisis lines after it.
"""

from __future__ import annotations

import re

from contactcheck.check.report import CONTEXT_TITLE, DISCLAIMER, Report
from contactcheck.check.sources import reference
from contactcheck.i18n import _
from contactcheck.output.options import RenderOptions
from contactcheck.textsafe import safe_text

_INLINE = re.compile(r"([\\`*_\[\]<>|~&#!])")
_LINE_START = re.compile(r"^([+\-=]|\d+(?=[.)]))")


def escape_markdown(text: str) -> str:
    """`text` on one line, with everything that could change a Markdown page escaped.

    Control characters and line breaks become spaces (a line break could start
    a heading, a list or indented code); inline marks are backslash-escaped
    anywhere; and what would start a list, a rule or a numbered item at the
    start is escaped too.
    """
    # One line (every control, line break included, becomes a space), trimmed so no leading
    # spaces start indented code; spaces inside are the person's and are kept as written.
    flat = safe_text(text, stand_in=" ").strip(" ")
    escaped = _INLINE.sub(r"\\\1", flat)
    start = _LINE_START.match(escaped)
    if start is None:
        return escaped
    if start.group(1).isdigit():
        return f"{escaped[:start.end()]}\\{escaped[start.end():]}"
    return "\\" + escaped


def result_markdown(report: Report, options: RenderOptions) -> str:
    """A note the person can bring to the session, in the report's order (numbers first in an
    emergency, and with every safety net)."""
    result = report.result
    md = escape_markdown
    out = [f"# {report.symbol()} {md(report.headline)}", ""]
    for part in report.order:
        if part == "crisis":
            out += ["## " + _("Get help now"), "", f"**{md(report.urgency_note or '')}**", "",
                    f"_{md(report.region_heading)}_", "",
                    *(f"- **{md(line)}**" for line in report.crisis_lines)]
            out += [f"\n_{md(note)}_" for note in report.region_notes]
            if report.stale_note:
                out += ["", f"_{md(report.stale_note)}_"]
            out.append("")
        elif part == "sections":
            for title, lines in report.sections:
                out += [f"## {md(title)}", "", *(f"- {md(line)}" for line in lines), ""]
        elif part == "context" and report.context:
            out += [f"## {md(_(CONTEXT_TITLE))}", "",
                    *(f"- {md(line)}" for line in report.context), ""]
        elif part == "why":
            out += ["## " + _("Why"), ""]
            out += [f"- {md(r.text)}" + (" _" + md(_("(source: {reference})").format(
                reference=reference(r.source))) + "_" if r.source and options.explain else "")
                    for r in report.why]
            out.append("")
        elif part == "do":
            out += ["## " + _("What to do"), ""]
            out += [f"{n}. {md(step)}" for n, step in enumerate(report.do, 1)]
        elif part == "draft" and report.draft:
            out += ["", "## " + _("A draft message"), "", *(f"> {md(line)}" if line else ">"
                                                    for line in report.draft.splitlines())]
        elif part == "policy" and report.policy_lines:
            out += ["", f"## {report.policy_title}", "",
                    *(f"- {md(line)}" for line in report.policy_lines)]
        elif part == "safety_net_and_crisis":
            out += ["", "## " + _("If things change or get worse"), "", md(report.safety_net), ""]
            out += [f"_{md(report.region_heading)}_", ""]
            out += [f"- {md(line)}" for line in report.crisis_lines]
            out += [f"\n_{md(note)}_" for note in report.region_notes]
            if report.stale_note and not report.numbers_first:
                out += ["", f"_{md(report.stale_note)}_"]
            out.append("")
        elif part == "trail" and options.explain:
            out += ["## " + _("How the answers led here"), ""]
            out += [f"- {md(s.question)} — **{md(s.label)}**"
                    + (f" _{md(_('(from your policy profile)'))}_" if s.from_policy else "")
                    + (f" _{md(_('(from the hours in your policy)'))}_" if s.from_clock else "")
                    for s in report.trail]
            out.append("")
    tree = _("Tree: {title} ({version}).").format(title=md(result.tree.title),
                                                  version=md(result.tree.version))
    out += [f"_{md(_(DISCLAIMER))} {tree}_", ""]
    return "\n".join(out) + "\n"
