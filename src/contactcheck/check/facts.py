"""Policy facts: what a therapist's policy profile can answer for the person.

A tree question with `policy: NAME` may be answered from the profile instead
of being asked. Most facts have the values `yes` and `no`; `urge_support` says
which help the therapist gave for urges (`coaching`, `after_hours`, `covering`,
`nothing`). The loader checks that a policy question offers every value its
fact can take, so a profile can always answer it.
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
        "urge_support": "What the therapist gave for urges and hard moments: DBT coaching, an "
                        "after-hours number, a covering colleague, or nothing.",
    }
)
"""Every fact a tree may name in `policy:`, with what it says."""

URGE_SUPPORT_VALUES = ("coaching", "after_hours", "covering", "nothing")

FACT_CHOICES = MappingProxyType(
    {name: (URGE_SUPPORT_VALUES if name == "urge_support" else FACT_VALUES)
     for name in POLICY_FACTS})
"""The values each fact can take: a question answered by the fact offers every one."""

POLICY_DETAILS = MappingProxyType(
    {
        **POLICY_FACTS,
        "channels": "The channels the therapist uses and what each is for.",
        "response_time": "How soon the therapist usually answers.",
        "fees": "What between-session contact costs.",
    }
)
"""Every part of a profile an outcome may ask to show in `policy:`."""
