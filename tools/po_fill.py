"""Fill a catalog's translations from a Python mapping (msgid -> msgstr), for translators.

`python tools/po_fill.py LANG FILE.py`: FILE.py defines `T = {msgid: msgstr}` (a plural
entry is keyed by the (singular, plural) pair, with one msgstr per plural form). Entries
given are set and their fuzzy flag cleared; the rest of the catalog is left as it is.
Run the pybabel update before and the compile after (docs/translation.md).
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages import pofile

LOCALE = Path(__file__).resolve().parents[1] / "src" / "contactcheck" / "locale"


def main(lang: str, source: str) -> int:
    """Set the translations in `source` in LANG's catalog; report any msgid it lacks."""
    translations = runpy.run_path(source)["T"]
    path = LOCALE / lang / "LC_MESSAGES" / "contactcheck.po"
    with path.open("rb") as file:
        catalog = pofile.read_po(file)
    unknown = []
    for msgid, msgstr in translations.items():
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        message = catalog.get(key)
        if message is None:
            unknown.append(key)
            continue
        message.string = msgstr
        message.flags.discard("fuzzy")
        message.previous_id = []
    with path.open("wb") as file:
        pofile.write_po(file, catalog, width=76, omit_header=False, sort_output=True,
                        include_previous=False)
    for key in unknown:
        print(f"not in the catalog: {key!r}", file=sys.stderr)
    return 1 if unknown else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
