"""Write a synthetic, valid contactcheck tree of any size (for the benchmark).

    python benchmarks/gen_tree.py --nodes 10000 -o /tmp/tree-10k.yaml

The tree is a ternary tree of questions with outcomes as leaves, so every node
is reachable and there are no cycles; each question also has a choice that
leads to one shared outcome (a DAG, like real trees), and the start question
screens for danger first, as the loader requires. Texts are of realistic
length and varied, so the YAML reader sees what it sees in real trees. The
output is deterministic for a given size (`--seed` changes the texts).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from pathlib import Path

WORDS = [
    "session", "therapist", "message", "email", "portal", "week", "feel", "worry", "plan",
    "talk", "call", "write", "change", "appointment", "today", "tomorrow", "night", "anxious",
    "calm", "safe", "help", "support", "need", "reschedule", "question", "notice", "thought",
    "sleep", "work", "family", "friend", "body", "medicine", "dose", "side", "effect",
    "homework", "skill", "coaching", "urge", "cope", "journal", "list",
]
DECISIONS = ("wait_for_session", "raise_in_session", "contact_now")
BRANCHING = 3


def sentence(rng: random.Random, low: int, high: int) -> str:
    """A capitalised sentence of `low`..`high` words, safe to put in double quotes."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def node_ids(nodes: int) -> tuple[list[str], list[str]]:
    """The question ids and the outcome ids of a tree of about `nodes` nodes."""
    # A full ternary tree with the two fixed outcomes (emergency, shared):
    # q questions reach up to 3q other nodes, so q = ceil((nodes - 3) / 3).
    questions = max(1, -(-(nodes - 3) // BRANCHING))
    outcomes = max(1, nodes - questions - 2)
    return ([f"q{index}" for index in range(questions)],
            [f"o{index}" for index in range(outcomes)])


def lines(nodes: int, seed: int) -> Iterator[str]:
    """The tree's YAML, line by line."""
    rng = random.Random(seed)
    questions, outcomes = node_ids(nodes)
    order = questions + outcomes  # node k's children are 3k+1 .. 3k+3 in this order
    yield f"# A synthetic tree of {len(questions) + len(outcomes) + 2} nodes (gen_tree.py)."
    yield "id: synthetic"
    yield f'title: "Synthetic tree, {len(order) + 2} nodes"'
    yield 'version: "1.0"'
    yield f'description: "{sentence(rng, 8, 16)}"'
    yield "start: q0"
    yield "questions:"
    for index, question in enumerate(questions):
        yield f"  {question}:"
        yield f'    text: "{sentence(rng, 5, 10)[:-1]}?"'
        if index % 7 == 3:
            yield f'    help: "{sentence(rng, 8, 16)}"'
        yield "    choices:"
        if index == 0:
            yield '      - {value: danger, label: "Someone is in danger now", next: emergency}'
        children = [order[child] for child in range(BRANCHING * index + 1,
                                                     BRANCHING * index + 1 + BRANCHING)
                    if child < len(order)]
        for number, child in enumerate(children):
            yield (f'      - {{value: answer_{number}, label: "{sentence(rng, 1, 4)}", '
                   f"next: {child}}}")
        yield '      - {value: not_sure, label: "Not sure", next: shared}'
    yield "outcomes:"
    yield "  emergency:"
    yield "    decision: contact_now"
    yield "    emergency: true"
    yield '    title: "Get help now"'
    yield "    why:"
    yield '      - "Emergencies go to emergency services."'
    yield "    do:"
    yield '      - "Call the emergency number below."'
    yield '    safety_net: "Call the emergency number."'
    yield "  shared:"
    yield "    decision: raise_in_session"
    yield '    title: "Raise it in session"'
    yield "    why:"
    yield '      - "When unsure, the session is the place to sort it out."'
    yield "    do:"
    yield '      - "Write it down for the session."'
    yield '    safety_net: "If it gets worse, call the crisis line."'
    for index, outcome in enumerate(outcomes):
        yield f"  {outcome}:"
        yield f"    decision: {DECISIONS[index % len(DECISIONS)]}"
        yield f'    title: "{sentence(rng, 2, 5)}"'
        yield "    why:"
        if index % 2:
            yield f'      - "{sentence(rng, 4, 9)}"'
        else:
            yield f'      - {{text: "{sentence(rng, 4, 9)}", source: "synthetic"}}'
        yield "    do:"
        for _ in range(rng.randint(1, 2)):
            yield f'      - "{sentence(rng, 4, 9)}"'
        if index % 10 == 0:
            yield "    draft: |"
            yield f"      {sentence(rng, 5, 10)}"
            yield f"      {sentence(rng, 5, 10)}"
        yield f'    safety_net: "{sentence(rng, 4, 9)}"'


def path_to_last(nodes: int) -> list[tuple[str, str]]:
    """`(question, value)` answers that walk from the start to the deepest outcome."""
    questions, outcomes = node_ids(nodes)
    order = questions + outcomes
    target = len(order) - 1
    steps: list[tuple[str, str]] = []
    while target > 0:
        parent = (target - 1) // BRANCHING
        steps.append((order[parent], f"answer_{(target - 1) % BRANCHING}"))
        target = parent
    return steps[::-1]


def write_tree(path: Path, nodes: int, seed: int = 0) -> Path:
    """Write a tree of about `nodes` nodes to `path`."""
    with path.open("w", encoding="utf-8") as out:
        for line in lines(nodes, seed):
            out.write(line + "\n")
    return path


def main() -> None:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=1000, help="about how many nodes")
    parser.add_argument("--seed", type=int, default=0, help="changes the texts")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    parser.add_argument("--print-answers", action="store_true",
                        help="print --answer flags that walk to the deepest outcome")
    args = parser.parse_args()
    if args.print_answers:
        print(" ".join(f"--answer {q}={v}" for q, v in path_to_last(args.nodes)))
    elif args.output:
        write_tree(args.output, args.nodes, args.seed)
    else:
        for line in lines(args.nodes, args.seed):
            sys.stdout.write(line + "\n")


if __name__ == "__main__":
    main()
