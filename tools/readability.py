"""Flesch-Kincaid grade of every outcome of a tree: `python tools/readability.py [tree.yaml]`.

Grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59 (Kincaid et al., 1975).
Syllables are counted by vowel groups with the usual English corrections (a silent final "e",
"-le" endings), the approach of the common readability libraries. Each outcome's title, reasons,
steps and safety net are measured together, with every `{line}` read as the words a person sees
("the crisis line"); the draft message is left out (it is the person's own words to adapt).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from contactcheck.tree.load import load_tree  # noqa: E402
from contactcheck.tree.model import PLACEHOLDER, Outcome, Tree  # noqa: E402

MAX_GRADE = 8.0
_SPOKEN = {"emergency": "999", "after_hours": "the number your therapist gave you",
           "coaching": "your coaching number", "covering": "the colleague who covers"}
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|\d+")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|:(?=\s)")


def syllables(word: str) -> int:
    """Syllables in an English word, by vowel groups."""
    word = word.lower().strip("'")
    if word.isdigit():
        return 1
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", word)
    word = re.sub(r"^y", "", word)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", word)))


def grade(text: str) -> float:
    """The Flesch-Kincaid grade level of `text`."""
    words = _WORD.findall(text)
    sentences = max(1, len(_SENTENCE_END.findall(text)))
    if not words:
        return 0.0
    count = sum(syllables(word) for word in words)
    return 0.39 * len(words) / sentences + 11.8 * count / len(words) - 15.59


def outcome_text(outcome: Outcome) -> str:
    """What a person reads of `outcome`, each text a sentence, each line in words."""
    parts = [outcome.title, *(reason.text for reason in outcome.why), *outcome.do,
             outcome.safety_net]
    text = " ".join(part if part.rstrip()[-1:] in ".!?" else part + "." for part in parts)
    return PLACEHOLDER.sub(lambda m: _SPOKEN.get(m.group(1), "the "
                                                 + m.group(1).replace("_", " ") + " line"), text)


def grades(tree: Tree) -> dict[str, float]:
    """Each outcome's grade."""
    return {outcome_id: grade(outcome_text(outcome))
            for outcome_id, outcome in tree.outcomes.items()}


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else ROOT / "trees" / "default.yaml"
    found = grades(load_tree(path))
    for outcome_id, value in sorted(found.items(), key=lambda item: -item[1]):
        flag = "  over" if value > MAX_GRADE else ""
        print(f"{value:5.1f}  {outcome_id}{flag}")
    worst = max(found.values())
    print(f"{len(found)} outcomes; highest grade {worst:.1f} (limit {MAX_GRADE:.0f})")
    return 1 if worst > MAX_GRADE else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
