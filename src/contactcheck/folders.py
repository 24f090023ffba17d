"""Where the person's files live: their own data (agenda, safety plan) and their settings.

Apart from storage.py and policy.py so that every `check` can look for a
saved policy profile and a safety plan without importing what reads them
(and the YAML layer) when there are none.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

APP = "contactcheck"
HOME_ENV = "CONTACTCHECK_HOME"
"""Set to a directory to keep the person's data there instead (used by the tests)."""
SAFETY_PLAN_FILE = "safety-plan.yaml"
"""The safety plan's file in the data dir (safetyplan.py owns its format)."""
SESSION_FILE = "session.json"
"""The next session's file in the data dir (personal/session.py owns its format)."""


def data_dir(env: Mapping[str, str] | None = None, platform: str | None = None,
             home: Path | None = None) -> Path:
    """The directory for the person's own files (it may not exist yet)."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    override = env.get(HOME_ENV)
    if override:
        return Path(override)
    home = Path.home() if home is None else home
    if platform == "win32":
        # Local, not roaming: health notes should not travel to a domain server.
        base = _absolute(env.get("LOCALAPPDATA")) or home / "AppData" / "Local"
    elif platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        # The XDG spec says relative paths in these variables are to be ignored.
        base = _absolute(env.get("XDG_DATA_HOME")) or home / ".local" / "share"
    return base / APP


def _absolute(value: str | None) -> Path | None:
    if value and Path(value).is_absolute():
        return Path(value)
    return None


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
