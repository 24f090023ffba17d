"""The JSON Schema (draft 2020-12) of the tree format, for editors and CI.

Built from the loader's own key lists (tree/rules.py), so the schema and the loader cannot
drift apart. Editors read every YAML scalar by YAML 1.2 rules, so where the
loader takes the text `true`, the schema also allows the boolean.
"""

from __future__ import annotations

from typing import Any

from contactcheck.check.facts import POLICY_DETAILS, POLICY_FACTS
from contactcheck.tree import rules as treecheck  # the one rule set
from contactcheck.tree.model import ID_PATTERN, REGION_KINDS, Decision, Urgency

SCHEMA_ID = "urn:contactcheck:schema:tree:1"
"""The schema's `$id`: a URN, not a web address that does not exist. Editors find the schema
through the modeline's path (`contactcheck schema --write DIR` says which), never by fetching."""
SCHEMA_FILE = "tree.schema.json"

_ID = {"type": "string", "pattern": ID_PATTERN.pattern}
_TEXT = {"type": "string", "minLength": 1}

_DESCRIPTIONS = {
    "format": "The tree format (1; optional). Newer formats are refused by older versions.",
    "id": "Id of the tree (lower-case ASCII letters, digits and _).",
    "title": "The tree's title, shown to people.",
    "version": "The tree's version, e.g. \"1.0\".",
    "description": "What the tree is for.",
    "start": "Id of the first question: the danger screen.",
    "questions": "Question id -> question.",
    "outcomes": "Outcome id -> outcome.",
    "text": "The text shown to people.",
    "help": "A longer explanation, shown on request.",
    "choices": "The answers a person can give.",
    "value": "Stable id of the answer, used by --answer QUESTION=VALUE.",
    "label": "The answer as people see it.",
    "next": "Id of the question or outcome this answer leads to.",
    "decision": "The suggestion.",
    "urgency": "emergency (danger now), urgent (help today) or routine; emergency and urgent "
               "results show their numbers first.",
    "emergency": "Older form of `urgency: emergency` (true) or `urgency: routine` (false).",
    "aliases": "Old values of this answer that still select it.",
    "resources": "Kinds of line this outcome must show besides the crisis lines.",
    "why": "The considerations behind the outcome.",
    "do": "Concrete steps.",
    "draft": "A short draft message the person can adapt.",
    "safety_net": "What to do if things change or get worse before the session.",
    "source": "Where the reason comes from: an id in the shipped sources list "
              "(docs/sources.md), or free text.",
    "lang": "The language (a BCP 47 tag such as en, es or es-MX) the texts are written in; "
            "a tree without it is in English (en).",
    "translation": "The id of the tree this file translates (a translation sits beside its "
                   "tree, named by its language: default.es.yaml beside default.yaml).",
}
_LANG = {"type": "string", "pattern": r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"}
_TEXTS = {"type": "array", "minItems": 1, "items": _TEXT}


def _object(keys: tuple[str, ...], required: tuple[str, ...],
            properties: dict[str, Any]) -> dict[str, Any]:
    assert set(properties) == set(keys), "schema and loader disagree"
    return {
        "type": "object",
        "properties": {
            key: {**properties[key], "description": _DESCRIPTIONS.get(key, "")}
            if key in _DESCRIPTIONS else properties[key]
            for key in keys
        },
        "required": list(required),
        "additionalProperties": False,
    }


def tree_schema() -> dict[str, Any]:
    """The JSON Schema of a tree file."""
    choice = _object(treecheck.CHOICE_KEYS, treecheck.CHOICE_REQUIRED,
                     {"value": _ID, "label": _TEXT, "next": _ID,
                      "aliases": {"type": "array", "minItems": 1, "items": _ID},
                      "tags": {"type": "array", "minItems": 1, "uniqueItems": True,
                               "items": _ID,
                               "description": "What the choice is about, e.g. a danger "
                                              "category."}})
    question = _object(treecheck.QUESTION_KEYS, treecheck.QUESTION_REQUIRED, {
        "text": _TEXT,
        "help": _TEXT,
        "policy": {"enum": list(POLICY_FACTS),
                   "description": "Policy fact that can answer this question."},
        "choices": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/choice"}},
    })
    reason = {"oneOf": [_TEXT, _object(treecheck.REASON_KEYS, treecheck.REASON_REQUIRED,
                                       {"text": _TEXT, "source": _TEXT})]}
    outcome = _object(treecheck.OUTCOME_KEYS, treecheck.OUTCOME_REQUIRED, {
        "decision": {"enum": [decision.value for decision in Decision]},
        "urgency": {"enum": [urgency.value for urgency in Urgency]},
        "emergency": {"enum": [True, False, "true", "false"]},
        "title": _TEXT,
        "why": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/reason"}},
        "do": {"type": "array", "minItems": 1, "items": _TEXT},
        "draft": _TEXT,
        "policy": {"type": "array", "items": {"enum": list(POLICY_DETAILS)},
                   "description": "Policy profile details to show (numbers, channels)."},
        "resources": {"type": "array", "minItems": 1, "items": {"enum": list(REGION_KINDS)}},
        "safety_net": _TEXT,
    })
    top = _object(treecheck.TREE_KEYS, treecheck.TREE_REQUIRED, {
        "format": {"type": "integer", "minimum": 1, "maximum": treecheck.FORMAT},
        "lang": _LANG,
        "id": _ID,
        "title": _TEXT,
        "version": {"type": ["string", "number"]},
        "description": _TEXT,
        "start": _ID,
        "questions": {"type": "object", "minProperties": 1,
                      "propertyNames": _ID,
                      "additionalProperties": {"$ref": "#/$defs/question"}},
        "outcomes": {"type": "object", "minProperties": 1,
                     "propertyNames": _ID,
                     "additionalProperties": {"$ref": "#/$defs/outcome"}},
    })
    translation = _object(treecheck.TRANSLATION_KEYS, treecheck.TRANSLATION_REQUIRED, {
        "translation": _ID,
        "lang": _LANG,
        "title": _TEXT,
        "description": _TEXT,
        "questions": {"type": "object", "propertyNames": _ID,
                      "additionalProperties": _object(
                          treecheck.TRANSLATED_QUESTION_KEYS, ("text", "choices"), {
                              "text": _TEXT, "help": _TEXT,
                              "choices": {"type": "object", "minProperties": 1,
                                          "propertyNames": _ID,
                                          "additionalProperties": _TEXT,
                                          "description": "Choice value -> its label."}})},
        "outcomes": {"type": "object", "propertyNames": _ID,
                     "additionalProperties": _object(
                         treecheck.TRANSLATED_OUTCOME_KEYS,
                         ("title", "why", "do", "safety_net"), {
                             "title": _TEXT, "why": _TEXTS, "do": _TEXTS, "draft": _TEXT,
                             "safety_net": _TEXT})},
    })
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "contactcheck decision tree, or a translation of one",
        # A file with `translation:` is a translation (`contactcheck validate` checks it
        # against its tree: the same ids, every text); any other is a tree.
        "if": {"type": "object", "required": ["translation"]},
        "then": {"$ref": "#/$defs/translation"},
        "else": {"$ref": "#/$defs/tree"},
        "$defs": {"tree": top, "question": question, "choice": choice, "outcome": outcome,
                  "reason": reason, "translation": translation},
    }
