"""Write docs/sources.md from src/contactcheck/data/sources.yaml: `python tools/sources_page.py`."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from contactcheck.check.sources import load_sources  # noqa: E402
from contactcheck.tree.load import load_tree  # noqa: E402

INTRO = """\
# Sources

Every reason the bundled tree gives (`why:` in `trees/default.yaml`) names one of these public
references in its `source:`. `contactcheck check --explain` prints the reference next to each
reason. The list ships in the package as `src/contactcheck/data/sources.yaml`; this page shows the
same entries for people (regenerate it with `python tools/sources_page.py`). Each was read on the
day in the "read" column (a stored copy, found with the project's search tool) and says what the
lines citing it claim. Where a fact could not be confirmed, the tree does not claim it (see
[hazard-log.md](hazard-log.md)).

Codes of ethics are cited by section; where the code's own site was not in the store, the
section's wording was confirmed in published copies and quotations of it. Entries whose section
starts "Says:" quote what was read. Forum answers (Mind Wellness Forum) back only soft reasons
(why therapists keep boundaries), never a safety step.

| id | reference | section | read | cited by |
| --- | --- | --- | --- | --- |
"""


def render() -> str:
    """docs/sources.md as it should be: every listed source, and which outcomes cite it."""
    tree = load_tree(ROOT / "trees" / "default.yaml")
    used: dict[str, set[str]] = {}
    for outcome in tree.outcomes.values():
        for reason in outcome.why:
            used.setdefault(str(reason.source), set()).add(outcome.id)
    rows = []
    for source_id, source in load_sources().items():
        cited = ", ".join(f"`{o}`" for o in sorted(used.get(source_id, ()))) or "(not cited)"
        section = source.section.replace("|", "\\|")
        rows.append(f"| `{source_id}` | {source.title}, {source.publisher}. <{source.url}> | "
                    f"{section} | {source.checked} | {cited} |")
    return INTRO + "\n".join(rows) + "\n"


def main() -> int:
    (ROOT / "docs" / "sources.md").write_text(render(), encoding="utf-8")
    print("wrote docs/sources.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
