"""The person's own data as pages to read: plain text for the terminal, Markdown to bring.

Pure string building (no rich): `render.py` and the commands both use these.
Text the person wrote is escaped in Markdown, so a `*` or `#` in a note stays
a character and cannot change the page.
"""

from __future__ import annotations

from datetime import datetime

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
    return f"{when.day} {when:%B %Y}"


# -- the agenda -------------------------------------------------------------------


def agenda_text(agenda: Agenda) -> str:
    """The agenda for the terminal: open items first, then the ones already talked about."""
    if not agenda.items:
        return ('Your session agenda is empty. Add a topic with: contactcheck agenda add "..."')
    open_items = agenda.open_items
    done = [item for item in agenda.items if item.done]
    lines = [f"To bring up in your next session ({len(open_items)}):" if open_items
             else "Everything on your agenda has been talked about."]
    lines += [f"  {item.id:>3}. {item.text}  (added {added_date(item)})" for item in open_items]
    if done:
        lines += ["", f"Already talked about ({len(done)}):"]
        lines += [f"  {item.id:>3}. [done] {item.text}" for item in done]
    return "\n".join(lines)


def agenda_markdown(agenda: Agenda, today: str | None = None) -> str:
    """A page to bring to the session, or read out: the open items as a numbered list."""
    today = today or f"{datetime.now().day} {datetime.now():%B %Y}"
    open_items = agenda.open_items
    lines = ["# For my next session", "", f"_Written {today}._", ""]
    if open_items:
        noun = "thing" if len(open_items) == 1 else "things"
        lines += [f"{len(open_items)} {noun} I want to bring up:", ""]
        lines += [f"{number}. {escape_markdown(item.text)}"
                  for number, item in enumerate(open_items, 1)]
    else:
        lines += ["Nothing new to bring up this time."]
    done = [item for item in agenda.items if item.done]
    if done:
        lines += ["", "## Already talked about", ""]
        lines += [f"- {escape_markdown(item.text)}" for item in done]
    return "\n".join(lines) + "\n"


# -- the safety plan ----------------------------------------------------------------


def plan_text(plan: SafetyPlan) -> str:
    """The filled steps of the plan for the terminal, numbered as in the plan."""
    if plan.empty:
        return ("You have no safety plan yet. Start one with `contactcheck safety-plan edit`, "
                "or add to a step with `contactcheck safety-plan add STEP TEXT`.")
    lines = ["Your safety plan"]
    for _, info, items in plan.filled():
        lines += ["", f"{info.number}. {info.title}"]
        lines += [f"   - {item}" for item in items]
    return "\n".join(lines)


def plan_markdown(plan: SafetyPlan, heading: str = "#") -> str:
    """The filled steps of the plan as Markdown; `heading` is the level of its title."""
    lines = [f"{heading} My safety plan", ""]
    if plan.empty:
        return "\n".join([*lines, "No safety plan has been written yet.", ""])
    for _, info, items in plan.filled():
        lines += [f"{heading}# {info.number}. {info.title}", ""]
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
