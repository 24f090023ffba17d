"""Print pip constraints that pin every runtime dependency at the lowest version pyproject allows.

Used by .ci/run (and by hand, see the README's Development section) to prove the lower bounds
in pyproject.toml are true: `pip install -c <(python3 .ci/lowest.py) -e '.[test]'`.
The test tools stay at their newest releases: the bounds users rely on are the runtime ones.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["project"]
for requirement in project["dependencies"]:
    # An environment marker (`; sys_platform == "win32"`) may follow: a constraint for a
    # package this platform does not install is harmless.
    match = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9A-Za-z.]*)\s*(?:;.*)?", requirement)
    if match is None:
        sys.exit(f"pyproject.toml: dependency {requirement!r} has no plain '>=' lower bound")
    print(f"{match[1]}=={match[2]}")
