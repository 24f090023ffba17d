"""What a result says, decided once for every output format.

`build_report` gathers everything the person should see — the decision, why,
what to do, the therapist's own numbers, the safety net and the crisis
resources — and applies the safety rules in one place: emergency and urgent
results lead with their numbers and say so in words, and every result carries
the crisis line in its safety net. Tree text names lines by kind (`{crisis}`,
`{after_hours}`); `resolve_lines` is the one place that turns each into the
name and number shown, and every line a text names is shown on the result.
Renderers (rich text, JSON, Markdown) only lay it out. Pure: no UI library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from contactcheck.check.resources import Region, RegionChoice
from contactcheck.output.markdown import escape_markdown as md
from contactcheck.tree.model import (
    PLACEHOLDER,
    PROFILE_KINDS,
    REGION_KINDS,
    Decision,
    Reason,
    Result,
    Urgency,
)

if TYPE_CHECKING:  # only for types: a check without a profile never needs the policy module
    from contactcheck.personal.policy import Policy

DISCLAIMER = "This is a suggestion from your answers, not advice or a diagnosis."

NO_POLICY_DETAILS = ("Use the contact details your therapist gave you; they are not saved here "
                     "(`contactcheck policy init` saves them for next time).")
NO_CRISIS_LINE = ("Crisis line: none listed for this region; use the emergency number, "
                  "or set your country with --region (see `contactcheck resources --all`)")

SYMBOLS = {
    "emergency": ("⚠", "!!"),
    "urgent": ("◆", "!>"),
    Decision.CONTACT_NOW: ("▲", "!"),
    Decision.WAIT_FOR_SESSION: ("■", "="),
    Decision.RAISE_IN_SESSION: ("●", "*"),
}
"""Each decision's symbol (unicode, ascii), so urgency never rests on colour alone."""

URGENCY_NOTES = {
    Urgency.EMERGENCY: "This is an emergency: use these numbers now.",
    Urgency.URGENT: ("This is urgent: get help today, before anything else. "
                     "Start with these numbers."),
}
"""What an emergency or urgent result says over its numbers, so the level is never only a
colour or a symbol."""

ALWAYS_SHOWN = ("crisis", "text")
"""The kinds of line every result shows, besides the emergency number."""
PROFILE_FACT = {"after_hours": "after_hours", "coaching": "dbt_coaching",
                "covering": "covering_colleague"}
"""The policy-profile section each profile kind of line comes from."""
UNSAVED = {
    "after_hours": "the number your therapist gave you",
    "coaching": "the coaching number your therapist gave you",
    "covering": "the colleague your therapist named",
}
"""What a profile line reads as when the profile does not save its number."""


@dataclass(frozen=True, slots=True)
class ExplainedStep:
    """One answer on the path, and where it led (for `--explain`)."""

    question_id: str
    question: str
    value: str
    label: str
    next: str
    from_policy: bool


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
    """The region's emergency number, its crisis lines and every line the outcome names, one
    line each."""
    title: str = ""
    """The outcome's title."""
    why: tuple[Reason, ...] = ()
    """The outcome's reasons, every line named by kind resolved to the one shown."""
    do: tuple[str, ...] = ()
    """The outcome's steps, resolved like `why`."""
    urgency: Urgency = Urgency.ROUTINE
    first_lines: tuple[str, ...] = ()
    """For emergency and urgent results, what the "Get help now" block shows first: the
    therapist's own numbers (urgent results), then `crisis_lines`. Empty otherwise."""
    stale_note: str | None = None
    trail: tuple[ExplainedStep, ...] = ()
    extras: dict[str, Any] = field(default_factory=dict)
    """Additions from other features (e.g. the person's safety plan), by name."""
    sections: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Titled lists shown after the crisis numbers in text and Markdown (the safety plan)."""

    @property
    def policy_title(self) -> str:
        """The heading over `policy_lines`: no "policy" heading over the note that none is saved."""
        if self.policy_lines == (NO_POLICY_DETAILS,):
            return "Your therapist's contact details"
        return "From your therapist's policy"

    @property
    def emergency(self) -> bool:
        """Whether this is an emergency result (crisis resources first)."""
        return self.urgency is Urgency.EMERGENCY

    @property
    def numbers_first(self) -> bool:
        """Whether the result leads with its numbers (emergency and urgent results)."""
        return self.urgency is not Urgency.ROUTINE

    @property
    def urgency_note(self) -> str | None:
        """The words over the numbers of an emergency or urgent result."""
        return URGENCY_NOTES.get(self.urgency)

    def symbol(self, ascii_only: bool = False) -> str:
        """The decision's symbol."""
        key: Decision | str = (self.urgency.value if self.numbers_first
                               else self.result.decision)
        return SYMBOLS[key][1 if ascii_only else 0]


def crisis_lines(region: Region, kinds: Sequence[str] = ()) -> tuple[str, ...]:
    """The emergency number first, then each crisis line and each line of `kinds`."""
    lines = [f"Emergency: {region.emergency}"]
    wanted = (*ALWAYS_SHOWN, *(kind for kind in kinds if kind not in ALWAYS_SHOWN))
    shown = [line for line in region.lines if line.kind in wanted]
    lines += [f"{line.name}: {line.how}" for line in shown]
    if not region.lines_of("crisis"):
        lines.append(NO_CRISIS_LINE)
    return tuple(lines)


def named_kinds(texts: Sequence[str]) -> tuple[str, ...]:
    """The kinds of line `texts` name, in the order first named."""
    found: dict[str, None] = {}
    for text in texts:
        for match in PLACEHOLDER.finditer(text):
            found.setdefault(match.group(1))
    return tuple(found)


def line_names(region: Region, policy: Policy | None = None) -> dict[str, str]:
    """What each kind of line reads as in tree text, for this region and profile.

    A region line reads as its name and how to reach it ("Samaritans (call 116 123)"); a
    kind the region has no line of reads as its emergency number, so a text never points at a
    line that is not shown. A profile line reads as the saved name and number, or as "the
    number your therapist gave you" when none is saved.
    """
    emergency = region.emergency
    fallback = emergency if emergency.startswith("your ") else f"the emergency number ({emergency})"
    names = {"emergency": emergency}
    for kind in REGION_KINDS[1:]:
        lines = region.lines_of(kind)
        names[kind] = lines[0].named() if lines else fallback
    for kind in PROFILE_KINDS:
        names[kind] = _profile_line(kind, policy)
    return names


def _profile_line(kind: str, policy: Policy | None) -> str:
    offer = policy.offers.get(PROFILE_FACT[kind]) if policy is not None else None
    if not offer:
        return UNSAVED[kind]
    number = offer.get("contact") if kind == "covering" else offer.get("number")
    name = offer.get("name")
    if kind == "coaching":
        return f"your coaching number, {number}" if number else UNSAVED[kind]
    if name and number:
        return f"{name} on {number}"
    return name or number or UNSAVED[kind]


def resolve_lines(text: str, names: dict[str, str]) -> str:
    """`text` with each `{kind}` replaced by the line shown for it (see `line_names`)."""
    return PLACEHOLDER.sub(lambda match: names.get(match.group(1), match.group()), text)


def crisis_line_text(choice: RegionChoice) -> str:
    """One line naming where to get help now, for intros, errors and interruptions."""
    region = choice.region
    if region.lines:
        first = region.lines[0]
        return (f"If you are in danger now, call {region.emergency}. "
                f"{first.name}: {first.how}.")
    return f"If you are in danger now, call {region.emergency}."


def build_report(result: Result, region: RegionChoice, policy: Policy | None = None) -> Report:
    """Assemble what `result` shows, applying the safety rules once."""
    outcome = result.outcome
    words = result.decision.words
    headline = {Urgency.EMERGENCY: f"Emergency — {outcome.title}",
                Urgency.URGENT: f"Urgent — {outcome.title}"}.get(
        outcome.urgency, f"{words}: {outcome.title}")
    named = named_kinds(outcome.texts())
    details = [*outcome.policy]
    details += [PROFILE_FACT[kind] for kind in named
                if kind in PROFILE_FACT and PROFILE_FACT[kind] not in details]
    policy_lines: list[str] = []
    if policy is not None:
        for name in details:
            policy_lines += policy.details(name)
    if outcome.policy and not policy_lines and not outcome.emergency:
        # Not in an emergency: advice to set up a profile is no help to someone in crisis.
        policy_lines.append(NO_POLICY_DETAILS)
    resources = crisis_lines(region.region, (*outcome.resources, *named))
    names = line_names(region.region, policy)
    safety_net = resolve_lines(outcome.safety_net, names)
    first: tuple[str, ...] = ()
    if outcome.numbers_first:
        own = tuple(line for line in policy_lines if line != NO_POLICY_DETAILS)
        first = (*own, *resources) if outcome.urgency is Urgency.URGENT else resources
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
        draft=_fill_draft(resolve_lines(outcome.draft, names) if outcome.draft else None,
                          policy),
        crisis_lines=resources,
        stale_note=stale,
        trail=explain(result),
        title=outcome.title,
        why=tuple(Reason(resolve_lines(reason.text, names), reason.source)
                  for reason in outcome.why),
        do=tuple(resolve_lines(step, names) for step in outcome.do),
        urgency=outcome.urgency,
        first_lines=first,
    )


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
                      step.choice.next, step.origin == "policy")
        for step in result.trail
    )


def report_json(report: Report, *, explain_path: bool = False) -> dict[str, Any]:
    """The documented JSON shape of a result."""
    result, outcome = report.result, report.result.outcome
    data: dict[str, Any] = {
        "decision": result.decision.value,
        "urgency": report.urgency.value,
        "outcome": {"id": outcome.id, "title": outcome.title, "emergency": outcome.emergency,
                    "urgency": outcome.urgency.value},
        "headline": report.headline,
        "why": [{"text": r.text, "source": r.source} for r in report.why],
        "do": list(report.do),
        "draft": report.draft,
        "policy": list(report.policy_lines),
        "safety_net": report.safety_net,
        "resources": _resources_json(report),
        "trail": [{"question": s.question_id, "answer": s.value,
                   "from_policy": s.from_policy} for s in report.trail],
        "tree": {"id": result.tree.id, "version": result.tree.version},
        "disclaimer": DISCLAIMER,
    }
    if explain_path:
        from contactcheck.check.sources import reference

        for entry, reason in zip(data["why"], report.why, strict=True):
            entry["reference"] = reference(reason.source) if reason.source else None
        data["explain"] = [
            {"question": s.question_id, "text": s.question, "answer": s.value, "label": s.label,
             "next": s.next, "from_policy": s.from_policy} for s in report.trail]
    data.update(report.extras)
    return data


def _resources_json(report: Report) -> list[dict[str, Any]]:
    region = report.region.region
    entries: list[dict[str, Any]] = [
        {"kind": "emergency", "name": "Emergency services", "how": region.emergency}]
    shown = set(report.crisis_lines)
    entries += [{"kind": "crisis_line" if line.kind == "crisis" else line.kind,
                 "name": line.name, "how": line.how}
                for line in region.lines if f"{line.name}: {line.how}" in shown]
    for entry in entries:
        entry.update(region=region.code, source=region.source,
                     checked=region.checked.isoformat() if region.checked else None)
    return entries


def report_markdown(report: Report, *, explain_path: bool = False,
                    extra_sections: Sequence[tuple[str, Sequence[str]]] = ()) -> str:
    """A note the person can bring to the session (and, for emergencies, the numbers first)."""
    result = report.result
    out = [f"# {report.symbol(ascii_only=True)} {md(report.headline)}", ""]
    if report.numbers_first:
        out += ["## Get help now", "", f"_{md(report.urgency_note or '')}_", "",
                *(f"- **{md(line)}**" for line in report.first_lines)]
        if report.stale_note:
            out += ["", f"_{md(report.stale_note)}_"]
        out.append("")
    for title, lines in (*report.sections, *extra_sections):
        out += [f"## {md(title)}", "", *(f"- {md(line)}" for line in lines), ""]
    out += ["## Why", ""]
    if explain_path:
        from contactcheck.check.sources import reference
    out += [f"- {md(r.text)}" + (f" _(source: {md(reference(r.source))})_"
                                 if r.source and explain_path else "") for r in report.why]
    out += ["", "## What to do", ""]
    out += [f"{n}. {md(step)}" for n, step in enumerate(report.do, 1)]
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
                + (" _(from your policy profile)_" if s.from_policy else "") for s in report.trail]
        out.append("")
    out += [f"_{DISCLAIMER} Tree: {md(result.tree.title)} ({md(result.tree.version)})._", ""]
    return "\n".join(out)

