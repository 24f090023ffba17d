"""The danger screen's categories, by tag, so a practice's own tree can be held to the bundled one.

A tree's danger screen is its start question and, stage by stage, the question its one untagged
"none of these" choice leads to, for as long as each stage has tagged choices. Each tag on a
screen choice is a danger category; a category whose choice leads straight to an emergency
outcome must do so in any tree that replaces the bundled one. Checked by tags, never wording.
"""

from __future__ import annotations

from contactcheck.i18n import _
from contactcheck.tree.model import Question, Tree


def screen_categories(tree: Tree) -> dict[str, bool]:
    """Tag -> whether a screen choice with that tag leads straight to an emergency outcome."""
    found: dict[str, bool] = {}
    question: Question | None = tree.start_question
    seen: set[str] = set()
    while question is not None and question.id not in seen:
        seen.add(question.id)
        tagged = [choice for choice in question.choices if choice.tags]
        if not tagged:
            break
        for choice in tagged:
            outcome = tree.outcomes.get(choice.next)
            emergency = outcome is not None and outcome.emergency
            for tag in choice.tags:
                found[tag] = found.get(tag, False) or emergency
        onward = [choice for choice in question.choices
                  if not choice.tags and choice.next in tree.questions]
        question = tree.questions[onward[0].next] if len(onward) == 1 else None
    return found


def after_screen(tree: Tree) -> str | None:
    """The first question after the whole danger screen, or None if the screen has no tags.

    Reaching it means the person answered "none of these" at every stage: they said they are
    safe right now. Only there may the interactive check ask something that is not about
    danger (the country of the numbers); never between a danger answer and its result.
    """
    question: Question | None = tree.start_question
    seen: set[str] = set()
    screened = False
    while question is not None and question.id not in seen:
        seen.add(question.id)
        if not any(choice.tags for choice in question.choices):
            return question.id if screened else None
        screened = True
        onward = [choice for choice in question.choices
                  if not choice.tags and choice.next in tree.questions]
        question = tree.questions[onward[0].next] if len(onward) == 1 else None
    return None


def screen_gaps(tree: Tree, bundled: Tree) -> list[str]:
    """What `tree`'s danger screen lacks compared with `bundled`'s, one message each."""
    wanted = screen_categories(bundled)
    if not wanted:  # a bundled tree without tags could hold nothing to account: refuse
        return [_("the bundled danger screen has no tagged categories to check against, so "
                  "only the bundled tree can be used")]
    have = screen_categories(tree)
    gaps = []
    for tag, emergency in wanted.items():
        if tag not in have:
            gaps.append(_("its danger screen has no choice tagged '{tag}' (the bundled "
                          "screen asks about it first)").format(tag=tag))
        elif emergency and not have[tag]:
            gaps.append(_("its danger choice tagged '{tag}' must lead straight to an outcome "
                          "with emergency: true, as the bundled one does").format(tag=tag))
    return gaps
