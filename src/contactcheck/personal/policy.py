"""The therapist's contact policy profile: what they agreed, and the facts it answers.

A small YAML file the person fills in (`contactcheck policy init`) or passes
with `--policy`. Read as strictly as trees. Each offer section is a mapping
or `yes` (offered: the fact is `yes`), `no` or `none` (not offered), or absent
(unknown: the tree asks the person instead). Nothing is ever guessed.

`default_policy_path()` is defined in locations.py, so that a `check` can look
for a saved profile without importing this reader, and re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from contactcheck.errors import InvalidFile
from contactcheck.folders import default_policy_path as default_policy_path
from contactcheck.tree.fields import Reader
from contactcheck.tree.yamlread import Source, YMap, YNode, YScalar, decode, parse, read_limited

CHANNEL_KINDS = ("portal", "email", "text", "phone", "video", "other")
CHANNEL_USES = ("scheduling", "billing", "forms", "clinical", "coaching", "emergency")

OFFERS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    # section (= policy fact): the keys it may have, in the order they are shown
    "after_hours": ("name", "number", "hours", "notes"),
    "dbt_coaching": ("number", "hours", "notes"),
    "covering_colleague": ("name", "contact", "when", "notes"),
    "between_sessions": ("allowance", "channel", "notes"),
})
_OFFER_TITLES = {
    "after_hours": "After-hours contact",
    "dbt_coaching": "DBT phone coaching",
    "covering_colleague": "Covering colleague",
    "between_sessions": "Between-session messages",
}
_TEXTS = ("therapist", "response_time", "fees")
POLICY_KEYS = (*_TEXTS, "channels", *OFFERS)
CHANNEL_KEYS = ("name", "kind", "secure", "for", "address", "notes")
_SHORT_ANSWERS: Mapping[str, Mapping[str, str] | None] = MappingProxyType(
    {"yes": MappingProxyType({}), "no": None, "none": None})
"""`dbt_coaching: yes` (offered, no details given), `no` or `none` (not offered)."""


@dataclass(frozen=True, slots=True)
class Channel:
    """A way to reach the therapist, and what it is for."""

    name: str
    kind: str
    secure: bool = False
    """Whether it is safe for clinical content (a secure portal, not personal email)."""
    uses: tuple[str, ...] = ()
    address: str | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class Policy:
    """What the therapist agreed about contact between sessions."""

    therapist: str | None = None
    response_time: str | None = None
    fees: str | None = None
    channels: tuple[Channel, ...] | None = None
    """None when the profile does not say."""
    offers: Mapping[str, Mapping[str, str] | None] = field(default_factory=dict)
    """Section -> its details, or None when explicitly not offered; absent when unknown."""
    source: str | None = None

    @property
    def facts(self) -> dict[str, str]:
        """The policy facts this profile answers; unknown facts are absent, never guessed."""
        facts = {name: ("no" if details is None else "yes")
                 for name, details in self.offers.items()}
        if self.channels is not None:
            secure = any(c.secure and "clinical" in c.uses for c in self.channels)
            facts["secure_messaging"] = "yes" if secure else "no"
        support = self.urge_support(facts)
        if support is not None:
            facts["urge_support"] = support
        return facts

    @staticmethod
    def urge_support(facts: Mapping[str, str]) -> str | None:
        """What the therapist gave for urges, when the profile says; None when it does not.

        DBT coaching first, then an after-hours number; `nothing` only when the profile says
        no to all three. A covering colleague helps only while the therapist is away, which
        no profile can know, so that answer is always the person's.
        """
        if facts.get("dbt_coaching") == "yes":
            return "coaching"
        if facts.get("after_hours") == "yes":
            return "after_hours"
        if all(facts.get(name) == "no"
               for name in ("dbt_coaching", "after_hours", "covering_colleague")):
            return "nothing"
        return None

    def details(self, name: str) -> list[str]:
        """Lines describing one part of the profile (for an outcome's `policy:` list)."""
        if name in OFFERS:
            offer = self.offers.get(name)
            if offer is None:
                return []
            parts = [f"{key.replace('_', ' ')}: {offer[key]}" for key in OFFERS[name]
                     if key in offer]
            return [f"{_OFFER_TITLES[name]} — " + "; ".join(parts)] if parts else \
                [_OFFER_TITLES[name]]
        if name == "channels":
            return [_describe(channel) for channel in self.channels or ()]
        if name == "secure_messaging":
            return [_describe(c) for c in self.channels or () if c.secure and "clinical" in c.uses]
        if name == "response_time" and self.response_time:
            return [f"Usual response time: {self.response_time}"]
        if name == "fees" and self.fees:
            return [f"Fees for contact: {self.fees}"]
        return []


def _describe(channel: Channel) -> str:
    text = f"{channel.name} ({channel.kind}"
    text += ", secure" if channel.secure else ", not secure for clinical content"
    text += ")"
    if channel.uses:
        text += f" — for {', '.join(channel.uses)}"
    if channel.address:
        text += f": {channel.address}"
    return text


def load_policy(path: Path) -> Policy:
    """Read and validate a policy profile; raise `InvalidFile` (exit 3) listing every problem."""
    data = read_limited(path, str(path), "policy profile")
    source = decode(data, str(path), "policy profile")
    return policy_from_yaml(parse(source, "policy profile"), source)


def policy_from_yaml(root: YMap, source: Source) -> Policy:
    """Validate parsed YAML as a policy profile."""
    reader = _PolicyReader(source)
    policy = reader.policy(root)
    if reader.problems or policy is None:
        raise InvalidFile(sorted(reader.problems, key=lambda p: (p.line, p.col)), "policy profile")
    return policy


class _PolicyReader(Reader):
    def policy(self, root: YMap) -> Policy | None:
        if self.mapping(root, "the policy profile", POLICY_KEYS, ()) is None:
            return None
        texts: dict[str, str | None] = {}
        for key in _TEXTS:
            node = self.get(root, key)
            texts[key] = self.text(node, f"'{key}'", one_line=True) if node is not None else None
        channels_node = self.get(root, "channels")
        channels = None
        if channels_node is not None:
            channels = tuple(self.items(channels_node, "'channels'", self.channel))
        offers: dict[str, Mapping[str, str] | None] = {}
        for name, keys in OFFERS.items():
            node = self.get(root, name)
            if node is None:
                continue
            if isinstance(node, YScalar) and node.value in _SHORT_ANSWERS:
                offers[name] = _SHORT_ANSWERS[node.value]
                continue
            if not isinstance(node, YMap):
                self.fail(node, f"'{name}' must be yes, no, or a mapping of details",
                          f"for example: {name}: {{{keys[0]}: ...}}  or  {name}: no")
                continue
            details = self.read_map(node, f"'{name}'", keys, (), keys)
            if details is not None:
                offers[name] = MappingProxyType(details)
        return Policy(texts["therapist"], texts["response_time"], texts["fees"], channels,
                      MappingProxyType(offers), self.source.name)

    def channel(self, node: YNode, what: str) -> Channel | None:
        if not isinstance(node, YMap):
            self.fail(node, f"{what} must be a mapping with name, kind, secure and for")
            return None
        count = len(self.problems)
        values = self.read_map(node, what, CHANNEL_KEYS, ("name", "kind"),
                               ("name", "address", "notes"))
        kind_node, secure_node, uses_node = (self.get(node, k) for k in ("kind", "secure", "for"))
        kind = self.choose(kind_node, f"the kind of {what}", {k: k for k in CHANNEL_KINDS}) \
            if kind_node is not None else None
        secure = self.flag(secure_node, f"'secure' of {what}") if secure_node is not None \
            else False
        uses: list[str] = []
        if uses_node is not None:
            uses = self.items(uses_node, f"'for' of {what}",
                              lambda item, label: self.choose(
                                  item, label, {u: u for u in CHANNEL_USES}))
        if len(self.problems) > count or values is None or kind is None or secure is None:
            return None
        return Channel(values["name"], kind, secure, tuple(uses), values.get("address"),
                       values.get("notes"))


def save_policy(path: Path, text: str) -> Path:
    """Check `text` as strictly as any profile, then write it privately and atomically."""
    source = decode(text.encode("utf-8"), str(path), "policy profile")
    policy_from_yaml(parse(source, "policy profile"), source)
    from contactcheck.personal.storage import write_private

    write_private(path, text)
    return path
