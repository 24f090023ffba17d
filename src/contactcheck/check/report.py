"""What a result says, decided once for every output format.

`build_report` gathers everything the person should see — the decision, why,
what to do, the therapist's own numbers, the safety net and the crisis
resources — and applies the safety rules in one place: emergency results
lead with the crisis resources, and every result carries the crisis line in
its safety net. Renderers (rich text, JSON, Markdown) only lay it out.
Pure: no UI library.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from contactcheck.check.resources import PRACTICE_REGION, Region, RegionChoice
from contactcheck.output.markdown import escape_markdown as md
from contactcheck.tree.model import Decision, Result

if TYPE_CHECKING:  # only for types: a check without a profile never needs the policy module
    from contactcheck.check.context import Context
    from contactcheck.personal.policy import Policy

CONTEXT_TITLE = "Taken into account"
"""The heading over `Report.context`."""
DISCLAIMER = "This is a suggestion from your answers, not advice or a diagnosis."

NO_POLICY_DETAILS = ("Use the contact details your therapist gave you; they are not saved here "
                     "(`contactcheck policy init` saves them for next time).")
NO_CRISIS_LINE = ("Crisis line: none listed for this region; use the emergency number, "
                  "or set your country with --region (see `contactcheck resources --all`)")

SYMBOLS = {
    "emergency": ("⚠", "!!"),
    Decision.CONTACT_NOW: ("▲", "!"),
    Decision.WAIT_FOR_SESSION: ("■", "="),
    Decision.RAISE_IN_SESSION: ("●", "*"),
}
"""Each decision's symbol (unicode, ascii), so urgency never rests on colour alone."""


@dataclass(frozen=True, slots=True)
class ExplainedStep:
    """One answer on the path, and where it led (for `--explain`)."""

    question_id: str
    question: str
    value: str
    label: str
    next: str
    from_policy: bool
    from_clock: bool = False
    """Answered by the clock: the policy's hours say this option is not available now."""


@dataclass(frozen=True, slots=True)
class PracticeInfo:
    """What a result shows of the installed practice file."""

    name: str
    updated: dt.date
    region: str | None
    lines: tuple[tuple[str, str, str | None], ...] = ()
    """The practice's own crisis lines: (name, how, hours), shown after the national ones."""


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a result shows, in the order it is shown."""

    result: Result
    region: RegionChoice
    headline: str
    """The decision in words, e.g. "Contact now" or "Emergency — get help now"."""
    policy_lines: tuple[str, ...] = ()
    """The therapist's own contacts relevant to this outcome, from the policy profile."""
    safety_net: str = ""
    draft: str | None = None
    """The outcome's draft message, with the therapist's name filled in when the profile has it."""
    crisis_lines: tuple[str, ...] = ()
    """The region's emergency number and crisis lines, one line each."""
    stale_note: str | None = None
    trail: tuple[ExplainedStep, ...] = ()
    extras: dict[str, Any] = field(default_factory=dict)
    """Additions from other features (e.g. the person's safety plan), by name."""
    sections: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Titled lists shown after the crisis numbers in text and Markdown (the safety plan)."""
    context: tuple[str, ...] = ()
    """What was taken into account beyond the answers: an answer that overrode the policy,
    the clock against the hours, the next session, when a reply is likely."""
    practice: PracticeInfo | None = None
    """The installed practice file the result used, if any."""
    moment: Context | None = None
    """The moment of the check and what the clock and the calendar said (JSON's `now`,
    `clock`, `next_session`)."""

    @property
    def policy_title(self) -> str:
        """The heading over `policy_lines`: no "policy" heading over the note that none is saved."""
        if self.policy_lines == (NO_POLICY_DETAILS,):
            return "Your therapist's contact details"
        return "From your therapist's policy"

    @property
    def emergency(self) -> bool:
        """Whether this is an emergency result (crisis resources first)."""
        return self.result.outcome.emergency

    def symbol(self, ascii_only: bool = False) -> str:
        """The decision's symbol."""
        key: Decision | str = "emergency" if self.emergency else self.result.decision
        return SYMBOLS[key][1 if ascii_only else 0]


def crisis_lines(region: Region) -> tuple[str, ...]:
    """The emergency number first, then each crisis line, as `name: how` lines."""
    lines = [f"Emergency: {region.emergency}"]
    lines += [f"{line.name}: {line.how}" for line in region.lines]
    if not region.lines:
        lines.append(NO_CRISIS_LINE)
    return tuple(lines)


def crisis_line_text(choice: RegionChoice) -> str:
    """One line naming where to get help now, for intros, errors and interruptions."""
    region = choice.region
    if region.lines:
        first = region.lines[0]
        return (f"If you are in danger now, call {region.emergency}. "
                f"{first.name}: {first.how}.")
    return f"If you are in danger now, call {region.emergency}."


def answer_notes(result: Result) -> tuple[str, ...]:
    """A note for each answer given now that differs from what was stored (the answer wins)."""
    notes = []
    for step in result.trail:
        if step.instead_of is None:
            continue
        value, origin = step.instead_of
        said = step.question.choice(value)
        stored = said.label if said is not None else value
        where = ("your therapist's policy profile says" if origin == "policy"
                 else "the hours in your therapist's policy say, for now,")
        notes.append(f"You answered '{step.choice.label}' to \"{step.question.text}\"; {where} "
                     f"'{stored}'. Your answer was used.")
    return tuple(notes)


def build_report(result: Result, region: RegionChoice, policy: Policy | None = None, *,
                 moment: Context | None = None, practice: PracticeInfo | None = None) -> Report:
    """Assemble what `result` shows, applying the safety rules once.

    `moment`: the time of the check, the clock's facts and the next session, if known.
    """
    outcome = result.outcome
    words = result.decision.words
    headline = f"Emergency — {outcome.title}" if outcome.emergency else f"{words}: {outcome.title}"
    policy_lines: list[str] = []
    if policy is not None:
        for name in outcome.policy:
            policy_lines += policy.details(name)
    if outcome.policy and not policy_lines and not outcome.emergency:
        # Not in an emergency: advice to set up a profile is no help to someone in crisis.
        policy_lines.append(NO_POLICY_DETAILS)
    resources = crisis_lines(region.region)
    if region.how == PRACTICE_REGION:
        resources = (*resources, f"(Numbers for {region.region.name}: {PRACTICE_REGION}.)")
    if practice is not None:
        # Beside the national lines, never instead of them; they say whose and where they are.
        where = f", {practice.region}" if practice.region else ""
        resources = (*resources, *(
            f"{name} ({practice.name}{where}): {how}" + (f" ({hours})" if hours else "")
            for name, how, hours in practice.lines))
    safety_net = outcome.safety_net
    stale = None
    if region.region.is_stale():
        checked = region.region.checked
        stale = (f"These numbers were last checked on {checked.isoformat()} and may be out of "
                 "date." if checked else "These numbers could not be checked.")
    return Report(
        result=result,
        region=region,
        headline=headline,
        policy_lines=tuple(policy_lines),
        safety_net=safety_net,
        draft=_fill_draft(outcome.draft, policy),
        crisis_lines=resources,
        stale_note=stale,
        trail=explain(result),
        context=(*_practice_lines(practice), *answer_notes(result),
                 *_moment_lines(result, moment, policy)),
        practice=practice,
        moment=moment,
    )


def _practice_lines(practice: PracticeInfo | None) -> tuple[str, ...]:
    if practice is None:
        return ()
    return (f"Using {practice.name}'s practice file (its details were last checked on "
            f"{practice.updated.isoformat()}).",)


def _moment_lines(result: Result, moment: Context | None,
                  policy: Policy | None) -> tuple[str, ...]:
    if moment is None:
        return ()
    from contactcheck.check.context import context_lines

    return context_lines(result, moment, policy)


THERAPIST_PLACEHOLDER = "[therapist's name]"


def _fill_draft(draft: str | None, policy: Policy | None) -> str | None:
    """The draft with `[therapist's name]` replaced by the name in the profile, if any."""
    if draft is None or policy is None or not policy.therapist:
        return draft
    return draft.replace(THERAPIST_PLACEHOLDER, policy.therapist)


def explain(result: Result) -> tuple[ExplainedStep, ...]:
    """The path taken: each question, the answer, and where it led."""
    return tuple(
        ExplainedStep(step.question.id, step.question.text, step.choice.value, step.choice.label,
                      step.choice.next, step.origin == "policy", step.origin == "clock")
        for step in result.trail
    )


def report_json(report: Report, *, explain_path: bool = False) -> dict[str, Any]:
    """The documented JSON shape of a result."""
    result, outcome = report.result, report.result.outcome
    data: dict[str, Any] = {
        "decision": result.decision.value,
        "outcome": {"id": outcome.id, "title": outcome.title, "emergency": outcome.emergency},
        "headline": report.headline,
        "why": [{"text": r.text, "source": r.source} for r in outcome.why],
        "do": list(outcome.do),
        "draft": report.draft,
        "policy": list(report.policy_lines),
        "safety_net": report.safety_net,
        "resources": _resources_json(report),
        "trail": [{"question": s.question_id, "answer": s.value,
                   "from_policy": s.from_policy, "from_clock": s.from_clock}
                  for s in report.trail],
        "context": list(report.context),
        **_moment_json(report.moment),
        "tree": {"id": result.tree.id, "version": result.tree.version},
        "disclaimer": DISCLAIMER,
    }
    if explain_path:
        data["explain"] = [
            {"question": s.question_id, "text": s.question, "answer": s.value, "label": s.label,
             "next": s.next, "from_policy": s.from_policy, "from_clock": s.from_clock}
            for s in report.trail]
    data.update(report.extras)
    return data


def _resources_json(report: Report) -> list[dict[str, Any]]:
    region = report.region.region
    entries: list[dict[str, Any]] = [
        {"kind": "emergency", "name": "Emergency services", "how": region.emergency}]
    entries += [{"kind": "crisis_line", "name": line.name, "how": line.how}
                for line in region.lines]
    for entry in entries:
        entry.update(region=region.code, source=region.source,
                     checked=region.checked.isoformat() if region.checked else None)
    practice = report.practice
    if practice is not None:
        entries += [{"kind": "practice_line", "name": name, "how": how, "hours": hours,
                     "region": practice.region, "source": f"{practice.name} (practice file)",
                     "checked": practice.updated.isoformat()}
                    for name, how, hours in practice.lines]
    return entries


def report_markdown(report: Report, *, explain_path: bool = False,
                    extra_sections: Sequence[tuple[str, Sequence[str]]] = ()) -> str:
    """A note the person can bring to the session (and, for emergencies, the numbers first)."""
    result, outcome = report.result, report.result.outcome
    out = [f"# {report.symbol(ascii_only=True)} {md(report.headline)}", ""]
    if report.emergency:
        out += ["## Get help now", "", *(f"- **{md(line)}**" for line in report.crisis_lines)]
        if report.stale_note:
            out += ["", f"_{md(report.stale_note)}_"]
        out.append("")
    for title, lines in (*report.sections, *extra_sections, *_context_section(report)):
        out += [f"## {md(title)}", "", *(f"- {md(line)}" for line in lines), ""]
    out += ["## Why", ""]
    out += [f"- {md(r.text)}" + (f" _(source: {md(r.source)})_" if r.source and explain_path
                                   else "") for r in outcome.why]
    out += ["", "## What to do", ""]
    out += [f"{n}. {md(step)}" for n, step in enumerate(outcome.do, 1)]
    if report.draft:
        out += ["", "## A draft message", "", *(f"> {md(line)}" if line else ">"
                                                for line in report.draft.splitlines())]
    if report.policy_lines:
        out += ["", f"## {report.policy_title}", "",
                *(f"- {md(line)}" for line in report.policy_lines)]
    out += ["", "## If things change or get worse", "", md(report.safety_net), ""]
    out += [f"- {md(line)}" for line in report.crisis_lines]  # emergencies too: "below" is true
    out.append("")
    if explain_path:
        out += ["## How the answers led here", ""]
        out += [f"- {md(s.question)} — **{md(s.label)}**"
                + (" _(from your policy profile)_" if s.from_policy else "")
                + (" _(from the hours in your policy)_" if s.from_clock else "")
                for s in report.trail]
        out.append("")
    out += [f"_{DISCLAIMER} Tree: {md(result.tree.title)} ({md(result.tree.version)})._", ""]
    return "\n".join(out)



def _context_section(report: Report) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return ((CONTEXT_TITLE, report.context),) if report.context else ()


def _moment_json(moment: Context | None) -> dict[str, Any]:
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
