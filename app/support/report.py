"""What a support person needs to know about this installation, in plain text.

Qt-free: the versions of Qt itself are added by the GUI (``app.ui.about``), which is the
only part allowed to import it; PySide6's version comes from its package metadata here.
"""

from __future__ import annotations

import platform
import sys
from importlib import metadata

from .hooks import CrashReport

# (label, distribution names tried in order)
_PACKAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("PySide6", ("PySide6-Essentials", "PySide6")),
    ("pymodbus", ("pymodbus",)),
    ("SQLAlchemy", ("SQLAlchemy",)),
    ("pyserial", ("pyserial",)),
)


def app_version() -> str:
    """WattDesk's version: the installed distribution's, else ``app.__version__`` (a
    frozen build or a source tree without ``pip install``)."""
    try:
        return metadata.version("wattdesk")
    except metadata.PackageNotFoundError:
        from .. import __version__

        return __version__


def _package_version(names: tuple[str, ...]) -> str:
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "not installed"


def versions() -> dict[str, str]:
    """WattDesk, Python, the operating system and the libraries that talk to meters,
    databases and the screen."""
    found = {
        "WattDesk": app_version(),
        "Python": f"{platform.python_version()} ({sys.executable})",
        "System": platform.platform(),
    }
    for label, names in _PACKAGES:
        found[label] = _package_version(names)
    return found


def mask_url(url: str) -> str:
    """The database URL with its password replaced by ``***``."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):  # not a URL SQLAlchemy knows: cut any password
        if "@" in url and "://" in url:
            scheme, rest = url.split("://", 1)
            return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"
        return url


def format_versions(found: dict[str, str]) -> str:
    width = max(len(k) for k in found)
    return "\n".join(f"{k.ljust(width)}  {v}" for k, v in found.items())


def crash_details(reports: list[CrashReport], found: dict[str, str]) -> str:
    """The text "Copy details" puts on the clipboard: every traceback, then the versions."""
    parts = []
    for report in reports:
        parts.append(f"Thread {report.thread}:\n{report.traceback.rstrip()}")
    parts.append(format_versions(found))
    return "\n\n".join(parts) + "\n"
