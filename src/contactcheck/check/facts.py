"""Policy facts: what a therapist's policy profile can answer for the person.

A tree question with `policy: NAME` may be answered from the profile instead
of being asked. Every fact has the values `yes` and `no`; the loader checks
that a policy question offers both, so a profile can always answer it.
"""

from __future__ import annotations

from types import MappingProxyType

FACT_VALUES = ("yes", "no")

POLICY_FACTS = MappingProxyType(
    {
        "after_hours": "The therapist gave an after-hours or emergency contact.",
        "dbt_coaching": "The therapist offers DBT phone coaching between sessions.",
        "covering_colleague": "A covering colleague is named for when the therapist is away.",
        "secure_messaging": "There is a secure channel (portal) for clinical messages.",
        "between_sessions": "Limited between-session messages are allowed (e.g. one email a week).",
    }
)
"""Every fact a tree may name in `policy:`, with what `yes` means."""

POLICY_DETAILS = MappingProxyType(
    {
        **POLICY_FACTS,
        "channels": "The channels the therapist uses and what each is for.",
        "response_time": "How soon the therapist usually answers.",
        "fees": "What between-session contact costs.",
    }
)
"""Every part of a profile an outcome may ask to show in `policy:`."""
