"""Changing one field of a saved policy profile, keeping the rest of the file as written.

`policy edit` rewrites only the lines of the field it changes (comments and the other
fields stay as the person or `policy init` wrote them); the result is checked as strictly as
any profile before it is saved (`save_policy`), so an edit can never leave an unusable file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from msgspec import Struct

from contactcheck.i18n import _, ngettext
from contactcheck.personal.policy import AWAY_KEYS, OFFERS, OFFICE_KEYS, SESSIONS_KEYS
from contactcheck.tree.yamlread import YMap, YNode, YScalar, YSeq, decode, parse

FIELDS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    # field: the details it may have (none: a line of text)
    "therapist": (), "response_time": (), "fees": (), "timezone": (),
    **OFFERS, "office": OFFICE_KEYS, "sessions": SESSIONS_KEYS, "away": AWAY_KEYS,
})
"""What `--set` and `--unset` can change; `channels`, a list, is changed by `policy init` or by
hand."""

_SHORT = ("yes", "no", "none")
"""An offer's short answers: offered with no details given, or not offered."""
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class Change(Struct, frozen=True):
    """One `--set FIELD=VALUE` (or `--set FIELD.DETAIL=VALUE`), or an `--unset` (value None)."""

    field: str
    detail: str | None
    value: str | None

    @property
    def name(self) -> str:
        """As it was typed: `dbt_coaching.number`."""
        return self.field if self.detail is None else f"{self.field}.{self.detail}"


def parse_change(name: str, value: str | None) -> Change:
    """A change of `name` (FIELD or FIELD.DETAIL); ValueError naming what can be changed."""
    field, _dot, detail = name.strip().partition(".")
    if field not in FIELDS:
        message = _("'{name}' is not a field of the profile (`channels` is changed by "
                    "`policy init` or by editing the file); the fields are: {fields}") \
            if field == "channels" else \
            _("'{name}' is not a field of the profile; the fields are: {fields}")
        raise ValueError(message.format(name=name, fields=", ".join(FIELDS)))
    details = FIELDS[field]
    if detail and detail not in details:
        if details:
            raise ValueError(_("'{name}' is not a detail of '{field}': use {details}").format(
                name=name, field=field, details=", ".join(f"{field}.{key}" for key in details)))
        raise ValueError(_("'{name}' is not a detail of '{field}': use only {field} "
                           "itself").format(name=name, field=field))
    if value is not None and details and not detail and (
            field not in OFFERS or value.strip().lower() not in _SHORT):
        message = _("'{field}' has details: give {field}=yes or {field}=no, or one of "
                    "{details}") if field in OFFERS else \
            _("'{field}' has details: give one of {details}")
        raise ValueError(message.format(field=field, details=", ".join(
            f"{field}.{key}=..." for key in details)))
    if value is not None and not details:
        value = value.strip()
    return Change(field, detail or None, value)


def apply_changes(text: str, name: str, changes: Sequence[Change]) -> str:
    """The profile `text` with `changes` made, rewriting only the changed fields' lines.

    ValueError if the file is not one field per line (then it is edited by hand).
    """
    text = text.replace("\r\n", "\n")
    if re.search("[\r\x85\u2028\u2029]", text):
        raise ValueError(_("the profile has line breaks other than newlines; edit it by hand"))
    root = parse(decode(text.encode("utf-8"), name, "policy profile"), "policy profile")
    values = {key: _plain(node) for key, (_, node) in root.entries.items()}
    for change in changes:
        _apply(values, change)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    spans = _spans(root, lines)
    changed = list(dict.fromkeys(change.field for change in changes))
    # From the bottom up, so the line numbers of the fields above stay right.
    for field in sorted(changed, key=lambda key: spans.get(key, (len(lines), 0))[0],
                        reverse=True):
        new = [f"{field}: {_flow(values[field], top=True)}"] if field in values else []
        if field in spans:
            start, end = spans[field]
            lines[start:end] = new
        else:
            lines.extend(new)
    return "\n".join(lines) + "\n"


def _apply(values: dict[str, object], change: Change) -> None:
    """Make one change in the plain values of the profile."""
    if change.detail is None:
        if change.value is None:
            values.pop(change.field, None)
        else:
            short = change.value.strip().lower()
            values[change.field] = short if change.field in OFFERS and short in _SHORT \
                else change.value
        return
    current = values.get(change.field)
    details = dict(current) if isinstance(current, dict) else {}
    if change.value is None:
        details.pop(change.detail, None)
    else:
        details[change.detail] = change.value
    if details:
        values[change.field] = details
    elif change.field in OFFERS and current is not None:
        values[change.field] = "yes"  # still offered, now with no details
    else:
        values.pop(change.field, None)


def _spans(root: YMap, lines: list[str]) -> dict[str, tuple[int, int]]:
    """Each top-level field's lines, as 0-based [start, end): its own line to the next field's,
    without the comments and blank lines that lead into the next one."""
    keys = sorted((key_node.line, key) for key, (key_node, _) in root.entries.items())
    if any(key_node.col != 1 for key_node, _ in root.entries.values()) or \
            len({line for line, _ in keys}) != len(keys):
        raise ValueError(_("the profile is not written one field per line; edit it by hand, "
                           "or make a new one with `contactcheck policy init`"))
    spans: dict[str, tuple[int, int]] = {}
    for index, (line, key) in enumerate(keys):
        end = keys[index + 1][0] - 1 if index + 1 < len(keys) else len(lines)
        while end > line and (not lines[end - 1].strip()
                              or lines[end - 1].lstrip().startswith("#")):
            end -= 1
        spans[key] = (line - 1, end)
    return spans


def _plain(node: YNode) -> object:
    """A node as plain values: a string, a list or a dict."""
    if isinstance(node, YScalar):
        return node.value
    if isinstance(node, YSeq):
        return [_plain(item) for item in node.items]
    return {key: _plain(value) for key, (_, value) in node.entries.items()}


def _flow(value: object, *, top: bool = False) -> str:
    """`value` as one line of YAML: quoted texts, `{key: ...}` and `[...]`; `yes`/`no` bare."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(key)}: {_flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    text = str(value)
    if top and text in _SHORT:
        return text
    return json.dumps(text, ensure_ascii=False)


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def current_values(text: str, name: str) -> dict[str, object]:
    """The profile's fields as plain values (strings, lists, dicts), in file order."""
    root = parse(decode(text.encode("utf-8"), name, "policy profile"), "policy profile")
    return {key: _plain(node) for key, (_, node) in root.entries.items()}


def shown_value(value: object) -> str:
    """A field's value in one short line, for choosing what to change."""
    if value is None:
        return _("not set (the self-check asks)")
    if isinstance(value, dict):
        return ", ".join(f"{key}: {shown_value(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ngettext("{count} listed", "{count} listed", len(value)).format(
            count=len(value))
    return str(value)
