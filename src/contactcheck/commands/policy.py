"""`contactcheck policy`: your therapist's contact policy profile."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from contactcheck.commands.group import Group
from contactcheck.commands.options import format_option
from contactcheck.errors import N_, terminal_safe
from contactcheck.output import jsondoc

if TYPE_CHECKING:
    from collections.abc import Callable

    from contactcheck.personal.policy import Policy
    from contactcheck.personal.policy_edit import Change


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
def policy() -> None:
    """Your therapist's contact policy: what they agreed about contact between sessions.

    When a profile exists, the self-check answers questions like "do you have
    DBT phone coaching?" from it, and shows your therapist's own numbers.
    """


@policy.command()
@click.option("--policy", "policy_path", type=click.Path(dir_okay=False, path_type=Path),
              help="A profile file (default: the saved one).")
@format_option("text", "json")
def show(policy_path: Path | None, output_format: str) -> None:
    """Print the policy profile and the facts it answers for the self-check."""
    from contactcheck.i18n import _
    from contactcheck.personal.policy import (
        NOT_OFFERED,
        OFFERS,
        default_policy_path,
        load_policy,
    )

    path = policy_path or default_policy_path()
    practice = _installed_practice_policy() if policy_path is None else None
    if policy_path is None and not path.is_file() and practice is None:
        click.echo(terminal_safe(_("No policy profile saved (it would be {file}).").format(
            file=path)))
        click.echo(_("Create one with `contactcheck policy init`; without it, the self-check "
                     "asks instead."))
        return
    own = load_policy(path) if policy_path is not None or path.is_file() else None
    differ: list[str] = []
    if practice is not None and own is not None:
        from contactcheck.personal.policy import merge_policies

        profile, differ = merge_policies(practice[1], own)
    elif practice is not None:
        profile = practice[1]
    else:
        assert own is not None
        profile = own
    if output_format == "json":
        click.echo(jsondoc.dumps({
            "path": str(path) if own is not None else None,
            "practice": practice[0] if practice is not None else None,
            "yours_win_over_the_practice": differ,
            "facts": profile.facts,
            "therapist": profile.therapist,
            "response_time": profile.response_time,
            "fees": profile.fees,
            "channels": None if profile.channels is None else [
                {"name": c.name, "kind": c.kind, "secure": c.secure, "for": list(c.uses),
                 "address": c.address, "notes": c.notes} for c in profile.channels],
            "offers": {name: (dict(details) if details is not None else None)
                       for name, details in profile.offers.items()},
            "timezone": str(profile.zone) if profile.zone is not None else None,
            "hours": {name: hours.describe() for name, hours in profile.hours.items()},
            "weekly_session": None if profile.weekly is None else {
                "day": profile.weekly[0], "minute": profile.weekly[1]},
            "office": dict(profile.office) if profile.office is not None else None,
            "away": None if profile.away is None else {
                "from": profile.away[0].isoformat() if profile.away[0] else None,
                "until": profile.away[1].isoformat()},
        }, indent=2))
        return
    if own is not None:
        click.echo(terminal_safe(_("Policy profile: {file}").format(file=path)))
    if practice is not None:
        if own:
            said = _("From the practice file of {name} (`contactcheck setup --show`), with your "
                     "own profile winning where they differ")
        else:
            said = _("From the practice file of {name} (`contactcheck setup --show`)")
        click.echo(terminal_safe(said.format(name=practice[0])))
    for key in differ:
        click.echo("  " + _("Your own answer for '{key}' differs from the practice file's: "
                            "yours is used.").format(key=key))
    if profile.therapist:
        click.echo(terminal_safe(_("Therapist: {name}").format(name=profile.therapist)))
    if profile.zone is not None:
        click.echo(terminal_safe(_("Time zone: {zone}").format(zone=profile.zone)))
    for name in ("channels", "response_time", "fees", "office", *OFFERS):
        for line in profile.details(name):
            click.echo(terminal_safe(f"  {line}"))
    for name in OFFERS:
        if profile.offers.get(name, ...) is None:
            click.echo("  " + _(NOT_OFFERED[name]))
    facts = profile.facts
    if facts:
        click.echo(_("Answers these questions for you: {answers}").format(
            answers=", ".join(f"{k}={v}" for k, v in facts.items())))
    else:
        click.echo(_("Answers these questions for you: none"))

"""`policy show`'s line for an offer the profile says is not offered."""

_SHORT_ANSWERS = {"y": "yes", "n": "no", "u": "unsure", "not sure": "unsure", "dont know": "unsure",
                  "don't know": "unsure"}


def _offer_answer(text: str) -> str:
    """yes / no / unsure; y, n and u too, like the [y/n] questions before them, and the
    words of the interface's language (*sí*, *no*, *no lo sé*)."""
    from contactcheck.i18n import _

    answer = text.strip().lower()
    answer = _SHORT_ANSWERS.get(answer, answer)
    if answer in _words(_("y, yes")):
        answer = "yes"
    elif answer in _words(_("n, no")):
        answer = "no"
    elif answer in _words(_("u, unsure")):
        answer = "unsure"
    if answer not in ("yes", "no", "unsure"):
        raise click.BadParameter(_("please answer yes, no or unsure"))
    return answer


def _words(listed: str) -> set[str]:
    """`"s, sí, si"` -> {"s", "sí", "si"}: the words a translation accepts."""
    return {word.strip().lower() for word in listed.split(",") if word.strip()}


def _ask_text(prompt: str) -> str | None:
    """An optional line of text (Enter skips)."""
    from contactcheck.i18n import _

    value: str = click.prompt(_("{question} (Enter to skip)").format(question=prompt),
                              default="", show_default=False)
    return value.strip() or None


def _ask_offer(question: str) -> str:
    """yes / no / unsure; Enter is "unsure", which claims nothing: the check asks instead."""
    from contactcheck.i18n import _

    answer: str = click.prompt(_("{question} [yes/no/unsure, Enter: unsure]").format(
        question=question), default="unsure", show_default=False, value_proc=_offer_answer)
    return answer


_OFFER_QUESTIONS = {
    "after_hours": N_("Did they give you an after-hours or emergency contact?"),
    "dbt_coaching": N_("Do they offer DBT phone coaching?"),
    "covering_colleague": N_("Is a colleague named to cover when they are away?"),
    "between_sessions": N_("Do they allow some messages between sessions?"),
}
_OFFER_DETAILS: dict[str, tuple[tuple[str, str], ...]] = {
    "after_hours": (("name", N_("Who is it (e.g. On-call line)")), ("number", N_("Number"))),
    "dbt_coaching": (("number", N_("Coaching number")), ("hours", N_("Hours (e.g. 9am-9pm)"))),
    "covering_colleague": (("name", N_("Colleague's name")),
                           ("contact", N_("How to reach them"))),
    "between_sessions": (("allowance", N_("How much (e.g. one email a week)")),
                         ("channel", N_("Which channel"))),
}
"""`policy init`'s question for each offer, and the details it asks when the answer is yes
(shown indented, under the question)."""
_DETAIL_PROMPTS = {
    "name": N_("Name"), "number": N_("Number"), "hours": N_("Hours"), "notes": N_("Notes"),
    "contact": N_("Contact"), "when": N_("When"), "allowance": N_("Allowance"),
    "channel": N_("Channel"), "from": N_("From"), "until": N_("Until"), "weekly": N_("Weekly"),
}
"""`policy edit`'s question for a detail `policy init` does not ask."""
_NEW_TEXT = {
    "therapist": N_("New therapist (Enter: remove it)"),
    "response_time": N_("New response time (Enter: remove it)"),
    "fees": N_("New fees (Enter: remove it)"),
    "timezone": N_("New timezone (Enter: remove it)"),
}
"""`policy edit`'s question for a field that is one line of text."""


@policy.command()
@click.option("--policy", "policy_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to save it (default: policy.yaml in your config folder).")
@click.option("--force", is_flag=True, help="Replace an existing profile without asking.")
def init(policy_path: Path | None, force: bool) -> None:
    """Create the policy profile by answering a few questions.

    Answer "unsure" to anything you don't know: the self-check will then ask
    you at the time instead of assuming. The file is yours: only readable by
    you, and `contactcheck forget` deletes it.
    """
    try:
        _init(policy_path, force)
    except click.Abort:
        if sys.stdin.isatty():
            raise
        from contactcheck.errors import NoTerminal
        from contactcheck.i18n import _

        raise NoTerminal(_("`policy init` asks its questions at a terminal, and the answers "
                           "ran out (no terminal), so nothing was saved; run it in a terminal, "
                           "or write the profile yourself and use it with `contactcheck check "
                           "--policy FILE` (`contactcheck policy show --policy FILE` checks "
                           "it)")) from None


PROFILE_HEADER = N_("# Your therapist's contact policy, for contactcheck.\n"
                    "# Sections: a mapping (offered), `no` (not offered), or absent (unknown: "
                    "the self-check asks).")
"""The comment lines at the top of the profile `policy init` writes, in the person's language
(the keys and values below them stay English: the file reads the same in any language)."""


def _init(policy_path: Path | None, force: bool) -> None:
    """`policy init`'s questions, then the profile saved."""
    from contactcheck.i18n import _
    from contactcheck.interactive.yesno import ask_yes_no
    from contactcheck.personal.policy import (
        CHANNEL_KINDS,
        CHANNEL_USES,
        default_policy_path,
        save_policy,
    )

    path = policy_path or default_policy_path()
    if path.exists() and not force and not ask_yes_no(terminal_safe(
            _("{file} exists. Replace it?").format(file=path))):
        raise click.Abort
    lines: list[str] = [*_(PROFILE_HEADER).splitlines(), ""]
    header = len(lines)

    def put(key: str, value: str | None, indent: str = "") -> None:
        if value is not None:
            lines.append(f"{indent}{key}: {json.dumps(value, ensure_ascii=False)}")

    put("therapist", _ask_text(_("Your therapist's name")))
    put("response_time",
        _ask_text(_("How soon do they usually reply? For example: within 2 working days.")))
    channels: list[str] = []
    while ask_yes_no(_("Add a way to contact them (portal, email, phone...)?")):
        name = click.prompt("  " + _("Name of this channel (e.g. Clinic portal)")).strip()
        kind = click.prompt("  " + _("Kind"),
                            type=click.Choice(CHANNEL_KINDS, case_sensitive=False))
        kind = kind.lower()
        secure = ask_yes_no("  " + _("Is it secure for clinical content, like a secure portal? "
                                     "(If you're not sure, no)"))
        uses = click.prompt("  " + _("What is it for? Comma-separated: {uses}").format(
            uses=", ".join(CHANNEL_USES)), value_proc=lambda text: _uses(text, CHANNEL_USES))
        channels.append(f"  - {{name: {json.dumps(name)}, kind: {kind}, "
                        f"secure: {'true' if secure else 'false'}, for: [{', '.join(uses)}]}}")
    if channels:
        lines += ["channels:", *channels]
    for key, question in _OFFER_QUESTIONS.items():
        details = _OFFER_DETAILS[key]
        answer = _ask_offer(_(question))
        if answer == "no":
            lines.append(f"{key}: no")
        elif answer == "yes":
            lines.append(f"{key}:")
            before = len(lines)
            for detail, prompt in details:
                put(detail, _ask_text("  " + _(prompt)), "  ")
            if len(lines) == before:
                lines[-1] = f"{key}: yes"
    put("fees", _ask_text(_("Do they charge for contact between sessions? Describe it")))
    if len(lines) == header:
        click.echo(_("Every answer was skipped or unsure, so there is nothing to save; nothing "
                     "was saved. The self-check will ask you at the time instead."))
        return
    saved = save_policy(path, "\n".join(lines) + "\n")
    click.echo(terminal_safe(_("Saved your policy profile to {file} (only you can read "
                               "it).").format(file=saved)))
    click.echo(_("See it with `contactcheck policy show`; delete it with `contactcheck "
                 "forget`."))


def _uses(text: str, allowed: tuple[str, ...]) -> list[str]:
    uses = [part.strip().lower() for part in text.split(",") if part.strip()]
    wrong = [use for use in uses if use not in allowed]
    if wrong or not uses:
        from contactcheck.i18n import _

        raise click.BadParameter(_("choose from: {uses}").format(uses=", ".join(allowed)))
    return uses


def _installed_practice_policy() -> tuple[str, Policy] | None:
    """The installed practice file's name and policy, if one is installed and loads."""
    from contactcheck.errors import ContactcheckError
    from contactcheck.personal.practice import installed_path, load_practice

    if not installed_path().is_file():
        return None
    try:
        practice = load_practice(installed_path(), installed=True)
    except ContactcheckError:
        from contactcheck.i18n import _

        click.echo(_("warning: the installed practice file no longer loads "
                     "(`contactcheck setup --show`)"), err=True)
        return None
    return (practice.name, practice.policy) if practice.policy is not None else None


def _speak() -> Callable[[str], str]:
    """Choose the person's language now, and return `_`: an option is read before the command
    runs (and chooses it), and its mistake is said in that language. Only on a mistake, so
    reading options loads no catalog."""
    from contactcheck.i18n import _, use_language
    from contactcheck.language import interface_language

    use_language(interface_language())
    return _


def _change(param_type: click.ParamType, field: str, value: str | None,  # type: ignore[type-arg]
            param: click.Parameter | None, ctx: click.Context | None) -> Change:
    """`parse_change(field, value)`; a mistake is said in the person's language (it is parsed
    once more after `_speak`, for its message: a change with no mistake loads no catalog)."""
    from contactcheck.personal.policy_edit import parse_change

    try:
        return parse_change(field, value)
    except ValueError:
        _speak()
    try:
        return parse_change(field, value)
    except ValueError as error:
        param_type.fail(str(error), param, ctx)


class _ChangeParam(click.ParamType):  # type: ignore[type-arg]
    """`--set FIELD=VALUE` or `--set FIELD.DETAIL=VALUE`."""

    name = "FIELD=VALUE"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Change:
        from contactcheck.personal.policy_edit import Change

        if isinstance(value, Change):
            return value
        field, given, text = str(value).partition("=")
        if not given:
            _ = _speak()
            self.fail(_("'{value}' needs a value: FIELD=VALUE, for example "
                        "--set dbt_coaching.number=\"555 0101\"").format(value=value), param, ctx)
        return _change(self, field, text, param, ctx)


class _FieldParam(click.ParamType):  # type: ignore[type-arg]
    """`--unset FIELD` or `--unset FIELD.DETAIL`."""

    name = "FIELD"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Change:
        from contactcheck.personal.policy_edit import Change

        if isinstance(value, Change):
            return value
        return _change(self, str(value), None, param, ctx)


EDIT_NO_TERMINAL = N_(
    "`policy edit` asks which field to change at a terminal, and there is none, so nothing "
    "was changed; give the change as flags instead: --set FIELD=VALUE (for example --set "
    "dbt_coaching.number=\"555 0101\" or --set covering_colleague=no) or --unset FIELD "
    "(`contactcheck policy edit --help` lists the fields)")


@policy.command()
@click.option("--policy", "policy_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The profile file to change (default: the saved one).")
@click.option("--set", "settings", multiple=True, type=_ChangeParam(),
              help="Set a field, or one detail of a section: therapist=\"Dr. Kim\", "
                   "dbt_coaching=no, after_hours.number=\"555 0100\" (repeatable).")
@click.option("--unset", "removals", multiple=True, type=_FieldParam(),
              help="Remove a field (then the self-check asks about it) or one detail "
                   "(repeatable).")
def edit(policy_path: Path | None, settings: tuple[Change, ...],
         removals: tuple[Change, ...]) -> None:
    """Change one field of the saved policy profile; the rest stays as written.

    At a terminal, with no --set or --unset, it shows the fields and asks which to
    change. The changed profile is checked like any other before it is saved; if it
    would not be valid, nothing is changed (exit 2). Without a terminal, give --set
    or --unset (exit 2 otherwise).

    \b
    Fields: therapist, response_time, fees, timezone;
      after_hours (.name .number .hours .notes), dbt_coaching (.number .hours .notes),
      covering_colleague (.name .contact .when .notes),
      between_sessions (.allowance .channel .notes): each also =yes or =no;
      office (.number .hours .notes), sessions (.weekly), away (.from .until .notes).
    Ways to contact them (channels) are changed by `policy init` or in the file.
    """
    from contactcheck.errors import ContactcheckError, InvalidFile, NoTerminal, has_terminal
    from contactcheck.files import read_capped
    from contactcheck.i18n import _
    from contactcheck.personal.policy import default_policy_path, save_policy
    from contactcheck.personal.policy_edit import apply_changes, current_values
    from contactcheck.tree.yamlread import decode

    path = policy_path or default_policy_path()
    if not (path.exists() or path.is_symlink()):
        raise ContactcheckError(terminal_safe(
            _("there is no policy profile at {file} to change; make one with "
              "`contactcheck policy init`").format(file=path)))
    changes = [*settings, *removals]
    if not changes and not has_terminal():
        raise NoTerminal(_(EDIT_NO_TERMINAL))
    data = read_capped(path, str(path), "policy profile", own=policy_path is None)
    text = decode(data, str(path), "policy profile").text
    if not changes:
        changes = _ask_change(current_values(text, str(path)))
        if not changes:
            click.echo(_("Nothing was changed."))
            return
    try:
        changed = apply_changes(text, str(path), changes)
        save_policy(path, changed)
    except ValueError as error:
        raise ContactcheckError(_("{problem}; nothing was changed").format(
            problem=error)) from None
    except InvalidFile as error:
        problems = "; ".join(problem.message + (f" ({problem.hint})" if problem.hint else "")
                             for problem in error.problems)
        raise ContactcheckError(_("that change would make the profile invalid ({problems}), "
                                  "so nothing was changed").format(problems=problems)) from None
    names = ", ".join(dict.fromkeys(change.name for change in changes))
    click.echo(terminal_safe(_("Changed {fields} in {file} (only you can read it).").format(
        fields=names, file=path)))
    click.echo(_("See it with `contactcheck policy show`."))


def _ask_change(values: dict[str, object]) -> list[Change]:
    """At a terminal: which field, then its new value (the questions `policy init` asks)."""
    from contactcheck.i18n import _
    from contactcheck.personal.policy_edit import FIELDS, Change, shown_value

    fields = list(FIELDS)
    for number, field in enumerate(fields, 1):
        click.echo(terminal_safe(f"  {number}. {field}: {shown_value(values.get(field))}"))
    picked: int = click.prompt(_("Which one do you want to change? (a number, Enter: none)"),
                               default=0, show_default=False,
                               type=click.IntRange(0, len(fields)))
    if picked == 0:
        return []
    field = fields[picked - 1]
    details = FIELDS[field]
    if not details:
        value = _ask_text(_(_NEW_TEXT[field]))
        return [Change(field, None, value)]
    if field in _OFFER_QUESTIONS:
        answer = _ask_offer(_(_OFFER_QUESTIONS[field]))
        if answer != "yes":
            return [Change(field, None, "no" if answer == "no" else None)]
    current = values.get(field)
    changes = [] if isinstance(current, dict) else [Change(field, None, "yes")]
    prompts = {**_DETAIL_PROMPTS, **dict(_OFFER_DETAILS.get(field, ()))}
    for detail in details:
        now = current.get(detail) if isinstance(current, dict) else None
        prompt = "  " + (_(prompts[detail]) if detail in prompts
                         else detail.replace("_", " ").capitalize())
        if now is None:
            value = _ask_text(prompt)
        else:
            typed: str = click.prompt(terminal_safe(_("{question} (Enter keeps: {value})").format(
                question=prompt, value=shown_value(now))), default="", show_default=False)
            value = typed.strip() or None
        if value is not None:
            changes.append(Change(field, detail, value))
    if not isinstance(current, dict) and len(changes) == 1 and field not in _OFFER_QUESTIONS:
        return []  # nothing typed for a section that was not there
    return changes
