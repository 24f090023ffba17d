"""The informational documents, in text and JSON: `where`, `questions`, `session show`, `resources`.

Each renderer is `(value, RenderOptions) -> str` and is named in the registry
(output/formats.py); the commands build the value and call `emit`. The JSON
shapes are the documented ones (README, "JSON shapes").
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct

from contactcheck.check.clock import SessionTiming
from contactcheck.check.region_choice import RegionChoice
from contactcheck.check.report import line_text
from contactcheck.check.resources import Absent, Line, Region
from contactcheck.errors import N_
from contactcheck.i18n import _, ngettext
from contactcheck.output import jsondoc
from contactcheck.output.json import absent_fields, line_fields
from contactcheck.output.options import RenderOptions
from contactcheck.personal.storage import StoredPath
from contactcheck.tree.model import Tree


def _lines(lines: list[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


def _json(data: object) -> str:
    return jsondoc.dumps(data, indent=2) + "\n"


# -- where -----------------------------------------------------------------------------------

_KIND_TITLES = {
    "data": N_("Your own files (only written when you ask: agenda, safety plan)"),
    "config": N_("Your settings"),
    "cache": N_("Cache (safe to delete at any time; rebuilt when needed)"),
    "program": N_("Part of the program (only read)"),
}


def where_text(paths: list[StoredPath], options: RenderOptions) -> str:
    lines: list[str] = []
    for kind, title in _KIND_TITLES.items():
        group = [entry for entry in paths if entry.kind == kind]
        if not group:
            continue
        lines.append(f"{_(title)}:")
        for entry in group:
            state = _("exists") if entry.path.exists() else _("not there")
            lines.append(f"  {entry.path}{'/' if entry.directory else ''}  ({state})")
            lines.append(f"      {_(entry.what)}")
        lines.append("")
    lines.append(_("No network is used. Besides these, contactcheck reads only files you name "
                   "on the command line (such as --tree, --policy, --answers-file)."))
    return _lines(lines)


def where_json(paths: list[StoredPath], options: RenderOptions) -> str:
    return _json([{"path": str(entry.path), "what": entry.what, "kind": entry.kind,
                   "directory": entry.directory, "exists": entry.path.exists()}
                  for entry in paths])


# -- questions -------------------------------------------------------------------------------

def questions_text(tree: Tree, options: RenderOptions) -> str:
    lines = [_("{title} ({id} {version}); the first question is '{start}'.").format(
        title=tree.title, id=tree.id, version=tree.version, start=tree.start)]
    for question in tree.questions.values():
        lines.append("")
        policy = "  " + _("[answered by policy fact '{fact}' when your profile says]").format(
            fact=question.policy) if question.policy else ""
        lines.append(f"{question.id}: {question.text}{policy}")
        flags = [f"--answer {question.id}={choice.value}" for choice in question.choices]
        width = max(len(flag) for flag in flags)
        for flag, choice in zip(flags, question.choices, strict=True):
            also = " " + ngettext("(old value still accepted: {values})",
                                  "(old values still accepted: {values})",
                                  len(choice.aliases)).format(values=", ".join(choice.aliases)) \
                if choice.aliases else ""
            lines.append(f"  {flag:<{width}}  {choice.label} -> {choice.next}{also}")
    lines.append("")
    lines.append(_("Outcomes:"))
    for outcome in tree.outcomes.values():
        # The decision and urgency as JSON and scripts name them (values, never translated).
        marker = f" ({outcome.urgency.value})" if outcome.numbers_first else ""
        lines.append(f"  {outcome.id}: {outcome.decision.value}{marker} — {outcome.title}")
    return _lines(lines)


def questions_data(tree: Tree) -> dict[str, Any]:
    """The documented JSON shape of `questions --format json`."""
    return {
        "tree": {"id": tree.id, "title": tree.title, "version": tree.version,
                 "start": tree.start, "lang": tree.lang},
        "questions": [
            {"id": q.id, "text": q.text, "help": q.help, "policy": q.policy,
             "choices": [{"value": c.value, "label": c.label, "next": c.next}
                         for c in q.choices]}
            for q in tree.questions.values()
        ],
        "outcomes": [
            {"id": o.id, "decision": o.decision.value, "emergency": o.emergency,
             "urgency": o.urgency.value, "title": o.title}
            for o in tree.outcomes.values()
        ],
    }


def questions_json(tree: Tree, options: RenderOptions) -> str:
    return _json(questions_data(tree))


# -- trees ------------------------------------------------------------------------------------

TREE_COLUMNS = ("name", "id", "version", "title", "path")


def trees_text(listed: list[dict[str, str]], options: RenderOptions) -> str:
    widths = {key: max([len(key), *(len(entry[key]) for entry in listed)])
              for key in TREE_COLUMNS}
    rows = [{key: key for key in TREE_COLUMNS}, *listed]
    return _lines(["  ".join(f"{row[key]:<{widths[key]}}" for key in TREE_COLUMNS).rstrip()
                   for row in rows])


def trees_json(listed: list[dict[str, str]], options: RenderOptions) -> str:
    return _json(listed)


# -- session show ----------------------------------------------------------------------------

def session_text(timing: SessionTiming | None, options: RenderOptions) -> str:
    if timing is None:
        return _lines([_("No next session is known. Save one with `contactcheck session next "
                         "\"2026-12-04 15:00\"`.")])
    return _lines([_("Your next session is {when}.").format(when=timing.words())])


def session_json(timing: SessionTiming | None, options: RenderOptions) -> str:
    return _json({"next_session": timing.at.isoformat(timespec="minutes") if timing else None,
                  "days_until_session": timing.days if timing else None})


# -- resources -------------------------------------------------------------------------------

class RegionListing(Struct, frozen=True):
    """What `resources` shows: the chosen region (how and why), and the regions listed."""

    choice: RegionChoice
    shown: tuple[Region, ...]
    show_all: bool = False


def resources_text(listing: RegionListing, options: RenderOptions) -> str:
    choice = listing.choice
    lines = [choice.heading]
    if not listing.show_all:
        lines.extend(choice.notes)
    for entry in (region.in_language() for region in listing.shown):  # as a result says it
        lines.append("")
        members = "; " + _("also {codes}").format(codes=", ".join(entry.members)) \
            if entry.members else ""
        lines.append(f"{entry.name} [{entry.code}{members}]")
        for line in entry.lines:
            lines.append(f"  {line.kind}: {line_text(line)}")
            lines.extend(_sourced(line))
        for absent in entry.absent:
            lines.append(f"  {absent.kind}: " + _("no national line. {says}").format(
                says=absent.says))
            if absent.see:
                lines.append("      " + _("where to find yours: {see}").format(see=absent.see))
            lines.extend(_sourced(absent))
    return _lines(lines)


def _sourced(item: Line | Absent) -> list[str]:
    """Where a line (or a kind's absence) comes from, whether it was verified, what it says."""
    if item.verified is not None:
        status = _("verified {date}").format(date=item.verified.isoformat())
    else:
        status = _("not verified: {why}").format(why=item.unverified)
    said = ["      " + _("it says: \"{quote}\"").format(quote=item.quote)] if item.quote else []
    return ["      " + _("source: {source} ({status})").format(source=item.source,
                                                            status=status), *said]


def resources_json(listing: RegionListing, options: RenderOptions) -> str:
    choice = listing.choice
    return _json({
        "region": choice.region.code, "chosen": choice.how, "how": choice.reason,
        "guess": choice.is_guess, "heading": choice.heading,
        "regions": [{"code": entry.code, "name": entry.name, "members": list(entry.members),
                     "emergency": entry.emergency,
                     "lines": [line_fields(line) for line in entry.lines],
                     "no_national": [absent_fields(absent) for absent in entry.absent]}
                    for entry in listing.shown],
    })
