"""The therapist's contact policy profile: what they agreed, and the facts it answers.

A small YAML file the person fills in (`contactcheck policy init`) or passes
with `--policy`. Read as strictly as trees. Each offer section is a mapping
or `yes` (offered: the fact is `yes`), `no` or `none` (not offered), or absent
(unknown: the tree asks the person instead). Nothing is ever guessed.

`default_policy_path()` is defined in locations.py, so that a `check` can look
for a saved profile without importing this reader, and re-exported here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from msgspec import Struct, field
from msgspec.structs import replace

from contactcheck.check.clock import (
    ALWAYS_WORDS,
    DAYS,
    Hours,
    ReplyTime,
    Span,
    parse_days,
    parse_ranges,
    parse_reply_time,
    parse_weekly,
)
from contactcheck.errors import InvalidFile
from contactcheck.files import read_capped
from contactcheck.folders import default_policy_path as default_policy_path
from contactcheck.i18n import N_, _
from contactcheck.personal.storage import write_private
from contactcheck.tree.fields import Reader
from contactcheck.tree.yamlread import Source, YMap, YNode, YScalar, decode, parse

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

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
    "after_hours": N_("After-hours contact"),
    "dbt_coaching": N_("DBT phone coaching"),
    "covering_colleague": N_("Covering colleague"),
    "between_sessions": N_("Between-session messages"),
}
NOT_OFFERED = {
    "after_hours": N_("Not offered: after hours"),
    "dbt_coaching": N_("Not offered: dbt coaching"),
    "covering_colleague": N_("Not offered: covering colleague"),
    "between_sessions": N_("Not offered: between sessions"),
}
"""What a profile or practice file says when an offer is `no` (`policy show`, `setup`)."""
_LABELS = {"name": N_("name"), "number": N_("number"), "hours": N_("hours"),
           "notes": N_("notes"), "contact": N_("contact"), "when": N_("when"),
           "allowance": N_("allowance"), "channel": N_("channel")}
"""How a detail's key reads before its value in a result ("number: 0117 496 0999")."""
_TEXTS = ("therapist", "response_time", "fees")
OFFICE_KEYS = ("number", "hours", "notes")
AWAY_KEYS = ("from", "until", "notes")
SESSIONS_KEYS = ("weekly",)
POLICY_KEYS = (*_TEXTS, "timezone", "channels", "office", *OFFERS, "sessions", "away")
HOURS_OF = ("office", "dbt_coaching", "after_hours")
"""The parts of a profile that may have structured `hours`."""
CHANNEL_KEYS = ("name", "kind", "secure", "for", "address", "notes")
_SHORT_ANSWERS: Mapping[str, Mapping[str, str] | None] = MappingProxyType(
    {"yes": MappingProxyType({}), "no": None, "none": None})
"""`dbt_coaching: yes` (offered, no details given), `no` or `none` (not offered)."""


class Channel(Struct, frozen=True):
    """A way to reach the therapist, and what it is for."""

    name: str
    kind: str
    secure: bool = False
    """Whether it is safe for clinical content (a secure portal, not personal email)."""
    uses: tuple[str, ...] = ()
    address: str | None = None
    notes: str | None = None


class Policy(Struct, frozen=True):
    """What the therapist agreed about contact between sessions."""

    therapist: str | None = None
    response_time: str | None = None
    fees: str | None = None
    channels: tuple[Channel, ...] | None = None
    """None when the profile does not say."""
    offers: Mapping[str, Mapping[str, str] | None] = field(default_factory=dict)
    """Section -> its details, or None when explicitly not offered; absent when unknown."""
    source: str | None = None
    zone: ZoneInfo | None = None
    """The time zone of every time in the profile (`timezone:`)."""
    office: Mapping[str, str] | None = None
    """The office line's details (`number`, `hours` in words, `notes`); None when not given."""
    hours: Mapping[str, Hours] = field(default_factory=dict)
    """Structured hours by part (`office`, `dbt_coaching`, `after_hours`); free text is absent."""
    weekly: tuple[int, int] | None = None
    """The usual weekly session: (weekday, minute of the day), in `zone`."""
    away: tuple[dt.date | None, dt.date] | None = None
    """When the therapist is away: (first day or None, last day)."""
    away_notes: str | None = None
    keys: frozenset[str] = frozenset()
    """The top-level keys the profile gave (a person's own profile wins key by key)."""

    @property
    def reply(self) -> ReplyTime | None:
        """The response time, when it is stated in a form the tool can count with."""
        return parse_reply_time(self.response_time) if self.response_time else None

    def away_on(self, day: dt.date) -> bool:
        """Whether the profile says the therapist is away on `day`."""
        if self.away is None:
            return False
        first, last = self.away
        return (first is None or first <= day) and day <= last

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
            parts = [f"{_(_LABELS[key])}: {self._shown(name, key, offer[key])}"
                     for key in OFFERS[name] if key in offer]
            title = _(_OFFER_TITLES[name])
            return [f"{title} — " + "; ".join(parts)] if parts else [title]
        if name == "channels":
            return [_describe(channel) for channel in self.channels or ()]
        if name == "secure_messaging":
            return [_describe(c) for c in self.channels or () if c.secure and "clinical" in c.uses]
        if name == "response_time" and self.response_time:
            return [_("Usual response time: {time}").format(time=self.response_time)]
        if name == "office" and self.office:
            parts = [f"{_(_LABELS[key])}: {self._shown(name, key, self.office[key])}"
                     for key in OFFICE_KEYS if key in self.office]
            return [_("Office — {details}").format(details="; ".join(parts))] if parts else []
        if name == "fees" and self.fees:
            return [_("Fees for contact: {fees}").format(fees=self.fees)]
        return []

    def _shown(self, name: str, key: str, value: str) -> str:
        """A detail's value as shown: structured hours in the interface's language now (the
        profile may be read before a check's language is final), the rest as written."""
        return self.hours[name].describe() if key == "hours" and name in self.hours else value


def _describe(channel: Channel) -> str:
    text = (_("{name} ({kind}, secure)") if channel.secure else
            _("{name} ({kind}, not secure for clinical content)")).format(name=channel.name,
                                                                           kind=channel.kind)
    if channel.uses:
        text += " " + _("— for {uses}").format(uses=", ".join(channel.uses))
    if channel.address:
        text += f": {channel.address}"
    return text


def load_policy(path: Path, *, own: bool = False) -> Policy:
    """Read and validate a policy profile; raise `InvalidFile` (exit 3) listing every problem.

    `own`: the saved profile in the person's folder, read only if it is a regular file of
    theirs that no one else can change (`UnreadableFile` otherwise).
    """
    data = read_capped(path, str(path), "policy profile", own=own)
    source = decode(data, str(path), "policy profile")
    return policy_from_yaml(parse(source, "policy profile"), source)


def policy_from_yaml(root: YMap, source: Source) -> Policy:
    """Validate parsed YAML as a policy profile."""
    reader = _PolicyReader(source)
    policy = reader.policy(root)
    if reader.problems or policy is None:
        raise InvalidFile(sorted(reader.problems, key=lambda p: (p.line, p.col)), "policy profile")
    return policy


def _quoted(key: str) -> str:
    """A key of the profile as a message names it ('office'); the key itself is never translated."""
    return _("'{key}'").format(key=key)


class _PolicyReader(Reader):
    def __init__(self, source: Source) -> None:
        super().__init__(source)
        self.structured: list[YNode] = []
        """Structured hours and sessions: they need the profile's time zone."""
        self.hours: dict[str, Hours] = {}

    def policy(self, root: YMap) -> Policy | None:
        if self.mapping(root, _("the policy profile"), POLICY_KEYS, ()) is None:
            return None
        texts: dict[str, str | None] = {}
        for key in _TEXTS:
            node = self.get(root, key)
            texts[key] = self.text(node, _quoted(key), one_line=True) if node is not None else None
        channels_node = self.get(root, "channels")
        channels = None
        if channels_node is not None:
            channels = tuple(self.items(channels_node, _quoted("channels"), self.channel))
        zone_node = self.get(root, "timezone")
        zone = self.zone(zone_node) if zone_node is not None else None
        offers: dict[str, Mapping[str, str] | None] = {}
        for name, keys in OFFERS.items():
            node = self.get(root, name)
            if node is None:
                continue
            if isinstance(node, YScalar) and node.value in _SHORT_ANSWERS:
                offers[name] = _SHORT_ANSWERS[node.value]
                continue
            if not isinstance(node, YMap):
                self.fail(node, _("'{name}' must be yes, no, or a mapping of details").format(
                    name=name), _("for example: {name}: {{{key}: ...}}  or  {name}: no").format(
                    name=name, key=keys[0]))
                continue
            details = self.details(node, name, keys)
            if details is not None:
                offers[name] = MappingProxyType(details)
        office = None
        office_node = self.get(root, "office")
        if office_node is not None:
            if isinstance(office_node, YMap):
                office = self.details(office_node, "office", OFFICE_KEYS)
            else:
                self.fail(office_node, _("'office' must be a mapping of details"),
                          _('for example: office: {number: "...", hours: {mon-fri: '
                            '"09:00-17:00"}}'))
        weekly = None
        sessions_node = self.get(root, "sessions")
        if sessions_node is not None and self.mapping(sessions_node, _quoted("sessions"),
                                                       SESSIONS_KEYS, ("weekly",)):
            assert isinstance(sessions_node, YMap)
            weekly_node = self.get(sessions_node, "weekly")
            weekly_text = self.text(weekly_node, _("'{key}' of {what}").format(
                key="weekly", what=_quoted("sessions")), one_line=True) \
                if weekly_node is not None else None
            if weekly_node is not None and weekly_text is not None:
                try:
                    weekly = parse_weekly(weekly_text)
                except ValueError as error:
                    self.fail(weekly_node, str(error))
                self.structured.append(weekly_node)
        away, away_notes = self.away(self.get(root, "away"))
        if zone is None and zone_node is None:
            for node in self.structured:
                self.fail(node, _("times here need the profile's time zone"),
                          _("add a line such as  timezone: Europe/London  (an IANA time zone)"))
        return Policy(texts["therapist"], texts["response_time"], texts["fees"], channels,
                      MappingProxyType(offers), self.source.name, zone,
                      MappingProxyType(office) if office is not None else None,
                      MappingProxyType(self.hours), weekly, away, away_notes,
                      frozenset(root.entries))

    def details(self, node: YMap, name: str, keys: tuple[str, ...]) -> dict[str, str] | None:
        """A section's details: one-line texts, and `hours` structured or as text."""
        hours_node = self.get(node, "hours") if "hours" in keys else None
        details = self.read_map(node, _quoted(name), keys, (),
                                tuple(key for key in keys if key != "hours"))
        if hours_node is None:
            return details
        hours = self.read_hours(hours_node, _("'{key}' of {what}").format(key="hours",
                                                                        what=_quoted(name)))
        if details is None or hours is None:
            return None
        if isinstance(hours, Hours):
            self.hours[name] = hours
            self.structured.append(hours_node)
            details["hours"] = hours.describe()
        else:
            details["hours"] = hours
        return details

    def read_hours(self, node: YNode, what: str) -> Hours | str | None:
        """Weekly hours (a mapping of days to times, or "24/7"); other text means "not known"."""
        if isinstance(node, YScalar):
            text = self.text(node, what, one_line=True)
            if text is not None and text.lower() in ALWAYS_WORDS:
                return Hours(always=True)
            return text
        if not isinstance(node, YMap) or not node.entries:
            self.fail(node, _("{what} must be days and times, or text").format(what=what),
                      _('for example: hours: {mon-fri: "09:00-17:00", sat: "10:00-14:00"}'))
            return None
        count = len(self.problems)
        seen: dict[int, str] = {}
        spans: list[Span] = []
        for key, (key_node, value_node) in node.entries.items():
            try:
                days = parse_days(key)
            except ValueError as error:
                self.fail(key_node, _("in {what}: {problem}").format(what=what, problem=error),
                          _("days are mon, tue, wed, thu, fri, sat, sun, a range such as "
                            "mon-fri, a list such as mon,wed, or daily"))
                continue
            for day in days:
                if day in seen:
                    self.fail(key_node, _("in {what}: '{day}' is listed twice ('{first}' and "
                                          "'{second}')").format(what=what, day=DAYS[day],
                                                                 first=seen[day], second=key),
                              _("name each day once"))
                seen[day] = key
            value = self.text(value_node, _("the hours for '{key}' in {what}").format(
                key=key, what=what), one_line=True)
            if value is None:
                continue
            try:
                ranges = parse_ranges(value)
            except ValueError as error:
                self.fail(value_node, _("in {what}: {problem}").format(what=what,
                                                                       problem=error),
                          _('write "09:00-17:00", "09:00-12:00, 13:00-17:00" or "closed"'))
                continue
            spans += [Span(day, start, end) for day in days for start, end in ranges]
        if len(self.problems) > count:
            return None
        return Hours(tuple(sorted(spans, key=lambda span: (span.day, span.start))))

    def zone(self, node: YNode) -> ZoneInfo | None:
        """`timezone:` as an IANA time zone."""
        text = self.text(node, _quoted("timezone"), one_line=True)
        if text is None:
            return None
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return ZoneInfo(text)
        except (ZoneInfoNotFoundError, ValueError):
            self.fail(node, _("'{zone}' is not a time zone this computer knows").format(
                zone=text), _("use an IANA name such as Europe/London or America/New_York"))
            return None

    def away(self, node: YNode | None) -> tuple[tuple[dt.date | None, dt.date] | None, str | None]:
        """`away: {from, until, notes}`: the days the therapist is away."""
        if node is None:
            return None, None
        values = self.read_map(node, _quoted("away"), AWAY_KEYS, ("until",), AWAY_KEYS) \
            if isinstance(node, YMap) else None
        if not isinstance(node, YMap):
            self.fail(node, _("'away' must be a mapping"),
                      _('for example: away: {from: "2026-12-20", until: "2027-01-04"}'))
        if values is None:
            return None, None
        dates: dict[str, dt.date] = {}
        for key in ("from", "until"):
            if key in values:
                try:
                    dates[key] = dt.date.fromisoformat(values[key])
                except ValueError:
                    date_node = node.entries[key][1] if isinstance(node, YMap) else node
                    self.fail(date_node, _("'{key}' of 'away' is not a date like "
                                           "2026-12-20").format(key=key))
        if "until" not in dates:
            return None, None
        return (dates.get("from"), dates["until"]), values.get("notes")

    def channel(self, node: YNode, what: str) -> Channel | None:
        if not isinstance(node, YMap):
            self.fail(node, _("{what} must be a mapping with name, kind, secure and "
                              "for").format(what=what))
            return None
        count = len(self.problems)
        values = self.read_map(node, what, CHANNEL_KEYS, ("name", "kind"),
                               ("name", "address", "notes"))
        kind_node, secure_node, uses_node = (self.get(node, k) for k in ("kind", "secure", "for"))
        kind = self.choose(kind_node, _("the kind of {what}").format(what=what),
                           {k: k for k in CHANNEL_KINDS}) \
            if kind_node is not None else None
        secure = self.flag(secure_node, _("'{key}' of {what}").format(
            key="secure", what=what)) if secure_node is not None else False
        uses: list[str] = []
        if uses_node is not None:
            uses = self.items(uses_node, _("'{key}' of {what}").format(key="for", what=what),
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

    write_private(path, text)
    return path


_FIELDS_OF_KEY: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "therapist": ("therapist",), "response_time": ("response_time",), "fees": ("fees",),
    "channels": ("channels",), "timezone": ("zone",), "office": ("office",),
    "sessions": ("weekly",), "away": ("away", "away_notes"),
})


def merge_policies(practice: Policy, own: Policy) -> tuple[Policy, list[str]]:
    """The practice's policy with the person's own profile winning key by key.

    Returns the merged policy and the keys where the two differ (the person's is used).
    """

    changes: dict[str, object] = {}
    differ: list[str] = []
    offers = dict(practice.offers)
    hours = dict(practice.hours)
    for key in sorted(own.keys):
        if key in OFFERS:
            mine = own.offers.get(key)
            if key in practice.keys and practice.offers.get(key) != mine:
                differ.append(key)
            if key in own.offers:
                offers[key] = mine
            else:
                offers.pop(key, None)
            hours.pop(key, None)
            if key in own.hours:
                hours[key] = own.hours[key]
            continue
        names = _FIELDS_OF_KEY.get(key, ())
        if key in practice.keys and any(getattr(practice, name) != getattr(own, name)
                                        for name in names):
            differ.append(key)
        for name in names:
            changes[name] = getattr(own, name)
        if key == "office":
            hours.pop("office", None)
            if "office" in own.hours:
                hours["office"] = own.hours["office"]
    merged = replace(practice, offers=MappingProxyType(offers), hours=MappingProxyType(hours),
                     keys=practice.keys | own.keys, source=own.source, **changes)
    return merged, differ
