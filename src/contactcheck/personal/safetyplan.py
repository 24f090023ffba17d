"""The person's safety plan (Stanley & Brown): a pure model and its YAML file.

The plan has seven steps, used in order when things get hard. It is stored as
`safety-plan.yaml` in the data dir, in exactly the commented form that
`contactcheck safety-plan edit` opens, so the file a person edits and the file
kept are the same. It is read like every other YAML we read: strictly, through
`yamlread`, with every problem located.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from msgspec import Struct, field

from contactcheck.errors import InvalidFile
from contactcheck.folders import SAFETY_PLAN_FILE
from contactcheck.i18n import N_, _, quantity
from contactcheck.personal.storage import StorageError, Store, StoredPath, check_line
from contactcheck.tree.fields import Reader
from contactcheck.tree.yamlread import YMap, YNode, YScalar, YSeq, decode, parse

FILE_NAME = SAFETY_PLAN_FILE
UNSAVED_NAME = "safety-plan.unsaved.yaml"
"""Where an edit that could not be used is kept, so nothing typed is lost."""
WHAT = "safety plan"
MAX_TEXT = 2000


class StepInfo(Struct, frozen=True):
    """One of the seven steps."""

    number: int
    title: str
    """A short title in the first person, as the person reads their plan (a catalog key: a
    result in another language shows it through `_()`)."""
    prompt: str
    """What belongs in the step (shown in the edit template; a catalog key, like `title`)."""


STEPS: Mapping[str, StepInfo] = MappingProxyType({
    "warning_signs": StepInfo(
        1, N_("Warning signs"),
        N_("Thoughts, images, moods, situations or behaviours that tell me a crisis may be "
           "starting.")),
    "coping": StepInfo(
        2, N_("Things I can do on my own"),
        N_("Things that take my mind off my problems without contacting anyone (a walk, "
           "music, a shower, a breathing exercise).")),
    "distractions": StepInfo(
        3, N_("People and places that distract me"),
        N_("People I can be with and places I can go to take my mind off things.")),
    "people": StepInfo(
        4, N_("People I can ask for help"),
        N_("People I can tell that I am not okay, with their phone numbers.")),
    "professionals": StepInfo(
        5, N_("Professionals and crisis services"),
        N_("My therapist, the after-hours or on-call line, a crisis line, the nearest "
           "emergency department, with numbers.")),
    "environment": StepInfo(
        6, N_("Making my surroundings safe"),
        N_("What I will do to keep myself safe where I am (for example, what to put away "
           "or give to someone to keep).")),
    "reasons": StepInfo(
        7, N_("Reasons for living"),
        N_("What matters most to me and is worth living for.")),
})
"""The steps, in the order of the plan. Their keys are what `safety-plan add STEP` takes."""


class SafetyPlan(Struct, frozen=True):
    """What the person wrote for each step (every step present, possibly empty)."""

    steps: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType(dict.fromkeys(STEPS, ())))

    def add(self, step: str, text: str) -> SafetyPlan:
        """The plan with `text` added at the end of `step`."""
        steps = dict(self.steps)
        steps[step] = (*steps[step], text)
        return SafetyPlan(MappingProxyType(steps))

    @property
    def empty(self) -> bool:
        """Whether nothing has been written in any step."""
        return not any(self.steps.values())

    def filled(self) -> list[tuple[str, StepInfo, tuple[str, ...]]]:
        """The steps that have something in them, in order: (key, info, items)."""
        return [(name, info, self.steps[name]) for name, info in STEPS.items()
                if self.steps[name]]

    def as_json(self) -> list[dict[str, object]]:
        """Every step in order as `{"step", "number", "title", "items"}`."""
        return [{"step": name, "number": info.number, "title": info.title,
                 "items": list(self.steps[name])} for name, info in STEPS.items()]


def check_text(text: str) -> str:
    """An item, trimmed; raise ValueError if it is empty, too long or has control characters."""
    return check_line(text, "text", MAX_TEXT)


# -- the YAML file (also the edit template) -------------------------------------

_HEADER = N_("""\
# My safety plan
#
# Seven steps to go through, in order, when things get hard. Write each thing
# on its own line under its step, starting with "- " and in double quotes:
#     - "Call my sister Ana: 555 0123"
# Lines starting with # are notes like this one and are ignored. Leave a step
# empty if nothing fits yet. Save and close the editor to keep the plan.
#
# If you are in danger now, call your local emergency number.
""")
"""The top of the page, in the interface's language (`_()` where it is written); only the
`#` lines are translated: the step keys and what the person wrote are read in any language."""


def to_yaml(plan: SafetyPlan) -> str:
    """The plan as commented YAML: the stored file and the edit template."""
    parts = [_(_HEADER)]
    for name, info in STEPS.items():
        parts.append(f"\n# {info.number}. {_(info.title)}\n")
        parts.extend(f"#    {line}\n" for line in _wrap(_(info.prompt), 76))
        items = plan.steps[name]
        if items:
            parts.append(f"{name}:\n")
            parts.extend(f"  - {_quote(item)}\n" for item in items)
        else:
            parts.append(f"{name}:\n  # - \"\"\n")
    return "".join(parts)


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (items hold no control characters, see `check_text`)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines


def from_yaml(text: bytes, name: str) -> SafetyPlan:
    """Read a plan (the stored file or an edit); raise `InvalidFile` (exit 3) listing problems."""
    source = decode(text, name, WHAT)
    if not any(line.strip() and not line.lstrip().startswith("#")
               for line in source.text.splitlines()):
        return SafetyPlan()  # only comments: a plan with nothing in it yet
    root = parse(source, WHAT)
    reader = _PlanReader(source)
    plan = reader.plan(root)
    if reader.problems:
        raise InvalidFile(sorted(reader.problems, key=lambda p: (p.line, p.col)), WHAT)
    return plan


class _PlanReader(Reader):
    def plan(self, root: YMap) -> SafetyPlan:
        self.mapping(root, _("the safety plan"), tuple(STEPS), ())
        steps: dict[str, tuple[str, ...]] = dict.fromkeys(STEPS, ())
        for name in STEPS:
            node = self.get(root, name)
            if node is None:
                continue
            what = _("step '{name}'").format(name=name)
            if isinstance(node, YScalar):
                # `coping:` with nothing after it is an empty step; `coping: a walk` one item.
                values: list[YNode] = [node] if node.value.strip() or not node.plain else []
            elif isinstance(node, YSeq):
                values = [item for item in node.items
                          if not (isinstance(item, YScalar) and item.plain and not item.value)]
            else:
                self.fail(node, _("{what} must be a list of texts, one '- ' item per "
                                  "line").format(what=what))
                continue
            items = []
            for index, value in enumerate(values, 1):
                item = self.item(value, _("{what}, item {index}").format(what=what,
                                                                          index=index))
                if item is not None:
                    items.append(item)
            steps[name] = tuple(items)
        return SafetyPlan(MappingProxyType(steps))

    def item(self, node: YNode, what: str) -> str | None:
        text = self.text(node, what, one_line=True)
        if text is None:
            return None
        assert isinstance(node, YScalar)
        if len(text) > MAX_TEXT:
            self.fail(node, _("{what} is {length} characters long; the limit is "
                              "{limit}").format(what=what, length=quantity(len(text)),
                                                limit=quantity(MAX_TEXT)))
            return None
        if node.plain and self._comment_after(node):
            self.fail(node, _("{what}: the part after ' #' would be read as a note and "
                              "lost").format(what=what),
                      _('put the whole item in double quotes: - "..."'))
            return None
        return " ".join(text.split()) if "\n" in text else text

    def _comment_after(self, node: YScalar) -> bool:
        """Whether a plain item is followed by ` # ...` on its line (YAML drops that part)."""
        line = self.source.line(node.line) or ""
        start = node.col - 1
        if "\n" in node.value or line[start:start + len(node.value)] != node.value:
            return False
        return line[start + len(node.value):].lstrip().startswith("#")


# -- storage --------------------------------------------------------------------


def _decode_stored(data: bytes) -> SafetyPlan:
    """Decode the stored file; a problem becomes ValueError so the store sets it aside."""
    try:
        return from_yaml(data, FILE_NAME)
    except InvalidFile as error:
        first = error.problems[0] if error.problems else None
        message = first.message if first else _("invalid")
        if first and first.line > 0:
            message = _("line {line}: {problem}").format(line=first.line, problem=message)
        raise ValueError(message) from None


def _encode_or_remove(plan: SafetyPlan) -> bytes | None:
    return None if plan.empty else to_yaml(plan).encode("utf-8")


def stored_paths(store: Store | None = None) -> list[StoredPath]:
    """The plan's files, for `contactcheck where`."""
    store = store or Store()
    return [StoredPath(store.path(FILE_NAME), N_("your safety plan"), "data"),
            StoredPath(store.path(UNSAVED_NAME),
                       N_("an edit of your safety plan that could not be used yet"), "data")]


def load(store: Store) -> SafetyPlan:
    """The stored plan (empty if there is none); a damaged file is set aside (exit 1)."""
    return store.load(FILE_NAME, WHAT, _decode_stored) or SafetyPlan()


def peek(store: Store) -> tuple[SafetyPlan | None, str | None]:
    """The plan for showing during a check: (plan or None, a problem or None).

    Never raises and never moves a file: an emergency result must always be
    shown, so a plan that cannot be read becomes a short note instead.
    """
    try:
        data = store.read(FILE_NAME)
    except StorageError as error:  # a check must never fail because of the plan
        return None, _("your safety plan could not be read ({problem}); `contactcheck "
                       "safety-plan show` says more").format(problem=error.message)
    if data is None:
        return None, None
    try:
        plan = _decode_stored(data)
    except ValueError as error:
        return None, _("your safety plan could not be read ({problem}); `contactcheck "
                       "safety-plan show` keeps the file and says where").format(problem=error)
    return (None if plan.empty else plan), None


def add(store: Store, step: str, text: str) -> SafetyPlan:
    """Add `text` to `step` of the stored plan under the lock; return the new plan."""
    return store.update(FILE_NAME, WHAT, _decode_stored, _encode_or_remove,
                        lambda current: (current or SafetyPlan()).add(step, text))


def replace(store: Store, expected: bytes | None, plan: SafetyPlan) -> bool:
    """Save `plan` if the stored file still holds `expected`; False if it changed meanwhile."""
    with store.locked():
        if store.read(FILE_NAME) != expected:
            return False
        store.save(FILE_NAME, _encode_or_remove(plan))
        return True
