"""What a result says, decided once for every output format.

`build_report` gathers everything the person should see — the decision, why,
what to do, the therapist's own numbers, the safety net and the crisis
resources — and applies the safety rules in one place: emergency and urgent
results lead with the numbers and say so in words, and every result carries the
crisis line in its safety net. Tree text names lines by kind (`{crisis}`,
`{after_hours}`): `resolve_lines` is the one place that turns each into the
name and number shown, and every line a text names is among the numbers shown.
`Report.order` is that layout, decided here once; the renderers in output/ (rich text,
Markdown, JSON) only iterate over it.
Pure: no UI library.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, Literal

from msgspec import Struct

from contactcheck.check.context import context_lines
from contactcheck.check.region_choice import RegionChoice, country_name
from contactcheck.check.resources import CRISIS_KINDS, FALLBACK, Absent, Line, Region, fallback
from contactcheck.i18n import N_, _, language
from contactcheck.tree.model import (
    PLACEHOLDER,
    PROFILE_KINDS,
    REGION_KINDS,
    THERAPIST_NAME,
    Decision,
    Reason,
    Result,
    Urgency,
)

if TYPE_CHECKING:  # only for types: a check without a profile never needs the policy module
    from contactcheck.check.context import Context
    from contactcheck.personal.policy import Policy

CONTEXT_TITLE = N_("Taken into account")
"""The heading over `Report.context` (a catalog key: shown through `_()`, like the others)."""
DISCLAIMER = N_("This is a suggestion from your answers, not advice or a diagnosis.")

NO_POLICY_DETAILS = N_("Use the contact details your therapist gave you; they are not saved "
                       "here (`contactcheck policy init` saves them for next time).")

SYMBOLS = {
    "emergency": ("⚠", "!!"),
    "urgent": ("◆", "!>"),
    Decision.CONTACT_NOW: ("▲", "!"),
    Decision.WAIT_FOR_SESSION: ("■", "="),
    Decision.RAISE_IN_SESSION: ("●", "*"),
}
"""Each decision's symbol (unicode, ascii), so urgency never rests on colour alone."""

URGENCY_NOTES = {
    Urgency.EMERGENCY: N_("This is an emergency: use these numbers now."),
    Urgency.URGENT: N_("This is urgent: get help today, before anything else. "
                       "Start with these numbers."),
}
"""What an emergency or urgent result says over its numbers, so its level is never only a
colour or a symbol."""
PROFILE_FACT = {"after_hours": "after_hours", "coaching": "dbt_coaching",
                "covering": "covering_colleague"}
"""The policy-profile section each profile kind of line comes from."""
UNSAVED = {
    "after_hours": N_("the number your therapist gave you"),
    "coaching": N_("the coaching number your therapist gave you"),
    "covering": N_("the colleague your therapist named"),
}
"""What a profile line reads as when the profile does not save its number."""


Part = Literal["crisis", "sections", "context", "why", "do", "draft", "policy",
               "safety_net_and_crisis", "trail"]
"""A part of a result. `trail` is shown only with `--explain` (JSON always has it)."""


class PlanStep(Struct, frozen=True):
    """One step of the person's safety plan, as a result carries it."""

    step: str
    number: int
    title: str
    items: tuple[str, ...]


class ExplainedStep(Struct, frozen=True):
    """One answer on the path, and where it led (for `--explain`)."""

    question_id: str
    question: str
    value: str
    label: str
    next: str
    from_policy: bool
    from_clock: bool = False
    """Answered by the clock: the policy's hours say this option is not available now."""


class PracticeInfo(Struct, frozen=True):
    """What a result shows of the installed practice file."""

    name: str
    updated: dt.date
    region: str | None
    after_hours: tuple[str, ...] = ()
    """The practice policy's own after-hours number, shown beside the person's when they differ."""


class Report(Struct, frozen=True):
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
    """The numbers, one line each, in `ORDER` (the texts of `numbers`)."""
    numbers: tuple[ShownLine, ...] = ()
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
    title: str = ""
    """The outcome's title."""
    why: tuple[Reason, ...] = ()
    """The outcome's reasons, every line named by kind resolved to the one shown."""
    do: tuple[str, ...] = ()
    """The outcome's steps, resolved like `why`."""
    urgency: Urgency = Urgency.ROUTINE

    @property
    def policy_title(self) -> str:
        """The heading over `policy_lines`: no "policy" heading over the note that none is saved."""
        if self.policy_lines == (_(NO_POLICY_DETAILS),):
            return _("Your therapist's contact details")
        return _("From your therapist's policy")

    @property
    def order(self) -> tuple[Part, ...]:
        """The parts of the result in the order every format shows them (the safety layout).

        An emergency leads with the crisis numbers; every result's safety net is followed by
        them, emergencies too: the end is what stays on a small screen, and a tree's "the
        crisis line below" must always have something below it.
        """
        lead: tuple[Part, ...] = ("crisis",) if self.numbers_first else ()
        return (*lead, "sections", "context", "why", "do", "draft", "policy",
                "safety_net_and_crisis", "trail")

    @property
    def region_heading(self) -> str:
        """The line above the numbers: which country they are for, and how it was chosen."""
        return self.region.heading

    @property
    def region_notes(self) -> tuple[str, ...]:
        """Below the heading: a warning for an unknown region, and how to set a guessed one."""
        return self.region.notes

    @property
    def emergency(self) -> bool:
        """Whether this is an emergency result (crisis resources first)."""
        return self.urgency is Urgency.EMERGENCY

    @property
    def numbers_first(self) -> bool:
        """Whether the result leads with its numbers: emergency and urgent results."""
        return self.urgency is not Urgency.ROUTINE

    @property
    def urgency_note(self) -> str | None:
        """The words over the numbers of an emergency or urgent result."""
        note = URGENCY_NOTES.get(self.urgency)
        return None if note is None else _(note)

    def symbol(self, ascii_only: bool = False) -> str:
        """The decision's symbol."""
        key: Decision | str = (self.urgency.value if self.numbers_first
                               else self.result.decision)
        return SYMBOLS[key][1 if ascii_only else 0]


Group = Literal["emergency", "professional", "crisis", "more"]
ORDER: Final[tuple[Group, ...]] = ("emergency", "professional", "crisis", "more")
"""The one order of the numbers, at every urgency level: the emergency number first (so it is
never scrolled away), then the professional's own (the therapist's after-hours number, a
clinic's crisis team: NHS 111 puts a number a professional gave before generic advice),
then crisis lines, then the lines the outcome asks for (abuse, child protection, poison)."""
GUESS_ALSO: Final = "112"
"""Shown with every guessed region: on a mobile it works across the EU and in many countries."""


class ShownLine(Struct, frozen=True):
    """One number as the result shows it."""

    text: str
    """The line as shown: "Samaritans: Call 116 123 (24/7; free)"."""
    group: Group
    line: Line | None = None
    """The line itself; None for a number from the person's policy profile (text only)."""
    origin: Literal["bundled", "clinic", "profile"] = "bundled"
    region: str | None = None
    """The code of the region a bundled line belongs to."""
    absent: Absent | None = None
    """For a kind the region has no national line of: what it says instead (`line` is None)."""


def choose_lines(choice: RegionChoice, kinds: Sequence[str] = (), clinic: Sequence[Line] = (),
                 profile: Sequence[tuple[str, str]] = ()) -> tuple[ShownLine, ...]:
    """The numbers a result shows, in `ORDER`; the one place that decides which and in what order.

    Always the region's emergency numbers and crisis lines; `kinds` adds the lines an
    outcome asks for; `clinic` (a clinic's `--resources` lines and a practice file's
    `crisis_lines`) and `profile` (the therapist's after-hours number, each with whose it is)
    are the professional's own. A guessed region
    also shows the fallback's 112 line. When no crisis line is shown, a line says to call the
    emergency number instead, so "the crisis line below" never points at nothing.
    """
    region = shown_region(choice)
    rows: list[ShownLine] = []
    emergency = region.of_kind("emergency")
    for line in emergency:
        if len(emergency) == 1 and not region.is_fallback:
            calls = [contact.address for contact in line.how if contact.method == "call"]
            text = _("Emergency: {numbers}").format(
                numbers=line.numbers if len(calls) == len(line.how) else line.how_words())
        else:
            text = _("{name}: {how}").format(name=line.name, how=line.how_words())
        rows.append(ShownLine(text, "emergency", line, region=region.code))
    if choice.is_guess and not region.is_fallback:
        rows += [ShownLine(_("{name}: {how}").format(name=line.name, how=line.how_words()),
                           "emergency", line, region=FALLBACK)
                 for line in fallback().in_language().of_kind("emergency")
                 if any(c.address == GUESS_ALSO for c in line.how)
                 and GUESS_ALSO not in region.emergency_numbers]
    rows += [ShownLine(_("{line} (from {whose})").format(line=text, whose=whose), "professional",
                       origin="profile")
             for text, whose in profile]
    rows += [ShownLine(line_text(line), "professional", line, "clinic") for line in clinic]
    crisis = _nations_last(region.of_kind(*CRISIS_KINDS))
    rows += [ShownLine(line_text(line), "crisis", line, region=region.code) for line in crisis]
    if not crisis and not any(line.kind in CRISIS_KINDS for line in clinic):
        rows.append(ShownLine(no_crisis_line(choice), "crisis"))
    more = [kind for kind in dict.fromkeys(kinds) if kind not in ("emergency", *CRISIS_KINDS)]
    for kind in more:
        lines = _nations_last(region.of_kind(kind))  # type: ignore[arg-type]
        rows += [ShownLine(line_text(line), "more", line, region=region.code) for line in lines]
        absent = region.absent_kind(kind)
        if not lines and absent is not None:
            rows.append(ShownLine(absent_text(absent, region.emergency), "more",
                                  region=region.code, absent=absent))
    return tuple(sorted(rows, key=lambda row: ORDER.index(row.group)))


def shown_region(choice: RegionChoice) -> Region:
    """The chosen region as a result shows it: in the interface's language."""
    return choice.region.in_language()


def _nations_last(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """Lines for the whole region first, then those for one nation (the UK's)."""
    return tuple(sorted(lines, key=lambda line: line.nation is not None))


def absent_text(absent: Absent, emergency: str) -> str:
    """What stands in for a kind of line a region has no national one of."""
    text = _("{says} If someone is in danger now, call {emergency}.").format(
        says=absent.says, emergency=emergency)
    if absent.see:
        text += " " + _("Where to find yours: {address}").format(address=absent.see)
    return text


def no_crisis_line(choice: RegionChoice) -> str:
    """What stands in for the crisis line where a region lists none."""
    region = shown_region(choice)
    if region.is_fallback:
        text = _("No crisis line is listed here: wherever this says crisis line, call the "
                 "emergency number ({emergency}) instead.")
    else:
        text = _("No crisis line is listed here for {country}: wherever this says crisis line, "
                 "call the emergency number ({emergency}) instead.")
    return text.format(country=country_name(region), emergency=region.emergency)


def line_text(line: Line, today: dt.date | None = None) -> str:
    """A line as shown: name (nation), how, hours and cost, and its verification if in doubt."""
    name = f"{line.name} ({_(line.nation)})" if line.nation else line.name
    details = "; ".join(part for part in (line.hours, line.cost) if part)
    text = _("{name}: {how}").format(name=name, how=line.how_words()) \
        + (f" ({details})" if details else "")
    if line.provider:
        text += " " + _("(from {provider})").format(provider=line.provider)
    elif line.verified is None:
        text += " " + _("(not verified)")
    elif line.is_stale(today):
        text += " " + _("(verified {date}; may be out of date)").format(
            date=line.verified.isoformat())
    return text


def crisis_line_text(choice: RegionChoice) -> str:
    """One line naming where to get help now, for intros, errors and interruptions."""
    region = shown_region(choice)
    if region.is_fallback:
        text = _("If you are in danger now, call your local emergency number: on a mobile, 112 "
                 "works across the EU and in many other countries; 911 in the US and Canada; "
                 "999 in the UK and Ireland.")
    else:
        text = _("If you are in danger now, call {emergency} ({country}, {reason}).").format(
            emergency=region.emergency, country=country_name(region), reason=choice.reason)
        crisis = _nations_last(region.of_kind(*CRISIS_KINDS))
        if crisis:
            text += " " + _("{name}: {how}.").format(name=crisis[0].name,
                                                     how=crisis[0].how_words())
        if choice.is_guess:
            text += " " + _("On a mobile, 112 works across the EU and in many other countries.")
    return text


def named_kinds(texts: Sequence[str]) -> tuple[str, ...]:
    """The kinds of line `texts` name, in the order first named."""
    found: dict[str, None] = {}
    for text in texts:
        for match in PLACEHOLDER.finditer(text):
            found.setdefault(match.group(1))
    return tuple(found)


def line_names(choice: RegionChoice, policy: Policy | None = None) -> dict[str, str]:
    """What each kind of line reads as in tree text, for this region and profile.

    A region line reads as its name and how to reach it ("Samaritans (call 116 123)"); a kind
    the region has no line of reads as another crisis line (for `text` and
    `mental_health_urgent`) or else the emergency number, so a text never points at a line
    that is not shown. A profile line reads as the saved name and number, or as "the number
    your therapist gave you" when none is saved.
    """
    region = shown_region(choice)
    emergency = region.emergency
    names = {"emergency": emergency}
    for kind in REGION_KINDS[1:]:
        lines = _nations_last(region.of_kind(kind))  # type: ignore[arg-type]
        if not lines and kind in CRISIS_KINDS:
            # Someone to talk to now: another crisis line (988 takes texts) before the
            # emergency number, which may not take a text at all.
            lines = _nations_last(region.of_kind(*CRISIS_KINDS))
        absent = region.absent_kind(kind)
        names[kind] = _named(lines[0]) if lines else absent.named if absent is not None \
            else _("the emergency number ({emergency})").format(emergency=emergency)
    for kind in PROFILE_KINDS:
        names[kind] = _profile_line(kind, policy)
    return names


def _named(line: Line) -> str:
    how = line.how_words()
    return f"{line.name} ({how[:1].lower() + how[1:]})"


def _profile_line(kind: str, policy: Policy | None) -> str:
    offer = policy.offers.get(PROFILE_FACT[kind]) if policy is not None else None
    if not offer:
        return _(UNSAVED[kind])
    number = offer.get("contact") if kind == "covering" else offer.get("number")
    if kind == "coaching":
        return _("your coaching number, {number}").format(number=number) if number \
            else _(UNSAVED[kind])
    name = offer.get("name")
    if name and number:
        return _("{name} on {number}").format(name=name, number=number)
    return name or number or _(UNSAVED[kind])


def resolve_lines(text: str, names: dict[str, str]) -> str:
    """`text` with each `{kind}` replaced by the line shown for it (see `line_names`).

    Where two kinds fall back to the same line ("or contact {crisis}" in a region whose only
    number is the emergency one), the second reads "the same line" rather than repeating it.
    """
    used: set[str] = set()
    out: list[str] = []
    at = 0
    for match in PLACEHOLDER.finditer(text):
        before = text[at:match.start()]
        shown = names.get(match.group(1), match.group())
        if shown in used:
            shown = _("the same line")
        else:
            used.add(shown)
        joined = _JOINS.search(before) if _spanish() and shown.startswith("el ") else None
        if joined is not None:
            # Spanish writes "a el" and "de el" as "al" and "del": "llame al número que...".
            before = before[:joined.start(1)] + joined.group(1) + "l "
            shown = shown[3:]
        out += [before, shown]
        at = match.end()
    return "".join([*out, text[at:]])


_JOINS = re.compile(r"(?:^|\s)(a|de) $")
"""A Spanish "a " or "de " right before a line's name that starts with the article "el"."""


def _spanish() -> bool:
    return language().split("-")[0] == "es"


def answer_notes(result: Result) -> tuple[str, ...]:
    """A note for each answer given now that differs from what was stored (the answer wins)."""
    notes = []
    for step in result.trail:
        if step.instead_of is None:
            continue
        value, origin = step.instead_of
        said = step.question.choice(value)
        stored = said.label if said is not None else value
        where = (_("You answered '{answer}' to \"{question}\"; your therapist's policy "
                   "profile says '{stored}'. Your answer was used.") if origin == "policy"
                 else _("You answered '{answer}' to \"{question}\"; the hours in your "
                        "therapist's policy say, for now, '{stored}'. Your answer was used."))
        notes.append(where.format(answer=step.choice.label, question=step.question.text,
                                  stored=stored))
    return tuple(notes)


def build_report(result: Result, region: RegionChoice, policy: Policy | None = None,
                 clinic: Sequence[Line] = (), *, moment: Context | None = None,
                 practice: PracticeInfo | None = None) -> Report:
    """Assemble what `result` shows, applying the safety rules once.

    `clinic` holds a clinic's own lines (`--resources FILE`, a practice file), shown beside
    the bundled ones, never instead of them. `moment`: the time of the check, the clock's
    facts and the next session, if known.
    """
    outcome = result.outcome
    headline = {Urgency.EMERGENCY: _("Emergency — {title}"),
                Urgency.URGENT: _("Urgent — {title}")}.get(
        outcome.urgency, _("{decision}: {title}")).format(decision=result.decision.words,
                                                          title=outcome.title)
    named = named_kinds(outcome.texts())
    # The therapist's after-hours number goes with the other numbers (the professional's own).
    # Not when the clock says it is closed now: a step must never point at a line that is off.
    closed = moment is not None and moment.clock.open.get("after_hours") is False
    profile = tuple(policy.details("after_hours")) if policy is not None and not closed else ()
    shown_profile = [(text, _("your therapist's policy")) for text in profile]
    if policy is not None and practice is not None and not closed \
            and practice.after_hours != profile:
        # The person's own profile won over the practice's number: both are shown, labelled.
        shown_profile += [(text, _("{name}'s practice file").format(name=practice.name))
                          for text in practice.after_hours]
    policy_lines: list[str] = []
    details = [*outcome.policy]
    details += [PROFILE_FACT[kind] for kind in named
                if kind in PROFILE_FACT and PROFILE_FACT[kind] not in details]
    if policy is not None:
        for name in details:
            if not (name == "after_hours" and profile):
                policy_lines += policy.details(name)
    if outcome.policy and not policy_lines and not profile and not outcome.emergency:
        # Not in an emergency: advice to set up a profile is no help to someone in crisis.
        policy_lines.append(_(NO_POLICY_DETAILS))
    kinds: Sequence[str] = (*outcome.resources, *named)
    # A practice file's own lines arrive in `clinic` (read as a clinic's), never instead of
    # the national ones.
    numbers = choose_lines(region, kinds, clinic, shown_profile)
    names = line_names(region, policy)
    if closed:  # the clock says the after-hours line is closed now: never point at it
        names["after_hours"] = _(UNSAVED["after_hours"])
    stale = None
    if any(row.line is not None and row.line.kind != "emergency" and row.line.is_stale()
           for row in numbers):
        stale = _("Some of these lines were verified more than a year ago and may be out of "
                  "date: `contactcheck resources` shows each line's source.")
    return Report(
        result=result,
        region=region,
        headline=headline,
        policy_lines=tuple(policy_lines),
        safety_net=resolve_lines(outcome.safety_net, names),
        draft=_fill_draft(resolve_lines(outcome.draft, names) if outcome.draft else None,
                          policy),
        crisis_lines=tuple(row.text for row in numbers),
        numbers=numbers,
        stale_note=stale,
        trail=explain(result),
        context=(*_practice_lines(practice), *answer_notes(result),
                 *_moment_lines(result, moment, policy)),
        practice=practice,
        moment=moment,
        title=outcome.title,
        why=tuple(Reason(resolve_lines(reason.text, names), reason.source)
                  for reason in outcome.why),
        do=tuple(resolve_lines(step, names) for step in outcome.do),
        urgency=outcome.urgency,
    )


def _practice_lines(practice: PracticeInfo | None) -> tuple[str, ...]:
    if practice is None:
        return ()
    return (_("Using {name}'s practice file (its details were last checked on {date}).").format(
        name=practice.name, date=practice.updated.isoformat()),)


def _moment_lines(result: Result, moment: Context | None,
                  policy: Policy | None) -> tuple[str, ...]:
    if moment is None:
        return ()

    return context_lines(result, moment, policy)


THERAPIST_PLACEHOLDER = THERAPIST_NAME


def _fill_draft(draft: str | None, policy: Policy | None) -> str | None:
    """The draft with `[therapist's name]` replaced by the name in the profile, if any, else by
    the marker in the interface's language ("[nombre de su terapeuta]").

    The marker is a token of the tree, kept as written by every translation (the rules check
    it), like a `{placeholder}`: only here does it become words.
    """
    if draft is None:
        return None
    name = policy.therapist if policy is not None and policy.therapist else None
    return draft.replace(THERAPIST_PLACEHOLDER, name or _(THERAPIST_NAME_SHOWN))


THERAPIST_NAME_SHOWN = N_("[therapist's name]")
"""How the marker reads when the profile has no name (the catalog's key is the marker)."""


def explain(result: Result) -> tuple[ExplainedStep, ...]:
    """The path taken: each question, the answer, and where it led."""
    return tuple(
        ExplainedStep(step.question.id, step.question.text, step.choice.value, step.choice.label,
                      step.choice.next, step.origin == "policy", step.origin == "clock")
        for step in result.trail
    )
