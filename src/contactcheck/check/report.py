"""What a result says, decided once for every output format.

`build_report` gathers everything the person should see — the decision, why,
what to do, the therapist's own numbers, the safety net and the crisis
resources — and applies the safety rules in one place: emergency results
lead with the crisis resources, and every result carries the crisis line in
its safety net. `Report.order` is that layout, decided here once; the
renderers in output/ (rich text, Markdown, JSON) only iterate over it.
Pure: no UI library.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from contactcheck.check.resources import PRACTICE_REGION, Region, RegionChoice
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


Part = Literal["crisis", "sections", "context", "why", "do", "draft", "policy",
               "safety_net_and_crisis", "trail"]
"""A part of a result. `trail` is shown only with `--explain` (JSON always has it)."""


@dataclass(frozen=True, slots=True)
class PlanStep:
    """One step of the person's safety plan, as a result carries it."""

    step: str
    number: int
    title: str
    items: tuple[str, ...]


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
    sections: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Titled lists shown after the crisis numbers in text and Markdown (the safety plan)."""
    safety_plan: tuple[PlanStep, ...] | None = None
    """The person's safety plan, every step, for an emergency result (JSON's `safety_plan`);
    None when there is none or the result is not an emergency."""
    safety_plan_problem: str | None = None
    """Why the saved safety plan could not be read, if it could not (never hides the result)."""
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
    def order(self) -> tuple[Part, ...]:
        """The parts of the result in the order every format shows them (the safety layout).

        An emergency leads with the crisis numbers; every result's safety net is followed by
        them, emergencies too: the end is what stays on a small screen, and a tree's "the
        crisis line below" must always have something below it.
        """
        lead: tuple[Part, ...] = ("crisis",) if self.emergency else ()
        return (*lead, "sections", "context", "why", "do", "draft", "policy",
                "safety_net_and_crisis", "trail")

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
