"""What the clock and the calendar add to a result: why an option is closed now, when a reply is
likely, when the next session is.

Pure: no I/O. The caller (the `check` command) reads the profile and the stored session, picks
the moment, and passes them in; the engine only ever sees the clock's facts.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from msgspec import Struct

from contactcheck.check.clock import (
    Clock,
    SessionTiming,
    date_words,
    expected_reply,
    read_clock,
    time_words,
)
from contactcheck.i18n import _
from contactcheck.tree.model import Decision, Result

if TYPE_CHECKING:
    from contactcheck.personal.policy import Policy


class Context(Struct, frozen=True):
    """The moment of a check, and what it means for this profile."""

    now: dt.datetime
    """Aware, in the profile's time zone (else this computer's)."""
    clock: Clock
    session: SessionTiming | None = None
    """The next session, when one is known."""
    now_given: bool = False
    """Whether the moment was set with `--now` rather than read from the computer."""


def read_context(now: dt.datetime, policy: Policy | None,
                 session: SessionTiming | None = None, *, now_given: bool = False) -> Context:
    """The context of a check at `now` (aware)."""
    if policy is not None and policy.zone is not None:
        now = now.astimezone(policy.zone)
    hours = policy.hours if policy is not None else {}
    offered = policy.facts if policy is not None else {}
    return Context(now, read_clock(now, hours, offered), session, now_given)


def context_lines(result: Result, context: Context, policy: Policy | None) -> tuple[str, ...]:
    """What the result says about the clock, replies and the next session, in order."""
    lines: list[str] = []
    clock = context.clock
    for step in result.trail:
        fact = step.question.policy
        if step.origin == "clock" and fact is not None and fact in clock.reasons:
            lines.append(clock.reasons[fact])
    outcome = result.outcome
    if outcome.emergency:
        return tuple(lines)
    away = policy is not None and policy.away_on(context.now.date())
    if away and policy is not None and policy.away is not None:
        lines.append(_("Your therapist's policy says they are away until {date}.").format(
            date=date_words(policy.away[1])))
    elif policy is not None and "response_time" in outcome.policy and policy.reply is not None:
        office = policy.hours.get("office")
        lines.append(expected_reply(policy.reply, context.now, office))
    lines += _session_lines(result, context, policy, away)
    return tuple(lines)


def _session_lines(result: Result, context: Context, policy: Policy | None,
                   away: bool) -> list[str]:
    session = context.session
    decision = result.decision
    if decision not in (Decision.WAIT_FOR_SESSION, Decision.RAISE_IN_SESSION):
        return []
    if session is None:
        return []
    if decision is Decision.RAISE_IN_SESSION and session.days == 0 and session.soon:
        return [_("Your next session is today at {time}: raise it then.").format(
            time=time_words(session.at))]
    lines = [_("Your next session is {when}.").format(when=session.words())]
    if decision is Decision.WAIT_FOR_SESSION and (session.far or away):
        covering = policy.offers.get("covering_colleague") if policy is not None else None
        if covering:
            who = covering.get("name") or _("your covering colleague")
            how = f" ({covering['contact']})" if "contact" in covering else ""
            text = _("That is a long wait: if it can't wait that long, you could contact "
                     "{who}, who covers for your therapist, or ask for an earlier session.") \
                if session.far else \
                _("Your therapist is away: if it can't wait that long, you could contact "
                  "{who}, who covers for your therapist, or ask for an earlier session.")
            lines.append(text.format(who=who + how))
        else:
            lines.append(_("That is a long wait: if it can't wait that long, you could ask for "
                           "an earlier session.") if session.far else
                         _("Your therapist is away: if it can't wait that long, you could ask "
                           "for an earlier session."))
    return lines
