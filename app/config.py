"""Where things live: the database URL, the data directory, the UI language."""

from __future__ import annotations

import locale
import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "WattDesk"
# The shipped resources (next to the packages, also in the frozen bundle's _internal/)
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
# WenQuanYi Micro Hei: embedded in receipts and reports, registered by the GUI when the
# system has no Chinese font
CHINESE_FONT_FILE = RESOURCES / "fonts" / "wqy-microhei.ttc"


def data_dir() -> Path:
    """The per-user data directory (created on demand)."""
    override = os.environ.get("WATTDESK_HOME")
    path = Path(override) if override else user_data_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_url() -> str:
    """The embedded SQLite database under the data directory."""
    return f"sqlite:///{data_dir() / 'wattdesk.sqlite'}"


def resolve_db_url(cli_value: str | None = None) -> str:
    """``--db`` wins, then ``WATTDESK_DB``, then the embedded default.

    A bare file path is accepted and turned into a SQLite URL.
    """
    value = cli_value or os.environ.get("WATTDESK_DB") or default_db_url()
    if "://" not in value:
        value = f"sqlite:///{Path(value).expanduser().resolve()}"
    return value


_preferred: str | None = None
LANGUAGES = ("zh_CN", "en")


def set_preferred_language(language: str | None) -> None:
    """The language this workstation's user chose (the GUI reads it from QSettings at start
    and passes it here, so core messages follow it too); ``None`` forgets it."""
    global _preferred
    _preferred = language if language in LANGUAGES else None


def ui_language() -> str:
    """``zh_CN`` or ``en``: ``WATTDESK_LANG`` if set, else the saved choice of this
    workstation (``set_preferred_language``), else the system locale."""
    forced = os.environ.get("WATTDESK_LANG")
    if forced:
        return "zh_CN" if forced.lower().startswith("zh") else "en"
    if _preferred is not None:
        return _preferred
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh_CN" if value.lower().startswith("zh") else "en"
    lang = locale.getlocale()[0] or ""
    return "zh_CN" if lang.lower().startswith("zh") else "en"
