"""JSON for scripts and front ends: each document's documented shape, with its schema version.

Front ends must follow `urgency` (emergency, urgent, routine), `emergency` and `decision` (and
show `resources` first whenever `urgency` is emergency or urgent), never the order of keys.
`SCHEMA_VERSION` is raised only when a key is removed or changes meaning; new keys can appear
at any time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from contactcheck.check.context import Context
from contactcheck.check.report import DISCLAIMER, NO_POLICY_DETAILS, Report, ShownLine
from contactcheck.check.resources import Absent, Line
from contactcheck.i18n import _
from contactcheck.output import jsondoc
from contactcheck.output.options import RenderOptions

if TYPE_CHECKING:  # types only: a check's JSON needs neither module
    from contactcheck.personal.agenda import Agenda
    from contactcheck.personal.safetyplan import SafetyPlan

SCHEMA_VERSION = 1
"""The version of every JSON document this program prints (see the module's docstring)."""


def dumps(data: object) -> str:
    """JSON as we print it: indented, UTF-8 kept, controls escaped, one final newline."""
    return jsondoc.dumps(data, indent=2) + "\n"


def result_json(report: Report, options: RenderOptions) -> str:
    """A check's result."""
    return dumps(result_data(report, explain_path=options.explain))


def result_data(report: Report, *, explain_path: bool = False) -> dict[str, Any]:
    """The documented JSON shape of a result."""
    result, outcome = report.result, report.result.outcome
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "decision": result.decision.value,
        "urgency": report.urgency.value,
        "outcome": {"id": outcome.id, "title": outcome.title, "emergency": outcome.emergency,
                    "urgency": outcome.urgency.value},
        "headline": report.headline,
        "why": [{"text": r.text, "source": r.source} for r in report.why],
        "do": list(report.do),
        "draft": report.draft,
        # Only what the profile says; the advice to keep the details when none are saved is
        # its own key, so `policy` never holds a line that is not the therapist's.
        "policy": [line for line in report.policy_lines if line != _(NO_POLICY_DETAILS)],
        "policy_note": _(NO_POLICY_DETAILS) if _(NO_POLICY_DETAILS) in report.policy_lines
        else None,
        "safety_net": report.safety_net,
        "resources": _resources(report),
        "trail": [{"question": s.question_id, "answer": s.value,
                   "from_policy": s.from_policy, "from_clock": s.from_clock}
                  for s in report.trail],
        "context": list(report.context),
        **_moment(report.moment),
        "tree": {"id": result.tree.id, "version": result.tree.version},
        "lang": result.tree.lang,
        "disclaimer": _(DISCLAIMER),
    }
    if explain_path:
        from contactcheck.check.sources import reference  # its citations: --explain only

        for entry, reason in zip(data["why"], report.why, strict=True):
            entry["reference"] = reference(reason.source) if reason.source else None
        data["explain"] = [
            {"question": s.question_id, "text": s.question, "answer": s.value, "label": s.label,
             "next": s.next, "from_policy": s.from_policy, "from_clock": s.from_clock}
            for s in report.trail]
    if report.emergency:
        data["safety_plan"] = None if report.safety_plan is None else [
            {"step": s.step, "number": s.number, "title": s.title, "items": list(s.items)}
            for s in report.safety_plan]
    if report.safety_plan_problem is not None:
        data["safety_plan_problem"] = report.safety_plan_problem
    if report.numbers_first:
        # As on screen: an emergency or urgent result leads with the numbers (and the plan).
        lead = [key for key in ("schema_version", "decision", "urgency", "outcome", "resources",
                                "safety_plan") if key in data]
        data = {**{key: data[key] for key in lead}, **data}
    return data


def agenda_json(agenda: Agenda, options: RenderOptions) -> str:
    """The agenda: a list of `{"id", "text", "added", "done"}`."""
    return dumps([item.as_json() for item in agenda.items])


def plan_json(plan: SafetyPlan, options: RenderOptions) -> str:
    """The safety plan: the seven steps as `{"step", "number", "title", "items"}`."""
    return dumps(plan.as_json())


def _resources(report: Report) -> dict[str, Any]:
    """The numbers, which country they are for and how it was chosen (documented shape)."""
    choice = report.region
    return {
        "region": {"code": choice.region.code, "name": choice.region.name},
        "chosen": choice.how,
        "how": choice.reason,
        "guess": choice.is_guess,
        "unknown": choice.unknown,
        "heading": choice.heading,
        "notes": list(choice.notes),
        "lines": [line_json(row) for row in report.numbers],
    }


def line_json(row: ShownLine) -> dict[str, Any]:
    """One shown number as JSON (also `contactcheck resources`' shape of a line)."""
    line = row.line
    data: dict[str, Any] = {"text": row.text, "group": row.group, "from": row.origin,
                            "region": row.region}
    if line is None:
        absent = {"no_national": absent_fields(row.absent)} if row.absent is not None else {}
        return {**data, "kind": None, "name": None, "how": [], **absent}
    return {**data, **line_fields(line)}


def absent_fields(absent: Absent) -> dict[str, Any]:
    """A kind a region has no national line of, as JSON."""
    return {
        "kind": absent.kind, "says": absent.says, "named": absent.named, "see": absent.see,
        "source": absent.source,
        "verified": absent.verified.isoformat() if absent.verified else None,
        "unverified": absent.unverified, "quote": absent.quote, "stale": absent.is_stale(),
    }


def line_fields(line: Line) -> dict[str, Any]:
    """A line's own fields as JSON."""
    return {
        "kind": line.kind, "name": line.name,
        "how": [{contact.method: contact.address, **({"keyword": contact.keyword}
                                                     if contact.keyword else {})}
                for contact in line.how],
        "hours": line.hours, "cost": line.cost, "nation": line.nation,
        "languages": list(line.languages), "source": line.source,
        "verified": line.verified.isoformat() if line.verified else None,
        "unverified": line.unverified, "quote": line.quote, "provider": line.provider,
        "stale": line.is_stale(),
    }


def _moment(moment: Context | None) -> dict[str, Any]:
    """`now`, `clock` (which parts are open now; null when their hours are not known),
    `clock_facts` (the policy facts the clock answered), `next_session`, `days_until_session`."""
    if moment is None:
        return {"now": None, "clock": None, "clock_facts": {}, "next_session": None,
                "days_until_session": None}
    session = moment.session
    return {
        "now": moment.now.isoformat(timespec="minutes"),
        "clock": dict(moment.clock.open),
        "clock_facts": dict(moment.clock.facts),
        "next_session": session.at.isoformat(timespec="minutes") if session else None,
        "days_until_session": session.days if session else None,
    }
