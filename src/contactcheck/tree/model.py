"""The data model: trees, questions, choices, outcomes and results.

Frozen records (msgspec Structs, which cost far less to define at start-up
than dataclasses) with no I/O. A `Tree` is valid by construction: only the
loader builds one, after every structural check has passed, so the engine
and the renderers trust it. This module imports no UI or YAML library.
"""

# No `from __future__ import annotations` here: these records are read back from their stored
# form on every start-up (prebuilt.py), and msgspec would compile each string annotation to
# learn their types first, ~1 ms of every check (benchmarks/bench.py, side by side).

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Literal

from msgspec import Struct, field

from contactcheck.i18n import N_, _

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
"""Every id (tree, question, outcome, choice value, policy fact): plain ASCII,
so a look-alike letter or a zero-width space cannot make `next:` point nowhere."""

PROMPT_KEYS: frozenset[str] = frozenset({"b", "back", "q", "quit", "stop", "help"})
"""Words plain prompts read as keys (Back, stop, help): no choice value may be one, or typing
it would mean two things."""


class Urgency(StrEnum):
    """How soon an outcome's help is needed, which decides how its result is laid out."""

    EMERGENCY = "emergency"
    """Danger now: the numbers first, under "Emergency"."""
    URGENT = "urgent"
    """Help today, before anything else: the professional's own number and the crisis line
    first, under "Urgent". Distinct from a routine "contact now" (a session to cancel)."""
    ROUTINE = "routine"
    """Everything else."""


PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z][a-z0-9_]*)\}(?!\})")
"""A line named by its kind in outcome text, such as `{crisis}`: resolved when the result is
built (check/report.py) into the name and number shown, never written as a number. Only a
lower-case word in single braces is a placeholder; `{{double}}` or `{a: b}` is plain text."""

THERAPIST_NAME = "[therapist's name]"
"""In a draft: filled in with the therapist's name from the person's profile (check/report.py).
A translation keeps it exactly as written, as it keeps placeholders."""

REGION_KINDS = ("emergency", "crisis", "text", "domestic_abuse", "child_protection", "poison",
                "mental_health_urgent")
"""Kinds of line a region has (check/resources.py); `emergency` is the region's number."""
PROFILE_KINDS = ("after_hours", "coaching", "covering")
"""Kinds of line that come from the person's policy profile (their therapist's numbers)."""
LINE_KINDS = (*REGION_KINDS, *PROFILE_KINDS)
"""Every placeholder a tree text may use."""


class Decision(StrEnum):
    """The three suggestions the tool can make."""

    CONTACT_NOW = "contact_now"
    WAIT_FOR_SESSION = "wait_for_session"
    RAISE_IN_SESSION = "raise_in_session"

    @property
    def words(self) -> str:
        """The decision as a person reads it, in the interface's language (the glossary's words)."""
        return _(_DECISION_WORDS[self])


_DECISION_WORDS = {
    Decision.CONTACT_NOW: N_("Contact now"),
    Decision.WAIT_FOR_SESSION: N_("Wait for the session"),
    Decision.RAISE_IN_SESSION: N_("Raise it in session"),
}


class Choice(Struct, frozen=True):
    """One answer a person can give to a question."""

    value: str
    """Stable id of the answer, used by `--answer QUESTION=VALUE`."""
    label: str
    """What people see."""
    next: str
    """Id of the question or outcome this answer leads to."""
    aliases: tuple[str, ...] = ()
    """Old values of this answer that still select it (`--answer danger=suicidal_now`)."""

    def answers(self, value: str) -> bool:
        """Whether `value` selects this choice: its value or one of its aliases."""
        return value == self.value or value in self.aliases
    tags: tuple[str, ...] = ()
    """Ids naming what the choice is about, independent of its wording: on the danger screen,
    the danger category (`suicide`, `medical`, ...) a practice's own tree must keep."""


class Question(Struct, frozen=True):
    """A question node."""

    id: str
    text: str
    choices: tuple[Choice, ...]
    help: str | None = None
    """Optional longer explanation, one key away in the prompts."""
    policy: str | None = None
    """Name of a policy fact that can answer this question instead of the person."""

    def choice(self, value: str) -> Choice | None:
        """The choice with this value (or an alias of it), or None."""
        for choice in self.choices:
            if choice.value == value:
                return choice
        for choice in self.choices:
            if value in choice.aliases:
                return choice
        return None

    @property
    def values(self) -> tuple[str, ...]:
        """The valid answer values, in order."""
        return tuple(choice.value for choice in self.choices)


class Reason(Struct, frozen=True):
    """One consideration behind an outcome."""

    text: str
    source: str | None = None
    """Where the reason comes from: an id in the shipped sources list (check/sources.py), or
    free text in a tree of your own."""


class Outcome(Struct, frozen=True):
    """An outcome node: the suggestion and what to do about it."""

    id: str
    decision: Decision
    title: str
    why: tuple[Reason, ...]
    do: tuple[str, ...]
    safety_net: str
    """What to do if things change or get worse before the session."""
    urgency: Urgency = Urgency.ROUTINE
    """Emergency and urgent outcomes show their numbers first."""
    draft: str | None = None
    """A short draft message, for outcomes that suggest writing to someone."""
    policy: tuple[str, ...] = ()
    """Policy facts whose details (numbers, channels) the result should show."""
    resources: tuple[str, ...] = ()
    """Kinds of line (beyond the crisis lines every result shows) this outcome must show,
    e.g. `domestic_abuse`."""

    @property
    def emergency(self) -> bool:
        """Whether this is an emergency outcome (the numbers first, under "Emergency")."""
        return self.urgency is Urgency.EMERGENCY

    @property
    def numbers_first(self) -> bool:
        """Whether the result leads with its numbers: emergencies and urgent outcomes."""
        return self.urgency is not Urgency.ROUTINE

    def texts(self) -> tuple[str, ...]:
        """Every text of the outcome a person reads, in order."""
        return (self.title, *(reason.text for reason in self.why), *self.do,
                *((self.draft,) if self.draft else ()), self.safety_net)


Node = Question | Outcome


class Tree(Struct, frozen=True):
    """A validated decision tree. Only the loader builds one."""

    id: str
    title: str
    version: str
    start: str
    questions: Mapping[str, Question]
    outcomes: Mapping[str, Outcome]
    description: str | None = None
    source: str | None = None
    """Where the tree was loaded from (a path), for messages."""
    lang: str = "en"
    """The language (a BCP 47 tag) its texts are in: the tree's own, or a translation's."""
    source_lang: str = "en"
    """The language the tree was written in (`lang:` of the tree file); a translation keeps
    every id, value and structure of the source and changes only the texts."""

    def node(self, node_id: str) -> Node:
        """The question or outcome with this id (the loader guarantees it exists)."""
        question = self.questions.get(node_id)
        if question is not None:
            return question
        return self.outcomes[node_id]

    @property
    def start_question(self) -> Question:
        """The first question: the danger screen."""
        return self.questions[self.start]


AnswerOrigin = Literal["person", "policy", "clock"]
"""Who answered: the person (now), the therapist's policy, or the clock (the policy's hours)."""


class Step(Struct, frozen=True):
    """One answered question on the way to an outcome."""

    question: Question
    choice: Choice
    origin: AnswerOrigin = "person"
    """Whether the person answered, the therapist's policy profile, or its hours (the clock)."""
    instead_of: tuple[str, AnswerOrigin] | None = None
    """For an answer given now that differs from a stored fact: the fact's value and origin."""


class Result(Struct, frozen=True):
    """Where a walk through a tree ended, and how it got there."""

    tree: Tree
    outcome: Outcome
    trail: tuple[Step, ...] = field(default=())

    @property
    def decision(self) -> Decision:
        """The suggested decision."""
        return self.outcome.decision
