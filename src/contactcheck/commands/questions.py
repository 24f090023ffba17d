"""`contactcheck questions`: what a script needs to pass answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from contactcheck.commands.options import format_option, tree_option
from contactcheck.errors import terminal_safe
from contactcheck.output import jsondoc


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@tree_option
@format_option("text", "json")
def questions(tree_path: Path, output_format: str) -> None:
    """List a tree's questions (ids, values, where each leads) and its outcomes.

    Scripts and other front ends use this to know what to pass to
    `check --answer ID=VALUE`. `--format json` prints:

    \b
      {"tree": {"id", "title", "version", "start"},
       "questions": [{"id", "text", "help", "policy",
                      "choices": [{"value", "label", "next"}]}],
       "outcomes": [{"id", "decision", "emergency", "urgency", "title"}]}

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
    from contactcheck.tree.load import load_tree

    tree = load_tree(tree_path)
    if output_format == "json":
        click.echo(jsondoc.dumps(questions_json(tree), indent=2))
        return
    click.echo(terminal_safe(f"{tree.title} ({tree.id} {tree.version}); "
                             f"the first question is '{tree.start}'."))
    for question in tree.questions.values():
        click.echo("")
        policy = f"  [answered by policy fact '{question.policy}' when your profile says]" \
            if question.policy else ""
        click.echo(terminal_safe(f"{question.id}: {question.text}{policy}"))
        flags = [f"--answer {question.id}={choice.value}" for choice in question.choices]
        width = max(len(flag) for flag in flags)
        for flag, choice in zip(flags, question.choices, strict=True):
            also = f" (old value{'s' if len(choice.aliases) > 1 else ''} still accepted: " \
                f"{', '.join(choice.aliases)})" if choice.aliases else ""
            click.echo(terminal_safe(f"  {flag:<{width}}  {choice.label} -> {choice.next}{also}"))
    click.echo("")
    click.echo("Outcomes:")
    for outcome in tree.outcomes.values():
        marker = f" ({outcome.urgency.value})" if outcome.numbers_first else ""
        click.echo(terminal_safe(f"  {outcome.id}: {outcome.decision.value}{marker} — "
                                 f"{outcome.title}"))


def questions_json(tree: Any) -> dict[str, Any]:
    """The documented JSON shape of `questions --format json`."""
    return {
        "tree": {"id": tree.id, "title": tree.title, "version": tree.version,
                 "start": tree.start},
        "questions": [
            {"id": q.id, "text": q.text, "help": q.help, "policy": q.policy,
             "choices": [{"value": c.value, "label": c.label, "next": c.next}
                         for c in q.choices]}
            for q in tree.questions.values()
        ],
        "outcomes": [
            {"id": o.id, "decision": o.decision.value, "emergency": o.emergency,
             "urgency": o.urgency.value, "title": o.title}
            for o in tree.outcomes.values()
        ],
    }
