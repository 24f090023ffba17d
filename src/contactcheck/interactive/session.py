"""The interactive self-check: a person at a terminal answers the tree's questions.

Flow (the caller has checked `has_terminal()`: without one, `check` exits 2
and never guesses an answer): one intro line with the crisis line; the
questions, with Back; a review where any answer can be changed; then the
caller renders the result. An emergency answer skips the review: the result
comes straight away. Plain numbered prompts are used for `--plain`,
`ACCESSIBLE=1`, `TERM=dumb`, and whenever the arrow-key prompts cannot start.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import Final

from contactcheck.check.engine import _Back, walk
from contactcheck.check.region_choice import RegionChoice, country_name, save_region
from contactcheck.check.report import choose_lines
from contactcheck.check.resources import fallback, regions
from contactcheck.i18n import N_, _
from contactcheck.interactive.prompts import (
    Menu,
    MenuSource,
    Option,
    PlainMenu,
    QuestionaryMenu,
    TerminalMenu,
)
from contactcheck.interactive.terminal import Terminal
from contactcheck.output.console import wants_plain
from contactcheck.textsafe import keep_numbers_whole
from contactcheck.tree.model import Result, Tree

INTRO: Final = N_("A suggestion, not advice or a diagnosis; your answers are not saved unless "
                  "you choose.")

DISCREET_HINT: Final = N_("On a shared computer? Press Esc to stop, then run "
                        "`contactcheck --discreet`: nothing is saved or offered, and the screen "
                        "is cleared when you leave.")
"""Added to the danger screen's help (not in discreet mode)."""

SHOW: Final = "show"
CHANGE: Final = "change"


def terminal_menu(terminal: Terminal, *, plain: bool) -> Menu:
    """The menu for a real terminal: plain prompts, or arrow keys with a plain fallback."""
    plain_menu = PlainMenu(terminal, sys.stdin)
    if plain:
        return plain_menu
    return TerminalMenu(QuestionaryMenu(terminal, color=terminal.color), plain_menu)


def run_interactive(tree: Tree, *, terminal: Terminal, crisis_line: str,
                    facts: Mapping[str, str] | None = None,
                    clock: Mapping[str, str] | None = None, plain: bool = False,
                    menu: Menu | None = None, answers: Mapping[str, str] | None = None,
                    once_safe: Callable[[Menu], None] | None = None,
                    discreet: bool = False) -> Result:
    """Walk `tree` with a person at the terminal; return the result to render.

    `crisis_line` is one line naming the region's crisis line and emergency
    number, shown before the first question. `once_safe(menu)` is called once,
    when the person has passed the whole danger screen (`ask_country`). Call
    only when `has_terminal()`
    (or with a `menu`). Raises `Interrupted` when the person stops. Unless
    `discreet`, the danger screen's help says how to use the check discreetly.
    """
    if menu is None:
        menu = terminal_menu(terminal, plain=wants_plain(plain))

    # One short paragraph; a phone number never breaks across lines.
    for line in keep_numbers_whole(f"{_(INTRO)} {crisis_line}", terminal.width):
        menu.tell(line)
    notes = {} if discreet else {tree.start: _(DISCREET_HINT)}
    result = walk_with_review(tree, menu, facts, answers, clock=clock, once_safe=once_safe,
                              width=terminal.width, notes=notes)
    # The result starts at the top of a clear screen: the questions above it would push its
    # decision off the top (plain prompts never redraw; they print a blank line).
    menu.clear()
    return result


def walk_with_review(tree: Tree, menu: Menu, facts: Mapping[str, str] | None = None,
                     answers: Mapping[str, str] | None = None, *,
                     clock: Mapping[str, str] | None = None,
                     once_safe: Callable[[Menu], None] | None = None, width: int = 80,
                     notes: Mapping[str, str] | None = None) -> Result:
    """Ask the questions, then let the person review and change answers before the result.

    `answers` given up front (flags) are used, not asked; the rest are asked. A
    question asked again (Back, or changed in the review) starts on its earlier answer.
    """
    source = MenuSource(tree, menu, answers, notes, once_safe=once_safe)
    # Answers given now (flags, or a stored fact the person changed in the review) win over
    # the stored facts.
    explicit = set(answers or ())
    while True:
        result = walk(tree, source, facts, clock=clock, explicit=explicit)
        # Only what the person answered on this path is kept (a changed answer can change the path).
        source.answers = {step.question.id: step.choice.value
                          for step in result.trail if step.origin == "person"}
        if result.outcome.emergency:
            return result  # no review, no more questions: the emergency result now
        change = review(result, menu, width=width)
        if change is None:
            return result
        explicit.add(change)
        source.forget(change)


def one_line(text: str, width: int) -> str:
    """`text` cut to one line of `width` columns, ending in "..." when cut."""
    return text if len(text) <= width else text[:max(1, width - 3)].rstrip() + "..."


def review(result: Result, menu: Menu, *, width: int = 80) -> str | None:
    """Show the answers; None to see the result, or the id of a question to answer again.

    The questions are cleared first, so each answer is shown once: one line each, the
    answer first, then the question it answered.
    """
    asked = [step for step in result.trail if step.origin == "person"]
    if not asked:
        return None
    while True:
        menu.clear()
        menu.tell(_("Your answers:"))
        for number, step in enumerate(result.trail, start=1):
            if step.origin == "person":
                said = step.choice.label
            else:  # the profile says yes or no: a label like "No, or I'm not sure" would be wrong
                said = _(STORED[step.origin == "policy", step.choice.value == "yes"])
            menu.tell(one_line(_("{number}. {answer} ({question})").format(
                number=number, answer=said, question=step.question.text), width))
        picked = menu.choose(_("Ready for the suggestion?"),
                             [Option(SHOW, _("Show the suggestion")),
                              Option(CHANGE, _("Change an answer"))],
                             help=_("Check your answers above. Choose 'Change an answer' to "
                                    "answer any question again; the others are kept."),
                             back=True)
        if isinstance(picked, _Back):
            return asked[-1].question.id
        if picked == SHOW:
            return None
        which = menu.choose(_("Which answer do you want to change?"),
                            # A stored fact's answer can be changed too: the person's wins.
                            [Option(step.question.id, step.question.text)
                             for step in result.trail],
                            back=True, back_label=_("Back (to your answers)"))
        if not isinstance(which, _Back):
            return which


STORED: Final = {
    (True, True): N_("Yes, from your therapist's policy"),
    (True, False): N_("No, from your therapist's policy"),
    (False, True): N_("Yes, from your therapist's hours, at this time"),
    (False, False): N_("No, from your therapist's hours, at this time"),
}
"""A stored fact's answer in the review, by (from the policy, not the clock; yes)."""

KEEP: Final = "<keep>"
ELSEWHERE: Final = "<elsewhere>"
SAVE: Final = "save"
NOT_SAVED: Final = "no"


def ask_country(menu: Menu, choice: RegionChoice) -> RegionChoice:
    """Ask once which country the numbers are for, with the guessed ones on screen; offer to save.

    Only for a guessed region (the system's language settings, or the fallback), and only
    once the person has said they are safe right now. Saved only if they say yes.
    """

    menu.tell("")
    menu.tell(choice.heading)
    for row in choose_lines(choice):
        menu.tell(f"  {row.text}")
    options = []
    if not choice.region.is_fallback:
        options.append(Option(KEEP, _("Keep {country}").format(
            country=country_name(choice.region))))
    known = sorted((region for region in regions().values()
                    if not region.is_fallback and region.code != choice.region.code),
                   key=lambda region: region.name)
    options += [Option(region.code, region.name) for region in known]
    options.append(Option(ELSEWHERE, _("Somewhere else (keep the numbers that work in many "
                                       "countries)") if choice.region.is_fallback else
                                     _("Somewhere else (numbers that work in many countries)")))
    picked = menu.choose(_("Which country are you in? It sets the numbers in your result."),
                         options, help=_("These numbers were guessed. Pick your country so "
                                         "the result shows its emergency number and crisis "
                                         "lines. EU countries without their own entry are "
                                         "under '{rest}'.").format(rest=_rest_of_eu()))
    if picked == KEEP or (picked == ELSEWHERE and choice.region.is_fallback):
        return choice

    chosen = RegionChoice(fallback() if picked == ELSEWHERE else regions()[str(picked)],
                          "asked")
    if picked == ELSEWHERE:
        return chosen
    save = menu.choose(_("Remember {country} for next time? It is saved only on this "
                         "computer; `contactcheck forget` deletes it.").format(
                             country=country_name(chosen.region)),
                       [Option(NOT_SAVED, _("No, just this time")),
                        Option(SAVE, _("Yes, remember it"))])
    if save == SAVE:
        path = save_region(chosen.region.code)
        menu.tell(_("Saved ({path}); `contactcheck region show` shows it.").format(path=path))
        return RegionChoice(chosen.region, "saved")
    return chosen


def _rest_of_eu() -> str:
    """The name the country list gives the EU countries without their own entry."""
    rest = regions().get("EU")
    return rest.name if rest is not None else "EU"
