"""`contactcheck check`: walk the self-check with flags, an answers file, or prompts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from contactcheck.commands.options import (
    format_option,
    in_chosen_language,
    lang_option,
    load_in_chosen_language,
    region_option,
    tree_option,
)
from contactcheck.errors import (
    N_,
    AnswerError,
    ContactcheckError,
    ExitCode,
    ExitNotes,
    InvalidFile,
    MissingAnswer,
    NoTerminal,
    UnreadableFile,
    terminal_safe,
)
from contactcheck.output import formats

if TYPE_CHECKING:  # types only: each is imported where it is used, to keep start-up light
    from datetime import datetime

    from contactcheck.check.clock import SessionTiming
    from contactcheck.check.context import Context
    from contactcheck.check.region_choice import PracticeRegion, RegionChoice
    from contactcheck.check.report import PracticeInfo, Report
    from contactcheck.check.resources import Line
    from contactcheck.interactive.prompts import Menu
    from contactcheck.personal.policy import Policy
    from contactcheck.personal.practice import Practice
    from contactcheck.tree.model import Result, Tree


class AnswerParam(click.ParamType):  # type: ignore[type-arg]
    """`--answer ID=VALUE`."""

    name = "ID=VALUE"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> tuple[str, str]:
        from contactcheck.check.answers import parse_answer

        if isinstance(value, tuple):
            return value
        try:
            return parse_answer(str(value))
        except ValueError:
            pass
        # click reads the flags before the check chooses its language: say the mistake in
        # the language known so far (`--lang` if it came first, CONTACTCHECK_LANG, the locale).
        from contactcheck.i18n import use_language
        from contactcheck.language import interface_language

        use_language(interface_language(ctx.params.get("lang") if ctx is not None else None))
        try:
            return parse_answer(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


NO_TERMINAL = N_(
    "no answers given and no terminal to ask on, so nothing was assumed.\n"
    "  Give answers with --answer ID=VALUE (repeatable) or --answers-file FILE ('-' for stdin);\n"
    "  `contactcheck questions` lists the question ids and their values."
)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@tree_option
@click.option("--answer", "-a", "answer_flags", multiple=True, type=AnswerParam(),
              help="Answer a question: ID=VALUE (repeatable). See `contactcheck questions`.")
@click.option("--answers-file", metavar="FILE",
              help="Answers as a YAML or JSON mapping of ID: VALUE; '-' reads stdin "
                   "(keeps answers out of shell history).")
@click.option("--policy", "policy_path", type=click.Path(path_type=Path),
              help="Your therapist's policy profile (default: the saved one, if any).")
@click.option("--no-policy", is_flag=True, help="Ignore the saved policy profile.")
@region_option
@click.option("--resources", "clinic_path", type=click.Path(path_type=Path),
              help="A clinic's own lines (its crisis team) from a local YAML file, shown "
                   "beside the national numbers: `format: 1`, `from: WHOSE`, and `lines:` "
                   "of {name, kind (crisis, text, ...), how: [{call: NUMBER}], hours}.")
@format_option(*formats.names("result"))
@click.option("--explain", is_flag=True,
              help="Show the path taken, each answer, and the source of each reason.")
@click.option("--plain", is_flag=True,
              help="Numbered, line-based prompts (also with ACCESSIBLE=1 or TERM=dumb).")
@click.option("--no-color", is_flag=True, help="No colour (NO_COLOR is honoured too).")
@lang_option
@click.option("--now", "now_text", metavar="DATETIME",
              help="Check as if it were this moment (ISO 8601, e.g. 2026-12-04T23:40, with or "
                   "without an offset; without one, in your therapist's time zone): for scripts "
                   "and tests of hours.")
@click.option("--save-to-agenda", "agenda_note", metavar="NOTE",
              help="If the result is to wait or raise it in session, add NOTE to your agenda "
                   "for the next session (`contactcheck agenda list`).")
@click.option("--output", "-o", "output_path", metavar="FILE",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Also save the result as a Markdown note in FILE, readable only by you "
                   "(an existing file is never replaced without asking).")
@click.option("--discreet", is_flag=True,
              help="For a shared computer: no offers, nothing written, and the questions and "
                   "result cleared from the screen and scrollback when you leave.")
@click.pass_context
def check(ctx: click.Context, tree_path: Path, answer_flags: tuple[tuple[str, str], ...],
          answers_file: str | None, policy_path: Path | None, no_policy: bool,
          region: str | None, clinic_path: Path | None, output_format: str, explain: bool,
          plain: bool, no_color: bool, lang: str | None, now_text: str | None,
          agenda_note: str | None, output_path: Path | None, discreet: bool) -> None:
    """Walk the self-check and suggest: contact now, wait, or raise it in session.

    In a terminal, with no answers given, it asks the questions. Otherwise give
    every answer on the path with --answer or --answers-file: a missing answer
    is an error (exit 2), never a guess.
    """
    from contactcheck.check.answers import (
        BadAnswers,
        GivenAnswers,
        merge_answers,
        unknown_questions,
    )
    from contactcheck.check.engine import walk
    from contactcheck.check.region_choice import choose_region, read_saved_region
    from contactcheck.check.report import build_report, crisis_line_text

    if discreet:  # nothing written, not even a stored form of the tree (a trace of a check)
        import os

        from contactcheck.prebuilt import NO_CACHE_VARIABLE

        os.environ[NO_CACHE_VARIABLE] = "1"
    chosen = _Chosen(choose_region(region))
    # Registered first: nothing after this (not even a practice file) can end the check
    # without the crisis line; it reads `chosen` when it is shown, so the final choice (the
    # practice file's region, or the country the person gave once safe).
    ctx.ensure_object(ExitNotes).add(lambda: crisis_line_text(chosen.choice))
    from contactcheck.i18n import use_language
    from contactcheck.language import interface_language

    # The language asked for, as far as the interface has it, until the tree's own is known:
    # what is wrong with a practice file or a tree is said in it too.
    use_language(interface_language(lang))
    tree_given = ctx.get_parameter_source("tree_path") not in (
        click.core.ParameterSource.DEFAULT, None)
    unusable: list[str] = []  # what is wrong with the practice file, said once a language is on
    practice = None if tree_given and no_policy else _installed_practice(unusable)
    chosen.choice = choose_region(region, saved=read_saved_region(),
                                  practice=_practice_region(practice))
    try:
        if practice is not None and not tree_given:
            tree = in_chosen_language(practice.tree, practice.tree_path, lang)
        else:
            tree = load_in_chosen_language(tree_path, lang)
    finally:
        _warn_unusable_practice(unusable)
    # From here on the interface speaks the tree's language (the one asked for when the tree
    # has it, else the tree's own, said once).
    clinic = _load_clinic_lines(clinic_path)
    if practice is not None:
        # One mechanism for a clinic's and a practice's own lines.
        clinic = (*clinic, *practice.own_lines())
    _check_note(agenda_note)
    _check_output(output_path, agenda_note, discreet)
    # A broken --policy or answers file never stands between a person in danger and the
    # emergency result: the walk goes on without what could not be read (no policy fact
    # answers the danger screen; a well-formed danger answer is used as given), and any other
    # result stops on the first problem (below). Each is held with what to say after it.
    held: list[tuple[InvalidFile, str]] = []
    try:
        policy = _load_policy(policy_path, no_policy, practice)
    except InvalidFile as error:
        policy = None
        held.append((error, N_("warning: the policy profile could not be used; the emergency "
                               "result is shown without it.")))
    moment = _moment(now_text, policy)
    from_file: dict[str, str] = {}
    if answers_file:
        try:
            from_file = _read_answers_file(answers_file)
        except BadAnswers as error:
            from_file = error.readable
            held.append((error, N_("warning: the answers file has problems (above); the "
                                   "emergency result is shown from the answers that could be "
                                   "read.")))
    given = merge_answers(
        *({question_id: value} for question_id, value in answer_flags), from_file)
    facts = policy.facts if policy else None
    clock = moment.clock.facts
    asked = False  # whether the person was prompted (and so already told what this is)
    try:
        result = walk(tree, GivenAnswers(given), facts, clock=clock, explicit=given.keys())
    except MissingAnswer as missing:
        if held:  # what could not be read may be the missing answers: say so first
            raise held[0][0] from None
        unknown = unknown_questions(tree, given)
        if unknown:  # a mistyped question id is the likelier story: say so before asking anything
            raise AnswerError("; ".join(unknown) + "\n" + missing.message) from None
        # Ask the person what is missing, if there is a terminal to ask on; never guess.
        from contactcheck.errors import has_terminal
        from contactcheck.interactive.session import run_interactive
        from contactcheck.interactive.terminal import Terminal
        from contactcheck.output.console import wants_plain

        if not has_terminal():
            if not given:
                from contactcheck.i18n import _

                raise NoTerminal(_(NO_TERMINAL)) from None
            raise
        try:
            result = run_interactive(tree, terminal=Terminal(no_color=no_color),
                                     crisis_line=crisis_line_text(chosen.choice), facts=facts,
                                     clock=clock, plain=plain, answers=given,
                                     once_safe=chosen.ask, discreet=discreet)
        except BaseException:
            if discreet:
                _leave_discreetly(chosen.choice, ask=False, plain=wants_plain(plain))
            raise
        asked = True

    from contactcheck.i18n import _

    if held and not result.outcome.emergency:
        raise held[0][0]
    for problem, warning in held:
        click.echo(problem.format(), err=True)
        click.echo(_(warning), err=True)
    unknown = unknown_questions(tree, given)
    if unknown and not result.outcome.emergency:
        raise AnswerError("; ".join(unknown))
    for message in unknown:  # names what was typed
        click.echo(terminal_safe(_("warning: {message}").format(message=message)), err=True)
    on_path = {step.question.id for step in result.trail}
    for question_id in sorted(set(given) - on_path - set(_unknown_ids(tree, given))):
        click.echo(_("warning: the answer to '{id}' was not needed on this path and was not "
                     "used").format(id=question_id), err=True)

    region_choice = chosen.choice
    if region_choice.unknown is not None and not result.outcome.emergency:
        # Only now: an unknown region never stands between a person in danger and the numbers.
        raise _unknown(region_choice.unknown)
    report = build_report(result, region_choice, policy, clinic, moment=moment,
                          practice=_practice_info(practice))
    report = _with_personal_data(report)
    _emit(report, output_format, explain, no_color, disclaimer=not asked, plain=plain)
    if asked and discreet:
        from contactcheck.output.console import wants_plain

        _leave_discreetly(region_choice, ask=True, plain=wants_plain(plain))
        return
    saved = False
    if output_path is not None:
        saved = _save_note(report, output_path, explain, ask=asked)
    if agenda_note is not None:
        _save_to_agenda(result, agenda_note)
    elif asked:
        saved = _offer_agenda(result) or saved
        if output_path is None and not result.outcome.emergency:
            # After an emergency result nothing more is asked: the person's next step is the call.
            saved = _offer_note(report, explain) or saved
        if not saved:
            click.echo(_("Nothing was saved."))


def _with_personal_data(report: Report) -> Report:
    """The safety plan after the crisis numbers (emergencies), or mentioned in the safety net."""
    from contactcheck.personal.in_check import with_safety_plan

    return with_safety_plan(report)


def _check_note(note: str | None) -> None:
    """Refuse an unusable --save-to-agenda note before anything is asked (exit 2)."""
    if note is None or not note.strip():
        return  # an empty note means: use the result's title
    from contactcheck.personal.agenda import check_text

    try:
        check_text(note)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--save-to-agenda'") from None


def _offer_agenda(result: Result) -> bool:
    """Interactive check: offer (Enter = no) to keep a wait/raise topic; whether it was kept."""
    from contactcheck.personal.in_check import offer_agenda_in_terminal

    return offer_agenda_in_terminal(result) is not None


def _offer_note(report: Report, explain: bool) -> bool:
    """Interactive check: offer (Enter = no) to save the result as a note; whether it was."""
    from contactcheck.output.markdown import result_markdown
    from contactcheck.output.options import RenderOptions
    from contactcheck.personal.in_check import offer_note_in_terminal

    markdown = result_markdown(report, RenderOptions(explain=explain))
    return offer_note_in_terminal(report.result, markdown) is not None


class OutputExists(ContactcheckError):
    """`--output FILE` names a file that exists, and there is no terminal to ask on."""

    exit_code = ExitCode.USAGE


def _check_output(path: Path | None, agenda_note: str | None, discreet: bool) -> None:
    """Refuse before anything is asked: `--output` with `--discreet`, or a file to replace
    with no terminal to ask on (exit 2)."""
    if path is None and agenda_note is None:
        return
    if discreet:
        flag = "--output" if path is not None else "--save-to-agenda"
        from contactcheck.i18n import _

        raise click.UsageError(_("{flag} saves something, and --discreet saves nothing: use "
                                 "one of them").format(flag=flag))
    if path is None or not (path.exists() or path.is_symlink()):
        return
    from contactcheck.errors import has_terminal

    if not has_terminal():
        from contactcheck.i18n import _

        raise OutputExists(_("{file} already exists and was not replaced; give another file "
                             "with --output, or remove it first").format(
            file=terminal_safe(str(path))))


def _save_note(report: Report, path: Path, explain: bool, *, ask: bool) -> bool:
    """`--output FILE`: the result as a Markdown note (0600); asks before replacing a file."""
    from contactcheck.i18n import _
    from contactcheck.output.markdown import result_markdown
    from contactcheck.output.options import RenderOptions
    from contactcheck.personal.in_check import NoteExists, confirm_in_terminal, write_note

    markdown = result_markdown(report, RenderOptions(explain=explain))
    shown = terminal_safe(str(path))
    try:
        write_note(path, markdown)
    except NoteExists:
        from contactcheck.errors import has_terminal

        if not has_terminal() or not confirm_in_terminal(
                _("{file} already exists. Replace it?").format(file=shown)):
            click.echo(_("Not saved: {file} already exists.").format(file=shown), err=True)
            return False
        write_note(path, markdown, replace=True)
    click.echo(_("Saved the result as a note in {file} (only you can read it).").format(
        file=shown), err=True)
    return True


SHARED_DEVICE_PLAIN = N_("On a shared device: nothing was saved, but this terminal cannot be "
                         "cleared; close this window when you are done.")
SHARED_DEVICE = N_("On a shared device: nothing was saved, and the screen has been cleared; "
                   "close this window too if others can see it.")


def _leave_discreetly(region: RegionChoice, *, ask: bool, plain: bool) -> None:
    """Discreet mode: clear the questions and result from screen and scrollback; the crisis
    line stays. Plain terminals cannot be cleared: the person is told to close the window."""
    import contextlib
    import sys

    from contactcheck.check.report import crisis_line_text
    from contactcheck.i18n import _

    if ask:
        with contextlib.suppress(click.Abort):  # Ctrl-C or Ctrl-D: clear all the same
            click.prompt(_("Press Enter to clear the screen and leave"), default="",
                         show_default=False, prompt_suffix=" ")
    if plain:
        click.echo(_(SHARED_DEVICE_PLAIN))
    else:
        sys.stdout.write("\x1b[H\x1b[2J\x1b[3J")
        sys.stdout.flush()
        if ask:
            click.echo(_(SHARED_DEVICE))
    if ask:
        click.echo(crisis_line_text(region))

def _save_to_agenda(result: Result, note: str) -> None:
    """Add the note after a wait/raise result; otherwise say why not (exit code unchanged)."""
    from contactcheck.i18n import _
    from contactcheck.personal.in_check import agenda_refusal, save_to_agenda

    refusal = agenda_refusal(result)
    if refusal is not None:
        click.echo(_("Not added to your agenda: {reason}.").format(reason=refusal), err=True)
        return
    item = save_to_agenda(result, note)
    assert item is not None
    click.echo(_("Added to your agenda as number {number}: {text}").format(
        number=item.id, text=item.text), err=True)


def _read_answers_file(given: str) -> dict[str, str]:
    """The answers in a file or stdin ('-'), read no further than the size cap.

    A file is opened as every named file is (`files.read_capped`): a FIFO never hangs,
    a device is refused, and one that cannot be read is exit 2 as for every command.
    """
    import sys

    from contactcheck.check.answers import read_answers
    from contactcheck.files import read_capped, read_capped_stream

    if given == "-":
        return read_answers(read_capped_stream(sys.stdin.buffer, "<stdin>", "answers file"),
                            "<stdin>")
    return read_answers(read_capped(given, given, "answers file"), given)


def _unknown_ids(tree: Tree, given: dict[str, str]) -> list[str]:
    return [question_id for question_id in given if question_id not in tree.questions]


class _Chosen:
    """The region a check uses; the interactive check may ask for it once the person is safe."""

    def __init__(self, choice: RegionChoice) -> None:
        self.choice = choice

    def ask(self, menu: Menu) -> None:
        """Past the danger screen: an unknown code is an error now; a guess is asked about."""
        if self.choice.unknown is not None:
            raise _unknown(self.choice.unknown)
        if self.choice.is_guess:
            from contactcheck.interactive.session import ask_country

            self.choice = ask_country(menu, self.choice)


def _unknown(code: str) -> ContactcheckError:
    from contactcheck.check.region_choice import UnknownRegion, unknown_message
    from contactcheck.i18n import _

    return UnknownRegion(unknown_message(code) + " "
                         + _("Use --region CC with one of them, or unset CONTACTCHECK_REGION."))


def _load_clinic_lines(path: Path | None) -> tuple[Line, ...]:
    """A clinic's own lines from `--resources FILE` (exit 3 with located problems)."""
    if path is None:
        return ()
    from contactcheck.check.regionfile import clinic_lines_from_file

    return clinic_lines_from_file(path)


def _moment(now_text: str | None, policy: Policy | None) -> Context:
    """The moment of the check (`--now`, else the computer's clock), the next session, and
    what they mean here."""
    import datetime as dt

    from contactcheck.check.clock import local_zone, parse_now
    from contactcheck.check.context import read_context

    zone = policy.zone if policy is not None and policy.zone is not None else local_zone()
    if now_text is None:
        now = dt.datetime.now(zone)
    else:
        try:
            now = parse_now(now_text, zone)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="'--now'") from None
    return read_context(now, policy, _next_session(now.astimezone(zone), policy),
                        now_given=now_text is not None)


def _next_session(now: datetime, policy: Policy | None) -> SessionTiming | None:
    """When the next session is; a stored date that cannot be read is only a warning."""
    from contactcheck.folders import SESSION_FILE, data_dir

    weekly = policy.weekly if policy is not None else None
    if weekly is None and not (data_dir() / SESSION_FILE).is_file():
        return None  # nothing to read: a routine check stays fast
    from contactcheck.check.clock import session_timing
    from contactcheck.personal import session
    try:
        stored = session.load()
    except ContactcheckError as error:
        from contactcheck.i18n import _

        click.echo(_("warning: {message}").format(message=error.message), err=True)
        stored = None
    at = session.next_session(stored, weekly, now)
    return session_timing(at, now) if at is not None else None


def _installed_practice(unusable: list[str]) -> Practice | None:
    """The installed practice file, or None; one that no longer loads is only a warning.

    Nothing here may stop the check before its danger screen: the bundled tree is used
    instead. Why it could not be used is added to `unusable` (`_warn_unusable_practice` says
    it, once the check's language is chosen); its located problems are said now.
    """
    from contactcheck.folders import PRACTICE_FILE, config_dir

    path = config_dir() / PRACTICE_FILE
    if not path.is_file():
        return None  # nothing installed: a routine check reads nothing more
    from contactcheck.personal.practice import load_practice

    try:
        return load_practice(path, installed=True)
    except InvalidFile as error:
        click.echo(error.format(), err=True)
        unusable.append("")
    except Exception as error:  # whatever it is, the check must go on before its danger screen
        unusable.append(terminal_safe(str(getattr(error, "message", error)))[:200])
    return None


def _warn_unusable_practice(unusable: list[str]) -> None:
    """The warning for an installed practice file that could not be used, if there is one."""
    if not unusable:
        return
    from contactcheck.i18n import _

    reason = unusable[0] or _("it no longer passes the checks")
    click.echo(_("warning: your installed practice file could not be used ({reason}), so the "
                 "bundled tree and none of its details are used; `contactcheck setup --show` "
                 "says more.").format(reason=reason), err=True)


def _practice_region(practice: Practice | None) -> PracticeRegion | None:
    """The installed practice file's region: chosen after --region, the variable and a saved one."""
    if practice is None or practice.region is None:
        return None
    from contactcheck.check.region_choice import PracticeRegion

    return PracticeRegion(practice.region, practice.name)


def _practice_info(practice: Practice | None) -> PracticeInfo | None:
    if practice is None:
        return None
    from contactcheck.check.report import PracticeInfo

    after_hours = practice.policy.details("after_hours") if practice.policy is not None else []
    return PracticeInfo(practice.name, practice.updated, practice.region, tuple(after_hours))


def _load_policy(path: Path | None, no_policy: bool,
                 practice: Practice | None = None) -> Policy | None:
    """The policy: the practice file's, with the person's own (--policy, else the saved one,
    warned if invalid) winning key by key."""
    if no_policy:
        return None
    own = _own_policy(path)
    base = practice.policy if practice is not None else None
    if base is None or own is None:
        return own or base
    from contactcheck.personal.policy import merge_policies

    return merge_policies(base, own)[0]


def _own_policy(path: Path | None) -> Policy | None:
    """The person's own profile: --policy (must be valid), else the saved one (warned)."""
    from contactcheck.folders import default_policy_path

    saved = default_policy_path() if path is None else None
    if saved is not None and not (saved.exists() or saved.is_symlink()):
        return None
    # Only with a profile to read: the profile reader imports the YAML layer.
    from contactcheck.personal.policy import load_policy

    if path is not None:
        return load_policy(path)
    assert saved is not None
    try:
        return load_policy(saved, own=True)
    except InvalidFile as error:  # a check never fails because of the saved profile
        from contactcheck.i18n import _

        click.echo(error.format(), err=True)
        if isinstance(error, UnreadableFile):
            warning = _("warning: your saved policy profile could not be read, so it was not "
                        "used; its questions will be asked instead (`contactcheck policy "
                        "show`).")
        else:
            warning = _("warning: your saved policy profile is invalid, so it was not used; "
                        "its questions will be asked instead (`contactcheck policy show`).")
        click.echo(warning, err=True)
        return None


def _emit(report: Report, output_format: str, explain: bool, no_color: bool, *,
          disclaimer: bool = True, plain: bool = False) -> None:
    from contactcheck.output.formats import emit
    from contactcheck.output.options import RenderOptions

    emit("result", output_format, report,
         RenderOptions(explain=explain, no_color=no_color, disclaimer=disclaimer, plain=plain))
