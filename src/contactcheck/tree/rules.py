"""Validate a tree: parsed YAML -> checked model -> `Tree`.

Every structural check lives here, and all of them run on every load from the
file, so a `Tree` is valid by construction and the engine never checks again.
Problems are collected, not raised one by one: an author sees all of them at
once. This is the only copy of the rules: a bundled tree kept between runs
(prebuilt.py) was built here and is rebuilt whenever the package's code
changes, so a rule added here applies everywhere at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from msgspec.structs import replace

from contactcheck.check.facts import FACT_CHOICES, POLICY_DETAILS, POLICY_FACTS
from contactcheck.errors import InvalidFile
from contactcheck.i18n import N_, _, ngettext
from contactcheck.language import normalize_tag
from contactcheck.tree.fields import BOOLEANS, Reader, did_you_mean, show_id
from contactcheck.tree.model import (
    LINE_KINDS,
    PLACEHOLDER,
    PROMPT_KEYS,
    REGION_KINDS,
    THERAPIST_NAME,
    Choice,
    Decision,
    Outcome,
    Question,
    Reason,
    Tree,
    Urgency,
)
from contactcheck.tree.yamlread import (
    Source,
    YMap,
    YNode,
    YScalar,
    YSeq,
)

TREE_KEYS = ("id", "title", "version", "description", "start", "questions", "outcomes",
             "format", "lang")
FORMAT = 1
"""The tree format this version reads. A tree without `format:` is format 1. A later format
adds what older readers cannot honour, so a tree of a newer format is refused with what to do,
never half-read; every older format keeps loading (docs/tree-format.md)."""
TREE_REQUIRED = ("id", "title", "version", "start", "questions", "outcomes")
QUESTION_KEYS = ("text", "help", "policy", "choices")
QUESTION_REQUIRED = ("text", "choices")
CHOICE_KEYS = ("value", "label", "next", "aliases", "tags")
CHOICE_REQUIRED = ("value", "label", "next")
OUTCOME_KEYS = ("decision", "urgency", "emergency", "title", "why", "do", "draft", "policy",
                "resources", "safety_net")
OUTCOME_REQUIRED = ("decision", "title", "why", "do", "safety_net")
REASON_KEYS = ("text", "source")
REASON_REQUIRED = ("text",)
SOURCE_LANG = "en"
"""The language of a tree without `lang:`."""

TRANSLATION_KEYS = ("translation", "lang", "title", "description", "questions", "outcomes")
TRANSLATION_REQUIRED = ("translation", "lang", "title", "questions", "outcomes")
TRANSLATED_QUESTION_KEYS = ("text", "help", "choices")
TRANSLATED_OUTCOME_KEYS = ("title", "why", "do", "draft", "safety_net")


def quoted(key: str) -> str:
    """A key or value for a message, quoted as the interface's language quotes (`'id'`)."""
    return _("'{key}'").format(key=key)


def question_named(node_id: str) -> str:
    """`question 'id'`, for the messages about a question (the id as typed, in ASCII)."""
    return _("question '{id}'").format(id=show_id(node_id))


def outcome_named(node_id: str) -> str:
    """`outcome 'id'`, for the messages about an outcome."""
    return _("outcome '{id}'").format(id=show_id(node_id))


def tree_from_yaml(root: YMap, source: Source) -> Tree:
    """Validate parsed YAML as a tree."""
    checker = _Checker(source)
    tree = checker.tree(root)
    if checker.problems or tree is None:
        raise InvalidFile(sorted(checker.problems, key=lambda p: (p.line, p.col)))
    return tree


class _Checker(Reader):
    """Walks a tree's YAML nodes once, building the model and collecting problems."""

    def __init__(self, source: Source) -> None:
        super().__init__(source)
        self.sound = True
        """Whether every node id and every `next` could be read, so the graph is fully known.

        When it is not, "cannot be reached" would mostly repeat the real problem (a misspelt
        `next` makes everything after it unreachable), so reachability is checked only when
        the graph is sound."""
        self.incomplete: set[str] = set()
        """Questions whose choices could not all be read: where they lead is not known."""
        self.emergency: dict[str, bool | None] = {}
        """Each outcome's `emergency` flag, even when the outcome has other problems (None: not
        readable), so the safety-first check does not blame the start question for them."""
        self.policy_nodes: dict[str, YNode] = {}
        """The `policy:` node of each question that has one."""

    # -- the model ---------------------------------------------------------

    def tree(self, root: YMap) -> Tree | None:
        top = self.mapping(root, _("the tree"), TREE_KEYS, TREE_REQUIRED)
        if top is None:
            return None
        self.tree_format(top)
        values: dict[str, str | None] = {}
        for name in ("id", "start"):
            node = self.get(top, name)
            values[name] = self.identifier(node, quoted(name)) if node is not None else None
        for name in ("title", "version", "description"):
            node = self.get(top, name)
            values[name] = self.text(node, quoted(name), one_line=name != "description") \
                if node is not None else None
        lang_node = self.get(top, "lang")
        lang = self.language(lang_node, quoted("lang")) if lang_node is not None \
            else SOURCE_LANG

        questions: dict[str, Question] = {}
        outcomes: dict[str, Outcome] = {}
        edges: dict[str, list[YScalar]] = {}
        keys: dict[str, YScalar] = {}
        questions_node = self.get(top, "questions")
        outcomes_node = self.get(top, "outcomes")
        if questions_node is not None:
            for node_id, key, body, valid in self.section(questions_node, "questions"):
                if not valid:  # still checked, so all of its problems are reported at once
                    self.question(node_id, body, [])
                    continue
                keys[node_id] = key
                question = self.question(node_id, body, edges.setdefault(node_id, []))
                if question is not None:
                    questions[node_id] = question
        if outcomes_node is not None:
            for node_id, key, body, valid in self.section(outcomes_node, "outcomes"):
                if not valid:
                    self.outcome(node_id, body)
                    continue
                if node_id in keys:
                    self.fail(key, _("'{id}' is both a question and an outcome").format(
                        id=node_id), _("the question is on line {line}; rename one").format(
                            line=keys[node_id].line))
                    self.sound = False
                    continue
                keys[node_id] = key
                outcome = self.outcome(node_id, body)
                if outcome is not None:
                    outcomes[node_id] = outcome

        start = values["start"]
        self.graph(start, top, keys, edges)
        if self.problems or start is None:
            return None
        return Tree(
            id=values["id"] or "",
            title=values["title"] or "",
            version=values["version"] or "",
            start=start,
            questions=questions,
            outcomes=outcomes,
            description=values["description"],
            source=self.source.name,
            lang=lang or SOURCE_LANG,
            source_lang=lang or SOURCE_LANG,
        )

    def language(self, node: YNode, what: str) -> str | None:
        """`node` as a language tag (`en`, `es`, `es-MX`), in its usual case."""
        tag = normalize_tag(node.value) if isinstance(node, YScalar) else None
        if tag is None or not isinstance(node, YScalar):
            self.fail(node, _("{what} is not a language tag").format(what=what),
                      _("write a BCP 47 tag such as en, es or es-MX"))
            return None
        if tag != node.value:
            self.fail(node, _("{what} is '{value}'; write it '{tag}'").format(
                what=what, value=node.value, tag=tag),
                      _("language tags are written in one case: language lower-case, region "
                        "upper-case"))
            return None
        return tag

    def tree_format(self, top: YMap) -> None:
        """`format:`, if given, must be a format this version reads."""
        node = self.get(top, "format")
        if node is None:
            return
        if not isinstance(node, YScalar) or not node.value.isdigit() or not node.value.isascii():
            self.fail(node, _("'format' must be a whole number, e.g. format: 1"))
        elif int(node.value) > FORMAT:
            self.fail(node, _("this tree is written in format {found}; this version of "
                              "contactcheck reads format {format} and older").format(
                found=int(node.value), format=FORMAT),
                      _("update contactcheck (pip install -U contactcheck), or ask the tree's "
                        "author for a version in format 1"))
        elif int(node.value) < 1:
            self.fail(node, _("'format' starts at 1"))

    def section(self, node: YNode, what: str) -> list[tuple[str, YScalar, YNode, bool]]:
        """The `id: body` entries of `questions:` or `outcomes:`, and whether each id is valid."""
        if not isinstance(node, YMap):
            self.fail(node, _(_SECTION_NOT_MAPPING[what]),
                      _("write each as `my_id:` followed by its keys, indented"))
            self.sound = False
            return []
        if not node.entries:
            self.fail(node, _("the section '{key}' is empty").format(key=what))
        found = []
        for key, (key_node, body) in node.entries.items():
            valid = self.identifier(key_node, _("the id in '{key}'").format(key=what)) \
                is not None
            self.sound = self.sound and valid
            found.append((key, key_node, body, valid))
        return found

    def question(self, node_id: str, node: YNode, edges: list[YScalar]) -> Question | None:
        what = question_named(node_id)
        body = self.mapping(node, what, QUESTION_KEYS, QUESTION_REQUIRED)
        choices_node = self.get(body, "choices") if body is not None else None
        if not (isinstance(choices_node, YSeq) and choices_node.items):
            self.incomplete.add(node_id)
        if body is None:
            return None
        count = len(self.problems)
        text_node, help_node = self.get(body, "text"), self.get(body, "help")
        text_what = _("the text of {what}").format(what=what)
        help_what = _("the help of {what}").format(what=what)
        text = self.text(text_node, text_what) if text_node is not None else None
        help_text = self.text(help_node, help_what) if help_node is not None else None
        for shown, value, said in ((text_node, text, text_what), (help_node, help_text,
                                                                   help_what)):
            if shown is not None and value is not None:
                self.no_placeholders(shown, value, said)
        policy_node = self.get(body, "policy")
        policy = None
        if policy_node is not None:
            self.policy_nodes[node_id] = policy_node
            policy = self.identifier(policy_node,
                                     _("the policy fact of {what}").format(what=what))
            if policy is not None and policy not in POLICY_FACTS:
                self.fail(policy_node, _("unknown policy fact '{fact}' in {what}").format(
                    fact=policy, what=what), did_you_mean(policy, POLICY_FACTS)
                          or _("known facts: {facts}").format(facts=", ".join(POLICY_FACTS)))
                policy = None
        choices: list[Choice] = []
        if choices_node is not None:
            known = len(edges)
            choices = self.items(
                choices_node, _("the choices of {what}").format(what=what),
                lambda item, label: self.choice(item, label, edges),
                item=lambda index: _("choice {index} of {what}").format(index=index,
                                                                        what=what))
            if isinstance(choices_node, YSeq) and len(edges) - known != len(choices_node.items):
                self.incomplete.add(node_id)
            seen: dict[str, int] = {}
            if isinstance(choices_node, YSeq):
                for number, (item, choice) in enumerate(
                        zip(choices_node.items, choices, strict=False), 1):
                    for value in (choice.value, *choice.aliases):
                        if value in seen:
                            self.fail(item, _("{what} has the choice value '{value}' "
                                              "twice").format(what=what, value=value),
                                      _("it is first used by choice {number}; every value "
                                        "and alias of a question must differ").format(
                                          number=seen[value]))
                        seen.setdefault(value, number)
            if policy is not None:
                missing = [value for value in FACT_CHOICES[policy] if value not in seen]
                # Only when every choice could be read: an unreadable one may be the yes or no.
                if missing and choices and len(choices) == len(choices_node.items
                                                               if isinstance(choices_node, YSeq)
                                                               else ()):
                    self.fail(policy_node or body,
                              _("{what} is answered by the policy fact '{fact}' but has no "
                                "choice with the value {values}").format(
                                  what=what, fact=policy,
                                  values=_(" or ").join(quoted(m) for m in missing)),
                              _("a policy question offers every value its fact can take"))
        if len(self.problems) > count or text is None:
            return None
        return Question(node_id, text, tuple(choices), help_text, policy)

    def choice(self, node: YNode, what: str, edges: list[YScalar]) -> Choice | None:
        body = self.mapping(node, what, CHOICE_KEYS, CHOICE_REQUIRED)
        if body is None:
            return None
        value_node, label_node, next_node, aliases_node, tags_node = (
            self.get(body, key) for key in CHOICE_KEYS)
        tags: list[str] = []
        if tags_node is not None:
            count = len(self.problems)
            tags_what = _("'{key}' of {what}").format(key="tags", what=what)
            tags = self.items(tags_node, tags_what, self.identifier)
            if len(set(tags)) != len(tags):
                self.fail(tags_node, _("{what} names a tag twice").format(what=tags_what))
            if len(self.problems) > count:
                return None
        value = self.identifier(value_node, _("the value of {what}").format(what=what)) \
            if value_node else None
        if value in PROMPT_KEYS and value_node is not None:
            self.fail(value_node, _("{what} has the value '{value}', which plain prompts read "
                                    "as a key (b: back, q: stop, help)").format(
                what=what, value=value),
                      _("choose another value: {values} are reserved").format(
                          values=", ".join(sorted(PROMPT_KEYS))))
            value = None
        label_what = _("the label of {what}").format(what=what)
        label = self.text(label_node, label_what, one_line=True) if label_node else None
        if label is not None and label_node is not None:
            self.no_placeholders(label_node, label, label_what)
        target = self.identifier(next_node, _("'{key}' of {what}").format(
            key="next", what=what)) if next_node else None
        if target is not None and isinstance(next_node, YScalar):
            edges.append(next_node)
        aliases: list[str] = []
        count = len(self.problems)
        if aliases_node is not None:
            aliases = self.items(aliases_node, _("'{key}' of {what}").format(
                key="aliases", what=what), self.identifier)
        if value is None or label is None or target is None or len(self.problems) > count:
            return None
        return Choice(value, label, target, tuple(aliases), tuple(tags))

    def outcome(self, node_id: str, node: YNode) -> Outcome | None:
        what = outcome_named(node_id)
        body = self.mapping(node, what, OUTCOME_KEYS, OUTCOME_REQUIRED)
        if body is None:
            self.emergency[node_id] = None
            return None
        count = len(self.problems)
        decision = None
        decision_node = self.get(body, "decision")
        if decision_node is not None:
            decision = self.choose(decision_node, _("the decision of {what}").format(what=what),
                                   {d.value: d for d in Decision})
        urgency = self.urgency(body, what)
        self.emergency[node_id] = None if urgency is None else urgency is Urgency.EMERGENCY
        title_node, safety_node, draft_node = (self.get(body, k)
                                               for k in ("title", "safety_net", "draft"))
        title_what = _("the title of {what}").format(what=what)
        title = self.text(title_node, title_what, one_line=True) if title_node else None
        if title is not None and title_node is not None:
            self.no_placeholders(title_node, title, title_what)
        safety_net = self.outcome_text(safety_node, _("the safety net of {what}").format(
            what=what)) if safety_node else None
        draft = self.outcome_text(draft_node, _("the draft of {what}").format(what=what)) \
            if draft_node else None
        why_node, do_node, policy_node, resources_node = (
            self.get(body, k) for k in ("why", "do", "policy", "resources"))
        def of(key: str) -> str:
            return _("'{key}' of {what}").format(key=key, what=what)

        why = self.items(why_node, of("why"), self.reason) if why_node else []
        steps = self.items(do_node, of("do"), self.outcome_text) if do_node else []
        details: list[str] = []
        if policy_node is not None:
            details = self.items(policy_node, of("policy"), self.detail)
        kinds: list[str] = []
        if resources_node is not None:
            kinds = self.items(resources_node, of("resources"), self.line_kind)
        if (urgency is not None and urgency is not Urgency.ROUTINE and decision is not None
                and decision is not Decision.CONTACT_NOW):
            self.fail(decision_node or body, (
                _("{what} is an emergency, so its decision must be contact_now")
                if urgency is Urgency.EMERGENCY
                else _("{what} is urgent, so its decision must be contact_now")).format(
                    what=what))
        if (len(self.problems) > count or decision is None or title is None
                or safety_net is None or not why or not steps or urgency is None):
            return None
        return Outcome(node_id, decision, title, tuple(why), tuple(steps), safety_net,
                       urgency, draft, tuple(details), tuple(kinds))

    def urgency(self, body: YMap, what: str) -> Urgency | None:
        """`urgency:`, or the older `emergency: true|false` (read as urgency emergency/routine)."""
        urgency_node, emergency_node = self.get(body, "urgency"), self.get(body, "emergency")
        urgency = None
        if urgency_node is not None:
            urgency = self.choose(urgency_node, _("the urgency of {what}").format(what=what),
                                  {u.value: u for u in Urgency})
            if urgency is None:
                return None
        if emergency_node is None:
            return urgency or Urgency.ROUTINE
        flag = self.choose(emergency_node, _("'{key}' of {what}").format(
            key="emergency", what=what), BOOLEANS)
        if flag is None:
            return None
        older = Urgency.EMERGENCY if flag else Urgency.ROUTINE
        if urgency is not None and (urgency is Urgency.EMERGENCY) != flag:
            self.fail(emergency_node, _("{what} says 'urgency: {urgency}' but "
                                        "'emergency: {flag}'").format(
                what=what, urgency=urgency.value, flag=str(flag).lower()),
                      _("keep only `urgency:` (emergency, urgent or routine)"))
            return None
        return urgency or older

    def line_kind(self, node: YNode, what: str) -> str | None:
        name = self.identifier(node, what)
        if name is not None and name not in REGION_KINDS:
            self.fail(node, _("{what}: unknown kind of line '{name}'").format(what=what,
                                                                              name=name),
                      did_you_mean(name, REGION_KINDS)
                      or _("known: {names}").format(names=", ".join(REGION_KINDS)))
            return None
        return name

    def outcome_text(self, node: YNode, what: str, *, one_line: bool = False) -> str | None:
        """An outcome text: every `{placeholder}` in it names a known kind of line."""
        text = self.text(node, what, one_line=one_line)
        if text is None:
            return None
        for match in PLACEHOLDER.finditer(text):
            name = match.group(1)
            if name not in LINE_KINDS:
                self.fail(node, _("{what} names an unknown line '{line}'").format(
                    what=what, line="{" + name + "}"), did_you_mean(name, LINE_KINDS)
                          or _("known: {names}").format(
                              names=", ".join("{" + k + "}" for k in LINE_KINDS)))
                return None
        return text

    def no_placeholders(self, node: YNode, text: str, what: str) -> None:
        """Question text is shown before any result: a `{line}` there could never be resolved."""
        match = PLACEHOLDER.search(text)
        if match is not None:
            self.fail(node, _("{what} has the placeholder '{placeholder}'").format(
                what=what, placeholder=match.group()),
                      _("lines are named by kind only in an outcome's why, do, draft and "
                        "safety net; here, say 'the emergency number' or 'a crisis line' in "
                        "words"))

    def reason(self, node: YNode, what: str) -> Reason | None:
        if isinstance(node, YScalar):
            text = self.outcome_text(node, what)
            return Reason(text) if text is not None else None
        body = self.mapping(node, what, REASON_KEYS, REASON_REQUIRED)
        if body is None:
            return None
        text_node, source_node = self.get(body, "text"), self.get(body, "source")
        text = self.outcome_text(text_node, _("the text of {what}").format(what=what)) \
            if text_node else None
        source = self.text(source_node, _("the source of {what}").format(what=what),
                           one_line=True) if source_node else None
        if text is None or (source_node is not None and source is None):
            return None
        return Reason(text, source)

    def detail(self, node: YNode, what: str) -> str | None:
        name = self.identifier(node, what)
        if name is not None and name not in POLICY_DETAILS:
            self.fail(node, _("{what}: unknown policy detail '{name}'").format(what=what,
                                                                               name=name),
                      did_you_mean(name, POLICY_DETAILS)
                      or _("known: {names}").format(names=", ".join(POLICY_DETAILS)))
            return None
        return name

    # -- the graph ---------------------------------------------------------

    def graph(self, start: str | None, top: YMap, keys: dict[str, YScalar],
              edges: dict[str, list[YScalar]]) -> None:
        """Every `next` exists, no cycles, everything reachable, and safety first."""
        hints = _HINTS  # each hint compares with every id: unbounded, that is quadratic
        dangling = False
        for targets in edges.values():
            for target in targets:
                if target.value not in keys:
                    hints -= 1
                    self.fail(target, _("'next' points to '{id}', which does not exist").format(
                        id=target.value), did_you_mean(target.value, keys) if hints >= 0 else None)
                    dangling = True
        # A dangling `next` still leaves a graph to follow: what it cuts off is reported in the
        # same pass, so fixing one problem never reveals the next.
        self.sound = self.sound and not self.incomplete
        if start is None:
            return
        start_node = top.entries["start"][1]
        if start not in keys:
            self.fail(start_node, _("'start' is '{id}', which does not exist").format(id=start),
                      did_you_mean(start, keys))
            return
        if start not in edges:
            self.fail(start_node, _("'start' must be a question (the danger screen), "
                                    "but '{id}' is an outcome").format(id=start))
            return
        self.cycles(start, keys, edges)
        if self.sound:
            reached = _reachable(start, edges)
            hint = (_("a 'next' above points to a name that does not exist: is this the node "
                      "it meant?") if dangling
                    else _("link it from a choice's 'next', or remove it"))
            for node_id, key in keys.items():
                if node_id not in reached:
                    self.fail(key, _("'{id}' cannot be reached from the start '{start}'").format(
                        id=node_id, start=start), hint)
        self.safety_first(start, keys, edges)

    def cycles(self, start: str, keys: dict[str, YScalar],
               edges: dict[str, list[YScalar]]) -> None:
        """Report each edge that closes a loop, with the loop's path (iterative DFS)."""
        state: dict[str, int] = {}  # 1: on the current path, 2: done
        roots = [start, *(node for node in keys if node != start)]
        for root in roots:
            if root in state:
                continue
            path: list[str] = [root]
            place = {root: 0}  # where each node on the path is: no search along the path
            stack: list[Iterable[YScalar]] = [iter(edges.get(root, ()))]
            state[root] = 1
            while stack:
                target = next(stack[-1], None)  # type: ignore[call-overload]
                if target is None:
                    done = path.pop()
                    state[done] = 2
                    del place[done]
                    stack.pop()
                    continue
                name = target.value
                if name not in keys:
                    continue
                if state.get(name) == 1:
                    begin, half = place[name], _LOOP_SHOWN // 2
                    if len(path) - begin < _LOOP_SHOWN:
                        loop = [*path[begin:], name]
                    else:  # a long loop: its ends only, so messages stay short whatever the loop
                        loop = [*path[begin:begin + half], "…", *path[-half + 1:], name]
                    self.fail(target, _("this choice makes a loop: {loop}").format(
                        loop=" -> ".join(loop)), _("a tree must always move on to an outcome"))
                elif name not in state:
                    state[name] = 1
                    place[name] = len(path)
                    path.append(name)
                    stack.append(iter(edges.get(name, ())))

    def safety_first(self, start: str, keys: dict[str, YScalar],
                     edges: dict[str, list[YScalar]]) -> None:
        """The start question is always asked and offers, first, a route to an emergency outcome."""
        policy_node = self.policy_nodes.get(start)
        if policy_node is not None:
            # A policy profile must never answer the danger screen for the person.
            self.fail(policy_node, _("the start question '{id}' cannot have "
                                     "'policy:'").format(id=start),
                      _("safety first: the danger screen is always asked; move the policy "
                        "question further down the tree"))
        targets = edges.get(start, [])
        urgent = [t for t in targets if self.emergency.get(t.value) is True]
        if not urgent:
            # Not when a choice of the start question or an outcome it leads to could not be
            # read: that problem is reported already, and fixing it may be all that is needed.
            unknown = start in self.incomplete or any(
                t.value not in keys or (t.value in self.emergency and self.emergency[t.value]
                                        is None)
                for t in targets)
            if not unknown:
                self.fail(keys[start],
                          _("the start question '{id}' has no choice that leads straight to "
                            "an emergency outcome").format(id=start),
                          _("safety first: the first question screens for danger, and its "
                            "danger answer goes to an outcome with `urgency: emergency`"))
            return
        # Flags, not `target in urgent`: that compares with every urgent choice (quadratic).
        flags = [self.emergency.get(t.value) is True for t in targets]
        leading = flags.index(False) if False in flags else len(targets)
        for target, flag in zip(targets[leading:], flags[leading:], strict=True):
            if flag:
                self.fail(target, _("an emergency choice of the start question is listed "
                                    "after a non-emergency one"),
                          _("list the danger answers first, so they are seen first"))


_SECTION_NOT_MAPPING = {
    "questions": N_("'questions' must be a mapping of ids to questions"),
    "outcomes": N_("'outcomes' must be a mapping of ids to outcomes"),
}
"""Whole sentences, so that a language can make the words agree."""

_HINTS = 20
"""How many missing `next` targets get a "did you mean" hint."""
_LOOP_SHOWN = 8
"""How many ids of a loop a message shows."""


def _reachable(start: str, edges: dict[str, list[YScalar]]) -> set[str]:
    seen = {start}
    todo = [start]
    while todo:
        for target in edges.get(todo.pop(), ()):
            if target.value not in seen:
                seen.add(target.value)
                todo.append(target.value)
    return seen


# -- translations ------------------------------------------------------------


def translation_from_yaml(tree: Tree, root: YMap, source: Source,
                          named: str | None = None) -> Tree:
    """Validate parsed YAML as a translation of `tree` (valid already) and return the tree in
    that language: the same ids, values and structure, only the texts changed.

    `named` is the language the file's name gives (`default.es.yaml`), which `lang:` must match.
    Every problem is located; raise `InvalidFile` listing them all.
    """
    checker = _Translator(source, tree)
    translated = checker.translation(root, named)
    if checker.problems or translated is None:
        raise InvalidFile(sorted(checker.problems, key=lambda p: (p.line, p.col)),
                          "translation")
    return translated


_KIND_MESSAGES = {
    "question": (N_("'{id}' in {what} is not a question of the tree '{tree}'"),
                 N_("{what} has no translation of the question '{id}'")),
    "outcome": (N_("'{id}' in {what} is not an outcome of the tree '{tree}'"),
                N_("{what} has no translation of the outcome '{id}'")),
    "choice": (N_("'{id}' in {what} is not a choice of the tree '{tree}'"),
               N_("{what} has no translation of the choice '{id}'")),
}
"""For each kind of id a translation keys by: an id the tree lacks, and an id left out. Whole
sentences, so that a language can make the words agree with the kind."""


def choice_label_named(value: str, what: str) -> str:
    """`the label of choice 'value' of question 'id'` (`what` names the question)."""
    return _("the label of choice '{value}' of {what}").format(value=value, what=what)


def placeholders(text: str) -> set[str]:
    """The `{line}` names a text uses."""
    return set(PLACEHOLDER.findall(text))


class _Translator(_Checker):
    """Reads a translation against its (valid) source tree: exactly the source's ids, every
    text present and non-empty, the same rules for each text, the same placeholders."""

    def __init__(self, source: Source, tree: Tree) -> None:
        super().__init__(source)
        self.original = tree

    def translation(self, root: YMap, named: str | None) -> Tree | None:
        tree = self.original
        top = self.mapping(root, _("the translation"), TRANSLATION_KEYS, TRANSLATION_REQUIRED)
        if top is None:
            return None
        node = self.get(top, "translation")
        if node is not None:
            value = self.identifier(node, quoted("translation"))
            if value is not None and value != tree.id:
                self.fail(node, _("this translates the tree '{id}', but the tree beside it "
                                  "is '{tree}'").format(id=value, tree=tree.id),
                          _("write `translation: {tree}`").format(tree=tree.id))
        lang_node = self.get(top, "lang")
        lang = self.language(lang_node, quoted("lang")) if lang_node is not None else None
        if lang is not None and lang_node is not None:
            if lang == tree.lang:
                self.fail(lang_node, _("the tree itself is written in '{lang}'").format(
                    lang=lang), _("a translation is into another language"))
            elif named is not None and lang != named:
                self.fail(lang_node, _("'lang' is '{lang}' but the file's name says "
                                       "'{named}'").format(lang=lang, named=named),
                          _("rename the file, or write `lang: {named}`").format(named=named))
        title = self.same(top, "title", tree.title, _("the tree's title"), one_line=True)
        description = self.same(top, "description", tree.description,
                                _("the tree's description"), optional=True)
        found = self.ids(top, "questions", tree.questions, "question")
        questions: dict[str, Question] = {}
        for question_id, body in found.items():
            question = self.question_text(tree.questions[question_id], body)
            if question is not None:
                questions[question_id] = question
        found = self.ids(top, "outcomes", tree.outcomes, "outcome")
        outcomes: dict[str, Outcome] = {}
        for outcome_id, body in found.items():
            outcome = self.outcome_texts(tree.outcomes[outcome_id], body)
            if outcome is not None:
                outcomes[outcome_id] = outcome
        if self.problems or lang is None or title is None:
            return None
        return replace(tree, title=title, description=description, lang=lang,
                       questions=questions, outcomes=outcomes)

    def ids(self, top: YMap, key: str, expected: Mapping[str, object], kind: str,
            ) -> dict[str, YNode]:
        """`key:` as a mapping with exactly the ids of `expected`, each located if wrong."""
        entry = top.entries.get(key)
        if entry is None:
            return {}
        return self.keyed(entry[1], quoted(key), tuple(expected), kind, entry[0])

    def keyed(self, node: YNode, what: str, expected: tuple[str, ...], kind: str,
              where: YScalar) -> dict[str, YNode]:
        """A mapping whose keys are exactly `expected` (ids or values of the source); a missing
        one is reported at `where`, the mapping's key."""
        if not isinstance(node, YMap):
            self.fail(node, _("{what} must be a mapping of ids to texts, as in the "
                              "tree").format(what=what))
            return {}
        found: dict[str, YNode] = {}
        extra, missing = _KIND_MESSAGES[kind]
        for key, (key_node, body) in node.entries.items():
            if key in expected:
                found[key] = body
                continue
            self.fail(key_node, _(extra).format(id=show_id(key), what=what,
                                                tree=self.original.id),
                      did_you_mean(key, [e for e in expected if e not in node.entries])
                      or _("a translation has exactly the tree's ids: remove it"))
        for key in expected:
            if key not in node.entries:
                self.fail(where, _(missing).format(what=what, id=key),
                          _("add `{key}:` with its text in this language").format(key=key))
        return found

    def same(self, body: YMap, key: str, original: str | None, what: str, *,
             one_line: bool = False, optional: bool = False) -> str | None:
        """The translation of one text of the source: present exactly when the source has it,
        checked as the source's text is, and naming the same lines (`{crisis}`)."""
        node = self.get(body, key)
        if original is None:
            if node is not None:
                self.fail(node, _("{what} is translated, but the tree has none").format(
                    what=what), _("remove `{key}:`").format(key=key))
            return None
        if node is None:
            if optional:  # required keys are reported by `mapping`
                self.fail(body, _("{what} is not translated").format(what=what),
                          _("add `{key}:` in this language").format(key=key))
            return None
        return self.matching(node, original, what, one_line=one_line)

    def matching(self, node: YNode, original: str, what: str, *,
                 one_line: bool = False) -> str | None:
        """A translated text: read as the source's text is, naming the same lines."""
        text = self.text(node, what, one_line=one_line)
        if text is None:
            return None
        want, have = placeholders(original), placeholders(text)
        if want != have:
            missing = ", ".join("{" + n + "}" for n in sorted(want - have))
            extra = ", ".join("{" + n + "}" for n in sorted(have - want))
            said = "; ".join(part for part in (
                missing and _("it lacks {names}").format(names=missing),
                extra and _("it adds {names}").format(names=extra)) if part)
            self.fail(node, _("{what} must name the same lines as the tree's text: "
                              "{said}").format(what=what, said=said),
                      _("keep each placeholder such as {crisis} exactly as written, "
                        "untranslated: it becomes the line's name and number"))
            return None
        if original.count(THERAPIST_NAME) != text.count(THERAPIST_NAME):
            times = original.count(THERAPIST_NAME)
            self.fail(node, ngettext("{what} must keep {token} as the tree's text has it "
                                     "({count} time)",
                                     "{what} must keep {token} as the tree's text has it "
                                     "({count} times)", times).format(
                what=what, token=THERAPIST_NAME, count=times),
                      _("it is filled in with the therapist's name from the person's profile; "
                        "write it exactly so, untranslated"))
            return None
        return text

    def texts(self, body: YMap, key: str, originals: tuple[str, ...], what: str,
              ) -> list[str] | None:
        """A list of texts, one per text of the source, in the same order."""
        node = self.get(body, key)
        if node is None:
            return None
        if not isinstance(node, YSeq):
            self.fail(node, _("{what} must be a list (one '- ' item per line), as in the "
                              "tree").format(what=what))
            return None
        if len(node.items) != len(originals):
            self.fail(node, ngettext("{what} has {count} item; the tree has {expected}",
                                     "{what} has {count} items; the tree has {expected}",
                                     len(node.items)).format(
                what=what, count=len(node.items), expected=len(originals)),
                      _("translate each item of the tree, in order"))
            return None
        found = []
        for index, (item, original) in enumerate(zip(node.items, originals, strict=True), 1):
            found.append(self.matching(item, original, _("item {index} of {what}").format(
                index=index, what=what)))
        if any(text is None for text in found):
            return None
        return [text for text in found if text is not None]

    def question_text(self, question: Question, node: YNode) -> Question | None:
        what = question_named(question.id)
        body = self.mapping(node, what, TRANSLATED_QUESTION_KEYS, ("text", "choices"))
        if body is None:
            return None
        count = len(self.problems)
        text = self.same(body, "text", question.text, _("the text of {what}").format(what=what))
        help_text = self.same(body, "help", question.help,
                              _("the help of {what}").format(what=what), optional=True)
        choices_entry = body.entries.get("choices")
        labels: dict[str, str] = {}
        if choices_entry is not None:
            found = self.keyed(choices_entry[1], _("the choices of {what}").format(what=what),
                               question.values, "choice", choices_entry[0])
            for choice in question.choices:
                if choice.value in found:
                    label = self.matching(found[choice.value], choice.label,
                                          choice_label_named(choice.value, what),
                                          one_line=True)
                    if label is not None:
                        labels[choice.value] = label
        if len(self.problems) > count or text is None:
            return None
        return replace(question, text=text, help=help_text, choices=tuple(
            replace(choice, label=labels[choice.value]) for choice in question.choices))

    def outcome_texts(self, outcome: Outcome, node: YNode) -> Outcome | None:
        what = outcome_named(outcome.id)
        body = self.mapping(node, what, TRANSLATED_OUTCOME_KEYS,
                            ("title", "why", "do", "safety_net"))
        if body is None:
            return None
        count = len(self.problems)
        title = self.same(body, "title", outcome.title,
                          _("the title of {what}").format(what=what), one_line=True)
        why = self.texts(body, "why", tuple(r.text for r in outcome.why),
                         _("'{key}' of {what}").format(key="why", what=what))
        steps = self.texts(body, "do", outcome.do,
                           _("'{key}' of {what}").format(key="do", what=what))
        draft = self.same(body, "draft", outcome.draft,
                          _("the draft of {what}").format(what=what), optional=True)
        net = self.same(body, "safety_net", outcome.safety_net,
                        _("the safety net of {what}").format(what=what))
        if (len(self.problems) > count or title is None or why is None or steps is None
                or net is None):
            return None
        return replace(outcome, title=title, why=tuple(
            replace(reason, text=text) for reason, text in zip(outcome.why, why, strict=True)),
            do=tuple(steps), draft=draft, safety_net=net)
