"""Where the person's settings live: the config directory and the saved policy profile.

Apart from policy.py so that every `check` can look for a saved profile without
importing the profile reader (and the YAML layer) when there is none.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def default_policy_path() -> Path:
    """`policy.yaml` in the user's config dir (XDG, macOS or Windows conventions)."""
    override = os.environ.get("CONTACTCHECK_CONFIG_HOME")
    if override:
        return Path(override) / "policy.yaml"
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "contactcheck" / "policy.yaml"
