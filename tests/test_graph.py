"""`contactcheck graph`: every node and choice drawn, emergencies unmistakable, labels safe."""

from __future__ import annotations

import html
import re

import pytest

from contactcheck.authoring.graph import dot_text, mermaid_text, render_graph
from contactcheck.tree.load import load_tree
from tests.helpers import MINIMAL_TREE

HOSTILE = [
    'He said "stop"',
    "end",
    "a] --> n_x[pwned",
    "{{hexagon}} (round) [box] ((circle))",
    "Call #112 now; 50% off #quot; &amp;",
    "<script>alert(1)</script> <b>bold</b> <br>",
    "pipe | pipe | `code`",
    "%% not a comment %%{init: {}}%%",
    "back\\slash \\n \\N \\G \\l",
    "it's — naïve — 日本語",
]


def hostile_tree(label: str) -> str:
    """MINIMAL_TREE with `label` as a choice label, a question text and an outcome title."""
    quoted = '"' + label.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return (MINIMAL_TREE
            .replace('label: "No", next: topic', f"label: {quoted}, next: topic")
            .replace('text: "Does your therapist allow messages between sessions?"',
                     f"text: {quoted}")
            .replace('title: "Wait for the session"', f"title: {quoted}"))


def mermaid_labels(text: str) -> list[str]:
    """Every quoted label in Mermaid output, decoded as Mermaid would (`#NN;`, `<br>`)."""
    raw = re.findall(r'"([^"]*)"', text)
    return [html.unescape(re.sub(r"#(\d+);", r"&#\1;", label.replace("<br>", "\n")))
            for label in raw]


def dot_labels(text: str) -> list[str]:
    """Every quoted string in DOT output, unescaped."""
    raw = re.findall(r'"((?:[^"\\]|\\.)*)"', text)
    return [re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), label)
            for label in raw]


@pytest.mark.parametrize("label", HOSTILE)
def test_mermaid_labels_survive_hostile_text(write_tree, label):
    tree = load_tree(write_tree(hostile_tree(label)))
    text = render_graph(tree, "mermaid")
    # No label can end early: every line outside the labels is our own syntax.
    for line in text.splitlines()[1:]:
        outside = re.sub(r'"[^"]*"', '""', line)
        assert re.fullmatch(
            r'  (n_\w+(\[""\]|\{\{""\}\}|\(\[""\]\))'
            r'|n_\w+ -->\|""\| n_\w+'
            r'|classDef \w+ [\w:#,\- ]+'
            r'|class [\w,]+ \w+)', outside), line
    for inner in re.findall(r'"([^"]*)"', text):
        assert not set(inner.replace("<br>", "")) & set("%&<>|`[]{}\\")
        assert not re.search(r"#(?!\d+;)", inner)  # every # starts an entity code we wrote
    labels = mermaid_labels(text)
    assert labels.count(label) == 1  # the choice label
    assert f"{label}\n(policy fact: between_sessions)" in labels  # the question text
    assert f"Wait for the session\n{label}" in labels  # the outcome title


@pytest.mark.parametrize("label", HOSTILE)
def test_dot_labels_survive_hostile_text(write_tree, label):
    tree = load_tree(write_tree(hostile_tree(label)))
    text = render_graph(tree, "dot")
    unwrapped = [" ".join(found.split("\n")) for found in dot_labels(text)]
    assert " ".join(label.split()) in " ".join(unwrapped)
    for line in text.splitlines()[4:-1]:
        outside = re.sub(r'"(?:[^"\\]|\\.)*"', '""', line)
        assert re.fullmatch(r'  ""( -> "")? \[(\w+=""(, )?)+\];', outside), line


def test_every_node_and_choice_is_drawn_and_emergencies_stand_out(write_tree):
    tree = load_tree(write_tree(MINIMAL_TREE))
    text = render_graph(tree, "mermaid")
    assert text.startswith("flowchart TD\n")
    assert '  n_emergency{{"EMERGENCY: Contact now<br>Get help now"}}' in text
    assert '  n_wait(["Wait for the session<br>Wait for the session"])' in text
    assert '  n_danger -->|"Yes, someone is in danger"| n_emergency' in text
    assert text.count(" -->|") == 4
    assert "  class n_emergency emergency" in text
    assert "  class n_wait wait_for_session" in text
    assert "  class n_raise raise_in_session" in text
    assert "  class n_topic policy_question" in text
    assert text.count("EMERGENCY") == 1  # only the emergency outcome says it


def test_dot_draws_emergencies_with_their_own_shape(write_tree):
    tree = load_tree(write_tree(MINIMAL_TREE))
    text = render_graph(tree, "dot")
    emergency = next(line for line in text.splitlines() if line.startswith('  "emergency" ['))
    assert 'shape="doubleoctagon"' in emergency
    assert 'label="EMERGENCY: Contact now\\nGet help now"' in emergency
    assert text.count(" -> ") == 4


@pytest.mark.parametrize(("raw", "escaped"), [
    ('say "hi"', "say #34;hi#34;"),
    ("#1", "#35;1"),
    ("a\nb", "a<br>b"),
    ("<b>", "#60;b#62;"),
])
def test_mermaid_escapes(raw, escaped):
    assert mermaid_text(raw) == escaped


def test_dot_escapes_quotes_and_backslashes():
    assert dot_text('a "b" \\N', wrap=80) == 'a \\"b\\" \\\\N'


def test_graph_command_formats(invoke):
    mermaid = invoke("graph")
    assert mermaid.exit_code == 0
    assert mermaid.stdout.startswith("flowchart TD\n")
    dot = invoke("graph", "--format", "dot")
    assert dot.stdout.startswith('digraph "default" {')
    assert invoke("graph", "--format", "svg").exit_code == 2
