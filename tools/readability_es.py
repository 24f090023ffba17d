"""Readability of a tree's Spanish texts, by formulas made for Spanish (not Flesch-Kincaid).

`python tools/readability_es.py [trees/default.es.yaml]` prints, for every outcome, the
INFLESZ score (Barrio-Cantalejo et al., Anales Sis San Navarra 2008), which reads the
Flesch-Szigriszt index (Szigriszt-Pazos 1993: 206.835 - 62.3 * syllables/words -
words/sentences) on a scale made for health information for patients: under 40 very hard,
40-55 somewhat hard, 55-65 normal, 65-80 fairly easy, over 80 very easy. It also prints the
Fernández-Huerta score (1959: 206.84 - 0.60 * syllables per 100 words - 1.02 * sentences per
100 words, as corrected by Gwillim Law), for comparison. Texts are measured as in
tools/readability.py: each outcome's title, reasons, steps and safety net together, every
`{line}` read as the words a person sees; the draft is left out. Exits 1 when an outcome is
below `MIN_INFLESZ` ("normal").

Syllables are counted by Spanish rules: vowel groups, split where two strong vowels (a, e, o)
meet (hiatus) or where a weak vowel carries the accent (río, país); "u" is silent in que, qui,
gue, gui.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from contactcheck.tree.load import load_translation  # noqa: E402
from contactcheck.tree.model import PLACEHOLDER, Outcome, Tree  # noqa: E402

MIN_INFLESZ = 55.0
"""INFLESZ "normal": the level the scale's authors set for information for patients."""
_SPOKEN = {"emergency": "112", "crisis": "la línea de crisis", "text": "la línea de mensajes",
           "after_hours": "el número que le dio su terapeuta",
           "coaching": "su número de coaching", "covering": "el colega que le sustituye"}
_WORD = re.compile(r"[^\W\d_]+|\d+")
_SENTENCE_END = re.compile(r"[.!?]+(?=[\s»\"”)]|$)|:(?=\s)")
_STRONG = set("aeoáéóíú")
"""Strong vowels, and weak ones with an accent: each is the nucleus of its own syllable."""
_VOWELS = set("aeiouáéíóúüy")


def syllables(word: str) -> int:
    """Syllables in a Spanish word."""
    word = word.lower()
    if word.isdigit():
        return max(1, len(word))  # near enough for a number read aloud
    word = re.sub(r"(?<=[qg])u(?=[eéií])", "", word)
    count = 0
    previous = ""
    for index, char in enumerate(word):
        vowel = char in _VOWELS and not (char == "y" and index + 1 < len(word)
                                          and word[index + 1] in _VOWELS)
        if not vowel:
            previous = ""
            continue
        if not previous or (previous in _STRONG and char in _STRONG):
            count += 1  # a new vowel group, or a hiatus inside one
        previous = char
    return max(1, count)


def scores(text: str) -> tuple[float, float]:
    """(INFLESZ / Flesch-Szigriszt, Fernández-Huerta) of `text`."""
    words = _WORD.findall(text)
    if not words:
        return 100.0, 100.0
    sentences = max(1, len(_SENTENCE_END.findall(text)))
    count = sum(syllables(word) for word in words)
    szigriszt = 206.835 - 62.3 * count / len(words) - len(words) / sentences
    huerta = 206.84 - 0.60 * 100 * count / len(words) - 1.02 * 100 * sentences / len(words)
    return szigriszt, huerta


def level(score: float) -> str:
    """The INFLESZ band of a score."""
    for limit, name in ((40, "muy difícil"), (55, "algo difícil"), (65, "normal"),
                        (80, "bastante fácil")):
        if score < limit:
            return name
    return "muy fácil"


def outcome_text(outcome: Outcome) -> str:
    """What a person reads of `outcome`, each text a sentence, each line in words."""
    parts = [outcome.title, *(reason.text for reason in outcome.why), *outcome.do,
             outcome.safety_net]
    text = " ".join(part if part.rstrip()[-1:] in ".!?»" else part + "." for part in parts)
    return PLACEHOLDER.sub(lambda m: _SPOKEN.get(m.group(1), "la línea"), text)


def outcome_scores(tree: Tree) -> dict[str, tuple[float, float]]:
    """Each outcome's (INFLESZ, Fernández-Huerta)."""
    return {outcome_id: scores(outcome_text(outcome))
            for outcome_id, outcome in tree.outcomes.items()}


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else ROOT / "trees" / "default.es.yaml"
    found = outcome_scores(load_translation(path))
    for outcome_id, (inflesz, huerta) in sorted(found.items(), key=lambda item: item[1][0]):
        flag = "  below" if inflesz < MIN_INFLESZ else ""
        print(f"{inflesz:5.1f} ({level(inflesz)})  FH {huerta:5.1f}  {outcome_id}{flag}")
    worst = min(value for value, _ in found.values())
    print(f"{len(found)} outcomes; lowest INFLESZ {worst:.1f} (limit {MIN_INFLESZ:.0f})")
    return 1 if worst < MIN_INFLESZ else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
