"""The person's own data as pages to read: plain text for the terminal, Markdown to bring.

Pure string building (no rich): `render.py` and the commands both use these.
Text the person wrote is escaped in Markdown, so a `*` or `#` in a note stays
a character and cannot change the page.
"""

from __future__ import annotations

from datetime import datetime

from contactcheck.check.clock import long_date
from contactcheck.i18n import _, ngettext
from contactcheck.output.markdown import escape_markdown
from contactcheck.output.options import RenderOptions
from contactcheck.personal.agenda import Agenda, Item
from contactcheck.personal.safetyplan import SafetyPlan


def added_date(item: Item) -> str:
    """The day an item was added, like `3 May 2025` (the stored value if it is not a date)."""
    try:
        when = datetime.fromisoformat(item.added)
    except ValueError:
        return item.added
    return long_date(when)


# -- the agenda -------------------------------------------------------------------


def agenda_text(agenda: Agenda) -> str:
    """The agenda for the terminal: open items first, then the ones already talked about."""
    if not agenda.items:
        return _('Your session agenda is empty. Add a topic with: contactcheck agenda add "..."')
    open_items = agenda.open_items
    done = [item for item in agenda.items if item.done]
    lines = [_("To bring up in your next session ({count}):").format(count=len(open_items))
             if open_items else _("Everything on your agenda has been talked about.")]
    lines += [f"  {item.id:>3}. " + _("{text}  (added {date})").format(
        text=item.text, date=added_date(item)) for item in open_items]
    if done:
        lines += ["", _("Already talked about ({count}):").format(count=len(done))]
        lines += [f"  {item.id:>3}. " + _("[done] {text}").format(text=item.text)
                  for item in done]
    return "\n".join(lines)


def agenda_markdown(agenda: Agenda, today: str | None = None) -> str:
    """A page to bring to the session, or read out: the open items as a numbered list."""
    today = today or long_date(datetime.now())
    open_items = agenda.open_items
    lines = ["# " + _("For my next session"), "",
             "_" + _("Written {date}.").format(date=today) + "_", ""]
    if open_items:
        lines += [ngettext("{count} thing I want to bring up:",
                           "{count} things I want to bring up:", len(open_items))
                  .format(count=len(open_items)), ""]
        lines += [f"{number}. {escape_markdown(item.text)}"
                  for number, item in enumerate(open_items, 1)]
    else:
        lines += [_("Nothing new to bring up this time.")]
    done = [item for item in agenda.items if item.done]
    if done:
        lines += ["", "## " + _("Already talked about"), ""]
        lines += [f"- {escape_markdown(item.text)}" for item in done]
    return "\n".join(lines) + "\n"


# -- the safety plan ----------------------------------------------------------------


def plan_text(plan: SafetyPlan) -> str:
    """The filled steps of the plan for the terminal, numbered as in the plan."""
    if plan.empty:
        return _("You have no safety plan yet. Start one with `contactcheck safety-plan edit`, "
                 "or add to a step with `contactcheck safety-plan add STEP TEXT`.")
    lines = [_("Your safety plan")]
    for _step, info, items in plan.filled():
        lines += ["", f"{info.number}. {_(info.title)}"]
        lines += [f"   - {item}" for item in items]
    return "\n".join(lines)


def plan_markdown(plan: SafetyPlan, heading: str = "#") -> str:
    """The filled steps of the plan as Markdown; `heading` is the level of its title."""
    lines = [f"{heading} " + _("My safety plan"), ""]
    if plan.empty:
        return "\n".join([*lines, _("No safety plan has been written yet."), ""])
    for _step, info, items in plan.filled():
        lines += [f"{heading}# {info.number}. {_(info.title)}", ""]
        lines += [f"- {escape_markdown(item)}" for item in items]
        lines.append("")
    return "\n".join(lines)


def agenda_text_page(agenda: Agenda, options: RenderOptions) -> str:
    """`agenda list` as text (the registry's signature)."""
    return agenda_text(agenda) + "\n"


def agenda_markdown_page(agenda: Agenda, options: RenderOptions) -> str:
    """`agenda list --format markdown` (the registry's signature)."""
    return agenda_markdown(agenda)


def plan_text_page(plan: SafetyPlan, options: RenderOptions) -> str:
    """`safety-plan show` as text (the registry's signature)."""
    return plan_text(plan) + "\n"


def plan_markdown_page(plan: SafetyPlan, options: RenderOptions) -> str:
    """`safety-plan show --format markdown` (the registry's signature)."""
    return plan_markdown(plan)
