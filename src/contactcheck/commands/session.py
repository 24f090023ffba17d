"""`contactcheck session`: when the next session is."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from contactcheck.commands.group import Group
from contactcheck.commands.options import format_option
from contactcheck.output.formats import emit

if TYPE_CHECKING:
    from contactcheck.personal.policy import Policy

_HELP = {"help_option_names": ["-h", "--help"]}


@click.group(cls=Group, context_settings=_HELP)
def session() -> None:
    """Your next session: results that say "wait" or "raise it in session" then say when it is.

    Nothing is stored until you give a date. A weekly session can also come
    from your therapist's policy or practice file (`sessions: {weekly: "thu 15:00"}`);
    a date you give here comes first.
    """


@session.command("next", context_settings=_HELP)
@click.argument("when", metavar="'YYYY-MM-DD HH:MM'")
def next_(when: str) -> None:
    """Save the date and time of your next session (only on this computer)."""
    from contactcheck.check.clock import time_words
    from contactcheck.personal import session as model

    try:
        at = model.parse_when(when, saved_zone())
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'WHEN'") from None
    from contactcheck.check.clock import day_name, long_date
    from contactcheck.i18n import _

    model.save(at)
    click.echo(_("Saved: your next session is {weekday} {date} at {time}.").format(
        weekday=day_name(at.weekday()), date=long_date(at), time=time_words(at)))
    click.echo(_("Results will say when it is; `contactcheck forget` deletes it."))


@session.command(context_settings=_HELP)
@click.option("--now", "now_text", metavar="DATETIME",
              help="Count from this moment instead of now (ISO 8601, e.g. 2026-12-04T10:00).")
@format_option("text", "json")
def show(now_text: str | None, output_format: str) -> None:
    """Show when your next session is, and how far away."""

    from contactcheck.check.clock import parse_now, session_timing

    zone = saved_zone()
    try:
        now = parse_now(now_text, zone) if now_text else dt.datetime.now(zone)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--now'") from None
    at = next_session_at(now)
    timing = session_timing(at, now) if at is not None else None
    emit("session", output_format, timing)


@session.command(context_settings=_HELP)
def clear() -> None:
    """Delete the saved date (a weekly session in your policy still counts)."""
    from contactcheck.i18n import _
    from contactcheck.personal import session as model

    click.echo(_("Deleted the saved date.") if model.clear() else _("No date was saved."))


def saved_policy() -> Policy | None:
    """The saved policy profile, or None when there is none or it cannot be read."""
    from contactcheck.errors import ContactcheckError
    from contactcheck.folders import default_policy_path

    path = default_policy_path()
    if not path.is_file():
        return None
    from contactcheck.personal.policy import load_policy

    try:
        return load_policy(path)
    except ContactcheckError:
        return None


def saved_zone() -> dt.tzinfo:
    """The time zone of the saved profile, else this computer's."""
    from contactcheck.check.clock import local_zone

    policy = saved_policy()
    return policy.zone if policy is not None and policy.zone is not None else local_zone()


def next_session_at(now: dt.datetime, policy: Policy | None = None) -> dt.datetime | None:
    """The next session after `now`: the saved date, else the weekly one from the policy."""
    from contactcheck.personal import session as model

    policy = policy or saved_policy()
    weekly = policy.weekly if policy is not None else None
    if weekly is not None and policy is not None and policy.zone is not None:
        now = now.astimezone(policy.zone)
    return model.next_session(model.load(), weekly, now)
