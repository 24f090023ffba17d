"""Scenario tests for trees: read scenario files, run them, measure choice coverage.

A scenario file is YAML:

    tree: default            # optional: a bundled tree's name, or a path relative to this file
    scenarios:
      - name: "Routine question waits"
        answers: {danger: none, topic: share}
        policy: {between_sessions: none}      # optional: an inline policy profile
        expect: {decision: wait_for_session, outcome: write_it_down}   # outcome optional

Reading is strict: an unknown question id, a value that is not one of the
question's choices or an unknown outcome is an invalid file (exit 3) with its
location. Running is strict too: an answer for a question the path never asks
is a failure, and so is a question on the path with no answer. Pure: no click,
no rich.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from msgspec import Struct, field

from contactcheck.check.engine import Answer, valid_values, walk
from contactcheck.errors import AnswerError, InvalidFile
from contactcheck.files import read_capped
from contactcheck.i18n import _, percent
from contactcheck.personal.policy import policy_from_yaml
from contactcheck.tree.bundled import DEFAULT_TREE, bundled_names, find_tree
from contactcheck.tree.fields import Reader, did_you_mean
from contactcheck.tree.load import load_tree
from contactcheck.tree.model import Decision, Question, Result, Step, Tree
from contactcheck.tree.yamlread import Source, YMap, YNode, YScalar, decode, parse

FILE_KEYS = ("tree", "scenarios")
SCENARIO_KEYS = ("name", "answers", "policy", "expect")
SCENARIO_REQUIRED = ("name", "answers", "expect")
EXPECT_KEYS = ("decision", "outcome")
WHAT = "scenario file"


class Scenario(Struct, frozen=True):
    """One scenario: answers (and maybe a policy profile) and what they should lead to."""

    name: str
    answers: Mapping[str, str]
    """Question id -> value, as written."""
    decision: Decision
    """The expected decision."""
    outcome: str | None
    """The expected outcome id, if the scenario names one."""
    facts: Mapping[str, str] = field(default_factory=dict)
    """Policy facts from the scenario's inline profile."""
    file: str = ""
    line: int = 0

    @property
    def where(self) -> str:
        """`FILE:LINE` of the scenario, for reports."""
        return f"{self.file}:{self.line}"


class ScenarioFile(Struct, frozen=True):
    """A read scenario file and the tree its scenarios run against."""

    path: Path
    tree: Tree
    tree_path: Path
    scenarios: tuple[Scenario, ...]


class ScenarioRun(Struct, frozen=True):
    """What running one scenario gave: the path taken and any failures."""

    scenario: Scenario
    trail: tuple[Step, ...]
    """The path actually taken (as far as it went)."""
    result: Result | None
    """The outcome reached, or None if the walk stopped at a missing answer."""
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """Whether the scenario passed."""
        return not self.failures


# -- reading ---------------------------------------------------------------


def resolve_tree(spec: str, base: Path) -> Path | None:
    """`tree:` of a scenario file: a bundled name, or a path relative to the file's folder.

    A value with a `/` or ending in `.yaml`/`.yml` is a path; anything else is a name.
    Raises ValueError for a path that is absolute or leads out of `base` (through `..` or
    a link): a scenario file must not make the tool read and echo any file it names.
    """
    if "/" in spec or "\\" in spec or spec.endswith((".yaml", ".yml")):
        given = Path(spec)
        if given.is_absolute() or spec.startswith(("/", "\\")) or given.drive:
            raise ValueError(_("an absolute path"))
        if ".." in given.parts or ".." in spec.replace("\\", "/").split("/"):
            raise ValueError(_("a path climbing out with '..'"))
        path = base / given
        try:
            inside = path.resolve().is_relative_to(base.resolve())
        except (OSError, RuntimeError):  # a loop of links
            inside = False
        if not inside:
            raise ValueError(_("a link leading out of this file's folder"))
        return path if path.is_file() else None
    return find_tree(spec)


def load_scenarios(path: Path, tree_override: Path | None = None,
                   trees: dict[Path, Tree] | None = None) -> ScenarioFile:
    """Read a scenario file and check it against its tree; `InvalidFile` lists every problem.

    `tree_override` (`--tree`) replaces the file's `tree:`. `trees` caches loaded trees
    by resolved path, so files naming the same tree share one (and its coverage).
    """
    name = str(path)
    source = decode(read_capped(path, name, WHAT), name, WHAT)
    root = parse(source, WHAT)
    reader = _ScenarioReader(source)
    if reader.mapping(root, _("the scenario file"), FILE_KEYS, ("scenarios",)) is None:
        raise InvalidFile(reader.problems, WHAT)
    tree_path = tree_override or _tree_path(reader, root, path.parent)
    if tree_path is None:
        raise InvalidFile(reader.problems, WHAT)
    cache = trees if trees is not None else {}
    try:
        key = tree_path.resolve()
    except (OSError, RuntimeError):  # a loop of links: the reader below says so
        key = tree_path.absolute()
    tree = cache.get(key)
    if tree is None:
        tree = cache[key] = load_tree(tree_path)
    scenarios = reader.scenarios(reader.get(root, "scenarios"), tree)
    if reader.problems:
        raise InvalidFile(sorted(reader.problems, key=lambda p: (p.line, p.col)), WHAT)
    return ScenarioFile(path, tree, tree_path, tuple(scenarios))


def _tree_path(reader: Reader, root: YMap, base: Path) -> Path | None:
    node = reader.get(root, "tree")
    if node is None:
        default = find_tree(DEFAULT_TREE)
        if default is None:
            reader.fail(root, _("no tree named, and the bundled default tree is missing"),
                        _("name one with `tree:` or --tree"))
        return default
    spec = reader.text(node, _("'{key}'").format(key="tree"), one_line=True)
    if spec is None:
        return None
    try:
        found = resolve_tree(spec, base)
    except ValueError as error:
        reader.fail(node, _("'tree' is {what}, which is not allowed").format(what=error),
                    _("name a bundled tree, or a tree file in this file's folder (or below "
                      "it), such as trees/mine.yaml; or pass --tree"))
        return None
    if found is None:
        names = bundled_names()
        reader.fail(node, _("'tree' is '{name}', which is neither a bundled tree nor a "
                            "file").format(name=spec),
                    did_you_mean(spec, names)
                    or _("bundled trees: {names}; a path is relative to this file's folder "
                         "and ends in .yaml").format(names=", ".join(names) or _("none")))
    return found


class _ScenarioReader(Reader):
    def __init__(self, source: Source) -> None:
        super().__init__(source)
        self.names: dict[str, int] = {}
        """Scenario name -> line, to refuse two scenarios with one name."""

    def scenarios(self, node: YNode | None, tree: Tree) -> list[Scenario]:
        if node is None:
            return []
        return self.items(node, _("'{key}'").format(key="scenarios"),
                          lambda item, what: self.scenario(item, tree))

    def scenario(self, node: YNode, tree: Tree) -> Scenario | None:
        body = self.mapping(node, _("a scenario"), SCENARIO_KEYS, SCENARIO_REQUIRED)
        if body is None:
            return None
        count = len(self.problems)
        name_node = self.get(body, "name")
        name = self.text(name_node, _("the name of a scenario"), one_line=True) \
            if name_node is not None else None
        what = _("scenario '{name}'").format(name=name) if name else _("a scenario")
        if name is not None and name_node is not None:
            if name in self.names:
                self.fail(name_node, _("two scenarios are named '{name}'").format(name=name),
                          _("the first is on line {line}; give each its own name").format(
                              line=self.names[name]))
            self.names.setdefault(name, name_node.line)
        answers_node = self.get(body, "answers")
        answers = self.answers(answers_node, what, tree) if answers_node is not None else {}
        facts: dict[str, str] = {}
        policy_node = self.get(body, "policy")
        if policy_node is not None:
            facts = self.facts(policy_node, what)
        expect_node = self.get(body, "expect")
        decision, outcome = None, None
        if expect_node is not None:
            decision, outcome = self.expect(expect_node, what, tree)
        if len(self.problems) > count or name is None or decision is None:
            return None
        return Scenario(name, answers, decision, outcome, facts, self.source.name, body.line)

    def answers(self, node: YNode, what: str, tree: Tree) -> dict[str, str]:
        if not isinstance(node, YMap):
            self.fail(node, _("'answers' of {what} must be a mapping of question id -> "
                              "value").format(what=what),
                      _("for example answers: {danger: none, topic: share}"))
            return {}
        answers: dict[str, str] = {}
        for question_id, (key_node, value_node) in node.entries.items():
            question = tree.questions.get(question_id)
            if question is None:
                hint = did_you_mean(question_id, tree.questions)
                if question_id in tree.outcomes:
                    hint = _("'{id}' is an outcome; expect it with expect: {example}").format(
                        id=question_id, example="{outcome: ...}")
                self.fail(key_node, _("{what} answers '{id}', which is not a question "
                                      "of the tree '{tree}'").format(
                    what=what, id=question_id, tree=tree.id),
                          hint or _("questions: {ids}").format(ids=", ".join(tree.questions)))
                continue
            if not isinstance(value_node, YScalar):
                self.fail(value_node, _("the answer to '{id}' in {what} must be one "
                                        "value").format(id=question_id, what=what),
                          _("valid values: {values}").format(values=valid_values(question)))
                continue
            if question.choice(value_node.value) is None:
                self.fail(value_node, _("'{value}' is not a valid answer to '{id}' in "
                                        "{what}").format(value=value_node.value,
                                                         id=question_id, what=what),
                          _("valid values: {values}").format(values=valid_values(question)))
                continue
            answers[question_id] = value_node.value
        return answers

    def facts(self, node: YNode, what: str) -> dict[str, str]:
        if not isinstance(node, YMap):
            self.fail(node, _("'policy' of {what} must be a policy profile (a "
                              "mapping)").format(what=what),
                      _("for example policy: {dbt_coaching: none}"))
            return {}
        try:
            return policy_from_yaml(node, self.source).facts
        except InvalidFile as error:
            self.problems.extend(error.problems)
            return {}

    def expect(self, node: YNode, what: str,
               tree: Tree) -> tuple[Decision | None, str | None]:
        body = self.mapping(node, _("'{key}' of {what}").format(key="expect", what=what),
                            EXPECT_KEYS, ("decision",))
        if body is None:
            return None, None
        decision_node, outcome_node = self.get(body, "decision"), self.get(body, "outcome")
        decision = self.choose(decision_node,
                               _("the expected decision of {what}").format(what=what),
                               {d.value: d for d in Decision}) if decision_node else None
        outcome = None
        if outcome_node is not None:
            outcome = self.identifier(outcome_node,
                                      _("the expected outcome of {what}").format(what=what))
            if outcome is not None and outcome not in tree.outcomes:
                self.fail(outcome_node, _("the expected outcome '{id}' of {what} is not an "
                                          "outcome of the tree '{tree}'").format(
                    id=outcome, what=what, tree=tree.id),
                          did_you_mean(outcome, tree.outcomes))
                outcome = None
        return decision, outcome


# -- running ---------------------------------------------------------------


class _Recorder:
    """Answers from a scenario, remembering the path and where it stopped."""

    def __init__(self, answers: Mapping[str, str]) -> None:
        self.answers = answers
        self.asked: list[str] = []
        self.trail: tuple[Step, ...] = ()
        self.missing: Question | None = None

    def answer(self, question: Question, trail: Sequence[Step]) -> Answer:
        self.trail = tuple(trail)
        self.asked.append(question.id)
        value = self.answers.get(question.id)
        if value is None:
            self.missing = question
        return value


def run_scenario(tree: Tree, scenario: Scenario) -> ScenarioRun:
    """Walk `tree` with the scenario's answers and facts, and compare with what it expects."""
    recorder = _Recorder(scenario.answers)
    try:
        result = walk(tree, recorder, scenario.facts)
    except AnswerError:
        question = recorder.missing
        assert question is not None  # values were checked when the file was read
        failure = (_("the path reaches question '{id}' ({text}), which has no answer").format(
            id=question.id, text=question.text) + "\n  "
                   + _("valid values: {values}").format(values=valid_values(question)))
        return ScenarioRun(scenario, recorder.trail, None, (failure,))
    failures: list[str] = []
    got_outcome = result.outcome
    wrong_decision = result.decision is not scenario.decision
    wrong_outcome = scenario.outcome is not None and got_outcome.id != scenario.outcome
    if wrong_decision or wrong_outcome:
        expected = _("decision {decision}").format(decision=scenario.decision.value)
        if scenario.outcome is not None:
            expected = _("decision {decision}, outcome {outcome}").format(
                decision=scenario.decision.value, outcome=scenario.outcome)
        got = _("decision {decision}, outcome {outcome}").format(
            decision=result.decision.value, outcome=got_outcome.id)
        said, gave = _("expected:"), _("got:")
        width = max(len(said), len(gave)) + 1
        failures.append(f"{said:<{width}}{expected}\n{gave:<{width}}{got}")
    by_policy = {step.question.id: step for step in result.trail if step.origin == "policy"}
    for question_id in scenario.answers:
        if question_id in recorder.asked:
            continue
        step = by_policy.get(question_id)
        if step is not None:
            failures.append(_("answered '{id}', but the scenario's policy profile "
                              "answered it ({fact}: {value}); remove one of the two").format(
                id=question_id, fact=step.question.policy, value=step.choice.value))
        else:
            failures.append(_("answered '{id}', but it was never asked: the path does not "
                              "reach it").format(id=question_id))
    return ScenarioRun(scenario, result.trail, result, tuple(failures))


def run_file(scenario_file: ScenarioFile) -> list[ScenarioRun]:
    """Run every scenario of a file, in order."""
    return [run_scenario(scenario_file.tree, scenario) for scenario in scenario_file.scenarios]


def describe_failure(run: ScenarioRun) -> list[str]:
    """A failed scenario for people: what was expected, what happened, the path taken."""
    scenario = run.scenario
    lines = [_("FAIL {where}: {name}").format(where=scenario.where, name=scenario.name)]
    for failure in run.failures:
        first, *rest = failure.split("\n")
        lines.append(f"  {first}")
        lines.extend(f"  {line}" for line in rest)
    lines.append("  " + _("path taken:"))
    for step in run.trail:
        origin = " " + _("(policy: {fact})").format(fact=step.question.policy) \
            if step.origin == "policy" else ""
        lines.append(f"    {step.question.id}={step.choice.value}{origin}  "
                     f"— {_one_line(step.question.text)} → {_one_line(step.choice.label)}")
    if run.result is not None:
        reached = run.result.outcome
        emergency = " " + _("EMERGENCY") if reached.emergency else ""
        lines.append(f"    => {reached.id} ({reached.decision.value}{emergency}): "
                     f"{_one_line(reached.title)}")
    else:
        lines.append("    => " + _("stopped: no answer"))
    return lines


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- coverage --------------------------------------------------------------


class Coverage(Struct, frozen=True):
    """Which choices of a tree the scenarios exercised."""

    tree: Tree
    tree_path: Path
    covered: frozenset[tuple[str, str]]
    """(question id, value) pairs on some scenario's path taken."""

    @property
    def total(self) -> int:
        """How many choices the tree has."""
        return sum(len(question.choices) for question in self.tree.questions.values())

    @property
    def uncovered(self) -> list[tuple[Question, str, str]]:
        """(question, value, label) of every choice no scenario exercised, in tree order."""
        return [(question, choice.value, choice.label)
                for question in self.tree.questions.values()
                for choice in question.choices
                if (question.id, choice.value) not in self.covered]

    @property
    def percent(self) -> str:
        """Covered share as text; never rounds up to 100% while a choice is missing."""
        total = self.total
        done = total - len(self.uncovered)
        if done == total:
            return percent("100")
        return percent(f"{math.floor(1000 * done / total) / 10:.1f}")


def coverage(runs: Iterable[tuple[ScenarioFile, Sequence[ScenarioRun]]]) -> list[Coverage]:
    """Choice coverage per tree, over every scenario run against it (passed or not)."""
    trees: dict[Path, tuple[Tree, Path, set[tuple[str, str]]]] = {}
    for scenario_file, file_runs in runs:
        key = scenario_file.tree_path.resolve()
        entry = trees.setdefault(key, (scenario_file.tree, scenario_file.tree_path, set()))
        for run in file_runs:
            entry[2].update((step.question.id, step.choice.value) for step in run.trail)
    return [Coverage(tree, path, frozenset(covered)) for tree, path, covered in trees.values()]


def describe_coverage(cover: Coverage, shown_path: str | None = None) -> list[str]:
    """Coverage for people: the percentage, then every choice no scenario exercises."""
    missing = cover.uncovered
    done = cover.total - len(missing)
    where = shown_path or str(cover.tree_path)
    lines = [_("choice coverage of '{tree}' ({where}): {percent} ({done} of {total} "
               "choices)").format(tree=cover.tree.id, where=where, percent=cover.percent,
                                  done=done, total=cover.total)]
    if missing:
        lines.append("  " + _("no scenario exercises:"))
        lines.extend(f"    {question.id}={value}  — {_one_line(label)}"
                     for question, value, label in missing)
    return lines
