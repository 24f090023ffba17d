"""A tree as a diagram: Mermaid (GitHub renders it) or Graphviz DOT. Pure text.

Questions are boxes, choices label the edges, outcomes are styled by their
decision, and emergency outcomes get their own shape and the word EMERGENCY
(never colour alone). Every label is tree text, which is untrusted: it is
escaped so no quote, bracket, `#`, `%`, pipe or HTML-ish character can end a
label early, start a comment, or inject markup.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator

from contactcheck.i18n import _
from contactcheck.output.options import RenderOptions
from contactcheck.tree.model import Decision, Outcome, Question, Tree

# Colours are a help, not the message: the decision is always written in the label too.
_FILL = {
    Decision.CONTACT_NOW: ("#fff3e0", "#e65100"),
    Decision.WAIT_FOR_SESSION: ("#e3f2fd", "#1565c0"),
    Decision.RAISE_IN_SESSION: ("#e8f5e9", "#2e7d32"),
}
_EMERGENCY_FILL = ("#b71c1c", "#000000")
_QUESTION_FILL = ("#ffffff", "#424242")
_POLICY_FILL = ("#f3e5f5", "#6a1b9a")


def render_graph(tree: Tree, output_format: str) -> str:
    """The tree as `mermaid` or `dot` text (ends with a newline)."""
    return "\n".join(_WRITERS[output_format](tree)) + "\n"


def graph_mermaid(tree: Tree, options: RenderOptions) -> str:
    """The registry's renderer (output/formats.py) for `graph --format mermaid`."""
    return render_graph(tree, "mermaid")


def graph_dot(tree: Tree, options: RenderOptions) -> str:
    """The registry's renderer (output/formats.py) for `graph --format dot`."""
    return render_graph(tree, "dot")


def outcome_caption(outcome: Outcome) -> str:
    """The first line of an outcome's label: its decision, and EMERGENCY when it is one."""
    if outcome.emergency:
        return _("EMERGENCY: {decision}").format(decision=outcome.decision.words)
    return outcome.decision.words


def question_caption(question: Question) -> str | None:
    """A second line for a policy question, or None."""
    if question.policy is None:
        return None
    return _("(policy fact: {fact})").format(fact=question.policy)


# -- Mermaid ---------------------------------------------------------------

# Mermaid decodes `#NN;` (decimal) inside labels; these characters could otherwise end a
# quoted label, start a comment or an entity, or be read as HTML or markdown.
_MERMAID_ESCAPES = {ch: f"#{ord(ch)};" for ch in '"#%&<>|`[]{}\\'}


def mermaid_text(text: str) -> str:
    """Tree text as the inside of a quoted Mermaid label (newlines become `<br>`)."""
    lines = " ".join(text.split("\t")).split("\n")
    return "<br>".join("".join(_MERMAID_ESCAPES.get(ch, ch) for ch in line) for line in lines)


def mermaid_id(node_id: str) -> str:
    """A node id Mermaid cannot mistake for a keyword (`end`) or an edge (`o`, `x`)."""
    return f"n_{node_id}"


def _mermaid(tree: Tree) -> Iterator[str]:
    yield "flowchart TD"
    for question in tree.questions.values():
        label = mermaid_text(question.text)
        caption = question_caption(question)
        if caption:
            label += "<br>" + mermaid_text(caption)
        yield f'  {mermaid_id(question.id)}["{label}"]'
    for outcome in tree.outcomes.values():
        label = f"{mermaid_text(outcome_caption(outcome))}<br>{mermaid_text(outcome.title)}"
        # An emergency is a hexagon, every other outcome a stadium: the shape says it too.
        opening, closing = ("{{", "}}") if outcome.emergency else ("([", "])")
        yield f'  {mermaid_id(outcome.id)}{opening}"{label}"{closing}'
    for question in tree.questions.values():
        for choice in question.choices:
            yield (f'  {mermaid_id(question.id)} -->|"{mermaid_text(choice.label)}"| '
                   f"{mermaid_id(choice.next)}")
    classes: dict[str, list[str]] = {}
    for question in tree.questions.values():
        name = "policy_question" if question.policy else "question"
        classes.setdefault(name, []).append(mermaid_id(question.id))
    for outcome in tree.outcomes.values():
        name = "emergency" if outcome.emergency else outcome.decision.value
        classes.setdefault(name, []).append(mermaid_id(outcome.id))
    styles = {
        "question": f"fill:{_QUESTION_FILL[0]},stroke:{_QUESTION_FILL[1]},color:#000000",
        "policy_question": (f"fill:{_POLICY_FILL[0]},stroke:{_POLICY_FILL[1]},color:#000000,"
                            "stroke-dasharray:5 3"),
        **{decision.value: f"fill:{fill},stroke:{stroke},color:#000000"
           for decision, (fill, stroke) in _FILL.items()},
        "emergency": (f"fill:{_EMERGENCY_FILL[0]},stroke:{_EMERGENCY_FILL[1]},color:#ffffff,"
                      "stroke-width:4px"),
    }
    for name, style in styles.items():
        yield f"  classDef {name} {style}"
    for name in styles:
        if name in classes:
            yield f"  class {','.join(classes[name])} {name}"


# -- Graphviz DOT ----------------------------------------------------------

_WRAP = 32


def dot_text(text: str, *, wrap: int = _WRAP) -> str:
    """Tree text as the inside of a quoted DOT string, wrapped into short lines.

    Backslashes and quotes are escaped, so no `\\N`, `\\G` or `\\l` from the tree is
    interpreted and no quote ends the string; `<` needs nothing inside quotes.
    """
    lines: list[str] = []
    for paragraph in text.replace("\t", " ").split("\n"):
        lines.extend(textwrap.wrap(paragraph, wrap, break_long_words=False,
                                   break_on_hyphens=False) or [""])
    escaped = (line.replace("\\", "\\\\").replace('"', '\\"') for line in lines)
    return "\\n".join(escaped)


def _dot_attributes(**attributes: str) -> str:
    return ", ".join(f'{key}="{value}"' for key, value in attributes.items())


def _dot(tree: Tree) -> Iterator[str]:
    yield f'digraph "{dot_text(tree.id)}" {{'
    yield '  graph [rankdir="TB", fontname="Helvetica"];'
    yield '  node [fontname="Helvetica", style="filled"];'
    yield '  edge [fontname="Helvetica", fontsize="10"];'
    for question in tree.questions.values():
        label = dot_text(question.text)
        caption = question_caption(question)
        fill, stroke = _QUESTION_FILL
        style = "filled"
        if caption:
            label += "\\n" + dot_text(caption)
            fill, stroke = _POLICY_FILL
            style = "filled,dashed"
        attributes = _dot_attributes(shape="box", style=style, fillcolor=fill, color=stroke,
                                     label=label)
        yield f'  "{question.id}" [{attributes}];'
    for outcome in tree.outcomes.values():
        label = dot_text(outcome_caption(outcome)) + "\\n" + dot_text(outcome.title)
        if outcome.emergency:
            fill, stroke = _EMERGENCY_FILL
            attributes = _dot_attributes(shape="doubleoctagon", style="filled,bold",
                                         fillcolor=fill, color=stroke, fontcolor="#ffffff",
                                         penwidth="3", label=label)
        else:
            fill, stroke = _FILL[outcome.decision]
            attributes = _dot_attributes(shape="box", style="filled,rounded", fillcolor=fill,
                                         color=stroke, label=label)
        yield f'  "{outcome.id}" [{attributes}];'
    for question in tree.questions.values():
        for choice in question.choices:
            label = dot_text(choice.label, wrap=24)
            yield f'  "{question.id}" -> "{choice.next}" [label="{label}"];'
    yield "}"


_WRITERS: dict[str, Callable[[Tree], Iterator[str]]] = {"mermaid": _mermaid, "dot": _dot}
