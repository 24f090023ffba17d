"""`contactcheck questions`: what a script needs to pass answers."""

from __future__ import annotations

from pathlib import Path

import click

from contactcheck.commands.group import Command
from contactcheck.commands.options import format_option, lang_option, tree_option
from contactcheck.output.formats import emit


@click.command(cls=Command, context_settings={"help_option_names": ["-h", "--help"]})
@tree_option
@format_option("text", "json")
@lang_option
def questions(tree_path: Path, output_format: str, lang: str | None) -> None:
    """List a tree's questions (ids, values, where each leads) and its outcomes.

    Scripts and other front ends use this to know what to pass to
    `check --answer ID=VALUE`. `--format json` prints:

    \b
      {"tree": {"id", "title", "version", "start", "lang"},
       "questions": [{"id", "text", "help", "policy",
                      "choices": [{"value", "label", "next"}]}],
       "outcomes": [{"id", "decision", "emergency", "urgency", "title"}]}

    The texts (titles, questions, help, labels) are in the language chosen
    as for `check` (--lang, CONTACTCHECK_LANG, the locale), when the tree has
    it; `lang` says which. Ids, values and decisions never change.
    `policy` names the policy fact that can answer a question (or null);
    `decision` is contact_now, wait_for_session or raise_in_session.

    A result of `check --format json` has the keys schema_version,
    decision, urgency, outcome {id, title, emergency, urgency}, headline,
    why [{text, source}], do, draft, policy, policy_note, safety_net,
    resources {region {code, name}, chosen, how, guess, unknown, heading,
    notes, lines [{text, group, from, region, kind, name, how, hours, ...}]},
    trail [{question, answer, from_policy, from_clock}], context, the
    moment's keys (next_session, days_until_session, and with --now: now,
    clock, clock_facts), tree {id, version} and disclaimer; with
    --explain, explain (emergency and urgent results put
    resources right after outcome). Follow outcome.emergency and decision,
    never the order of keys; new keys can appear at any time.
    """
    from contactcheck.commands.options import load_in_chosen_language

    # The tree's texts in the chosen language, as `check` shows them; ids and values as typed.
    emit("questions", output_format, load_in_chosen_language(tree_path, lang))
