"""What several test modules share: trees written inline, strategies, small types.

The one module of shared helpers: test modules import from here (or use the
fixtures in conftest.py), never from one another.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[1]

MINIMAL_TREE = """\
id: demo
title: Demo
version: "1.0"
start: danger
questions:
  danger:
    text: "Is anyone in danger right now?"
    choices:
      - {value: danger, label: "Yes, someone is in danger", next: emergency}
      - {value: none, label: "No", next: topic}
  topic:
    text: "Does your therapist allow messages between sessions?"
    policy: between_sessions
    choices:
      - {value: "yes", label: "Yes", next: wait}
      - {value: "no", label: "No", next: raise}
outcomes:
  emergency:
    decision: contact_now
    emergency: true
    title: "Get help now"
    why: ["Emergencies go to emergency services."]
    do: ["Call {emergency} now."]
    safety_net: "Call the emergency number."
  wait:
    decision: wait_for_session
    title: "Wait for the session"
    why: [{text: "Routine things wait.", source: "seed 002"}]
    do: ["Write it down."]
    safety_net: "If it gets worse, call the crisis line."
  raise:
    decision: raise_in_session
    title: "Raise it in session"
    why: ["It belongs in the session."]
    do: ["Bring it up."]
    safety_net: "If it gets worse, call the crisis line."
"""

# MINIMAL_TREE in Spanish: its translation, to put beside it as demo.es.yaml.
MINIMAL_ES = """\
translation: demo
lang: es
title: "Demostración"
questions:
  danger:
    text: "¿Hay alguien en peligro ahora mismo?"
    choices:
      danger: "Sí, alguien está en peligro"
      none: "No"
  topic:
    text: "¿Su terapeuta permite mensajes entre sesiones?"
    choices:
      "yes": "Sí"
      "no": "No"
outcomes:
  emergency:
    title: "Busque ayuda ahora"
    why: ["Las emergencias van a los servicios de emergencia."]
    do: ["Llame ahora al {emergency}."]
    safety_net: "Llame al número de emergencias."
  wait:
    title: "Espere a la sesión"
    why: ["Lo rutinario puede esperar."]
    do: ["Anótelo."]
    safety_net: "Si empeora, llame a la línea de crisis."
  raise:
    title: "Háblelo en la sesión"
    why: ["Esto es para la sesión."]
    do: ["Sáquelo en la sesión."]
    safety_net: "Si empeora, llame a la línea de crisis."
"""

COACHING_TREE = """\
id: coach
title: Coaching
version: "1.0"
start: danger
questions:
  danger:
    text: "Is anyone in danger right now?"
    choices:
      - {value: danger, label: "Yes", next: emergency}
      - {value: none, label: "No", next: topic}
  topic:
    text: "What is it about?"
    choices:
      - {value: urges, label: "Urges", next: coaching}
      - {value: question, label: "A question", next: wait}
      - {value: feelings, label: "Feelings about therapy", next: raise}
  coaching:
    text: "Do you have DBT phone coaching?"
    policy: dbt_coaching
    choices:
      - {value: "yes", label: "Yes", next: coaching_call}
      - {value: "no", label: "No", next: after_hours}
  after_hours:
    text: "Did your therapist give you an after-hours number?"
    policy: after_hours
    choices:
      - {value: "yes", label: "Yes", next: after_hours_call}
      - {value: "no", label: "No", next: crisis_support}
outcomes:
  emergency:
    decision: contact_now
    emergency: true
    title: "Get help now"
    why: ["Emergencies go to emergency services."]
    do: ["Call the emergency number below."]
    safety_net: "Call the emergency number."
  coaching_call:
    decision: contact_now
    title: "Call for coaching"
    why: ["Coaching is for before acting on an urge."]
    do: ["Call the coaching number."]
    policy: [dbt_coaching]
    safety_net: "If it gets worse, call the crisis line below."
  after_hours_call:
    decision: contact_now
    title: "Call the after-hours line"
    why: ["Your therapist gave you a number for this."]
    do: ["Call the after-hours number."]
    policy: [after_hours]
    safety_net: "If it gets worse, call the crisis line below."
  crisis_support:
    decision: contact_now
    title: "Call a crisis line"
    why: ["A crisis line is there at any hour."]
    do: ["Call the crisis line below."]
    safety_net: "If you are in danger, call the emergency number."
  wait:
    decision: wait_for_session
    title: "Wait for the session"
    why: ["Routine things wait."]
    do: ["Write it down."]
    policy: [response_time]
    safety_net: "If it gets worse, call the crisis line below."
  raise:
    decision: raise_in_session
    title: "Raise it in session"
    why: ["It belongs in the session."]
    do: ["Bring it up."]
    safety_net: "If it gets worse, call the crisis line below."
"""

FAST = settings(max_examples=int(os.environ.get("CONTACTCHECK_FUZZ_EXAMPLES", "200")),
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@dataclass(frozen=True)
class Ran:
    """What a command did: its exit code and its two output streams."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _usable_line(text: str) -> bool:
    from contactcheck.personal.storage import check_line

    try:
        check_line(text, "text", 2000)
    except ValueError:
        return False
    return True


def person_lines(max_size: int) -> st.SearchStrategy[str]:
    """Lines a person could write in a note or a plan (what `storage.check_line` accepts)."""
    return st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1,
                   max_size=max_size).filter(_usable_line)


def layered_tree(widths: Sequence[int], *, policy_last: bool = False) -> str:
    """A tree: the danger screen, then layers of questions where every choice leads on.

    Layer i has one question with widths[i] choices, all to the next layer, so the number
    of paths is 1 (the emergency) + the product of the widths.
    """
    lines = ['id: layered', 'title: "Layered"', 'version: "1"', "start: danger", "questions:",
             "  danger:", '    text: "Danger?"', "    choices:",
             '      - {value: danger, label: "Yes", next: emergency}',
             '      - {value: none, label: "No", next: q0}']
    for index, width in enumerate(widths):
        target = f"q{index + 1}" if index + 1 < len(widths) else "done"
        lines += [f"  q{index}:", f'    text: "Question {index}?"']
        values = [f"v{n}" for n in range(width)]
        if policy_last and index == len(widths) - 1:
            lines.append("    policy: after_hours")
            values = ["yes", "no"]
        lines.append("    choices:")
        lines += [f'      - {{value: "{value}", label: "Answer {value}", next: {target}}}'
                  for value in values]
    lines += ["outcomes:",
              "  emergency:", "    decision: contact_now", "    emergency: true",
              '    title: "Get help now"', '    why: ["Emergencies first."]',
              '    do: ["Call the emergency number."]', '    safety_net: "Call."',
              "  done:", "    decision: raise_in_session", '    title: "Raise it"',
              '    why: ["It can wait."]', '    do: ["Bring it up."]',
              '    safety_net: "If it gets worse, call the crisis line."']
    return "\n".join(lines) + "\n"


def check_json(run_cli: Callable[..., Ran], tree: str, *args: str) -> dict[str, Any]:
    """`check --tree TREE --region GB --format json ARGS`: it succeeds; its JSON."""
    result = run_cli("check", "--tree", tree, "--region", "GB", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data
