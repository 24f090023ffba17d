"""Where the tool's folders are: the person's data, their settings, and the cache.

The one resolver of platform folders: XDG on Linux and other Unixes (a
relative `XDG_*` path is ignored, as the XDG spec says), `~/Library` on macOS,
`%LOCALAPPDATA%` / `%APPDATA%` on Windows, and `CONTACTCHECK_HOME` /
`CONTACTCHECK_CONFIG_HOME` to put the person's files anywhere else.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from contactcheck.i18n import _

APP = "contactcheck"
HOME_ENV = "CONTACTCHECK_HOME"
"""Set to a directory to keep the person's data there instead (used by the tests)."""
SAFETY_PLAN_FILE = "safety-plan.yaml"
"""The safety plan's file in the data dir (safetyplan.py owns its format)."""
SESSION_FILE = "session.json"
"""The next session's file in the data dir (personal/session.py owns its format)."""


CONFIG_HOME_ENV = "CONTACTCHECK_CONFIG_HOME"
"""Set to a directory to keep the settings (the policy profile) there instead."""
POLICY_FILE = "policy.yaml"
PRACTICE_FILE = "practice.yaml"
"""An installed practice file, beside the policy profile (personal/practice.py owns it)."""
PRACTICE_TREE_FILE = "practice-tree.yaml"
"""The tree file that was beside the practice file, copied in at setup."""
REGION_FILE = "region"
"""The region the person saved (`contactcheck region set`), in the settings folder."""
NO_HOME = Path("/nonexistent")
"""The home folder when none is known (HOME unset and no entry for this user in the system's
user list, as in some containers): the conventional home of a user who has none. Nothing is
found there and nothing can be saved there, so a check still runs and a save says why not."""


def data_dir(env: Mapping[str, str] | None = None, platform: str | None = None,
             home: Path | None = None) -> Path:
    """The directory for the person's own files (it may not exist yet)."""
    return _folder("data", env, platform, home)


def config_dir(env: Mapping[str, str] | None = None, platform: str | None = None,
               home: Path | None = None) -> Path:
    """The directory for the person's settings (it may not exist yet)."""
    return _folder("config", env, platform, home)


def cache_dir(env: Mapping[str, str] | None = None, platform: str | None = None,
              home: Path | None = None) -> Path:
    """The directory for what can be rebuilt at any time (it may not exist yet)."""
    return _folder("cache", env, platform, home)


def home_dir() -> Path:
    """The person's home folder (`NO_HOME` when none is known): where notes are suggested."""
    try:
        return Path.home()
    except (RuntimeError, KeyError):  # HOME unset, and this user is not in the user list
        return NO_HOME


def unknown_home_hint(path: Path) -> str:
    """What to do when `path` could not be made because no home folder is known, else ''."""
    if path != NO_HOME and NO_HOME not in path.parents:
        return ""
    return " " + _("(no home folder is known: HOME is not set and this user has none in the "
                   "system's user list; set HOME, or {data} and {config})").format(
        data=HOME_ENV, config=CONFIG_HOME_ENV)


def default_policy_path() -> Path:
    """`policy.yaml` in the user's config dir (XDG, macOS or Windows conventions)."""
    return config_dir() / POLICY_FILE


_OVERRIDES = {"data": HOME_ENV, "config": CONFIG_HOME_ENV}
_XDG = {"data": ("XDG_DATA_HOME", (".local", "share")),
        "config": ("XDG_CONFIG_HOME", (".config",)),
        "cache": ("XDG_CACHE_HOME", (".cache",))}


def _folder(kind: str, env: Mapping[str, str] | None, platform: str | None,
            home: Path | None) -> Path:
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    override = env.get(_OVERRIDES.get(kind, ""))
    if override:
        return Path(override)
    home = home_dir() if home is None else home
    if platform == "win32":
        if kind == "config":
            return (_absolute(env.get("APPDATA")) or home / "AppData" / "Roaming") / APP
        # Local, not roaming: health notes should not travel to a domain server.
        local = _absolute(env.get("LOCALAPPDATA")) or home / "AppData" / "Local"
        return local / APP / "Cache" if kind == "cache" else local / APP
    if platform == "darwin":
        if kind == "cache":
            return home / "Library" / "Caches" / APP
        return home / "Library" / "Application Support" / APP
    variable, default = _XDG[kind]
    # The XDG spec says relative paths in these variables are to be ignored.
    return (_absolute(env.get(variable)) or home.joinpath(*default)) / APP


def _absolute(value: str | None) -> Path | None:
    if value and Path(value).is_absolute():
        return Path(value)
    return None
