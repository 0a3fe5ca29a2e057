"""Where meter profiles come from, and how a profile file becomes a TOML table.

Two folders are searched, in this order:

1. the *shipped* folder, ``resources/meters`` next to the code (read-only in an installed
   copy: an update replaces it);
2. the *user* folder, ``meters`` under the user data directory: ``$WATTDESK_HOME/meters``
   when ``WATTDESK_HOME`` is set, else platformdirs' ``user_data_path("WattDesk",
   appauthor=False) / "meters"`` (``%LOCALAPPDATA%\\WattDesk\\meters`` on Windows,
   ``~/.local/share/WattDesk/meters`` on Linux). That is the base the app keeps its
   database in (``app.config.data_dir``); the drivers must not import the app, so this
   module computes it the same way and a test keeps the two equal.

A user file named like a shipped one (``dlt645-2007.toml``) replaces it, so a property office
can correct a model for its own meters without waiting for a release; a new name adds a
model. Nothing here judges what a file says (``drivers.profiles`` does): this module finds
files and reads their bytes, turning a file that is not UTF-8 or not TOML into a
:class:`ProfileError` that says so, with the line, instead of a ``UnicodeDecodeError``.
"""

from __future__ import annotations

import codecs
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_data_path

from drivers.errors import ProfileError

APP_NAME = "WattDesk"  # as app.config.APP_NAME: the same data directory
USER_SUBFOLDER = "meters"

SHIPPED = "shipped"
USER = "user"
OVERRIDE = "override"  # a user file that replaces a shipped one of the same name
FOLDER = "folder"  # a folder the caller named (tests, tools): searched alone


def shipped_dir() -> Path:
    """The folder that holds the shipped profiles (``resources/meters``)."""
    return Path(__file__).resolve().parent.parent / "resources" / "meters"


def user_dir() -> Path:
    """The user's profile folder (not created here: it may simply not exist yet)."""
    home = os.environ.get("WATTDESK_HOME")
    base = Path(home) if home else user_data_path(APP_NAME, appauthor=False)
    return base / USER_SUBFOLDER


@dataclass(frozen=True, slots=True)
class ProfileFile:
    """One profile file on the search path and where it came from.

    ``origin`` is ``shipped``, ``user``, ``override`` (a user file replacing the shipped
    file ``shadows``) or ``folder`` (the caller searched one folder of its own)."""

    name: str
    path: Path
    origin: str
    shadows: Path | None = None


def search_path(folder: Path | None = None) -> list[tuple[Path, str]]:
    """The folders to search, lowest priority first: ``folder`` alone when given."""
    if folder is not None:
        return [(Path(folder), FOLDER)]
    return [(shipped_dir(), SHIPPED), (user_dir(), USER)]


def valid_name(name: str) -> bool:
    """A profile name is a plain file stem: no folder, no hidden file, no ``..``."""
    return bool(name) and Path(name).name == name and not name.startswith(".")


def _layered(found: dict[str, ProfileFile], name: str, path: Path, origin: str) -> None:
    earlier = found.get(name)
    if earlier is None:
        found[name] = ProfileFile(name, path, origin)
    else:
        found[name] = ProfileFile(name, path, OVERRIDE, earlier.path)


def find_files(folder: Path | None = None) -> dict[str, ProfileFile]:
    """Every ``*.toml`` on the search path by profile name (a later folder wins), sorted."""
    found: dict[str, ProfileFile] = {}
    for base, origin in search_path(folder):
        if not base.is_dir():
            continue
        for path in sorted(base.glob("*.toml")):
            if path.is_file() and valid_name(path.stem):  # skips editors' .#name.toml locks
                _layered(found, path.stem, path, origin)
    return dict(sorted(found.items()))


def find_file(name: str, folder: Path | None = None) -> ProfileFile | None:
    """The file that provides profile ``name``, or None: a stat per folder, no listing."""
    if not valid_name(name):
        return None
    found: dict[str, ProfileFile] = {}
    for base, origin in search_path(folder):
        path = base / f"{name}.toml"
        if path.is_file():
            _layered(found, name, path, origin)
    return found.get(name)


def read_toml(path: Path) -> dict[str, Any]:
    """The TOML table of a profile file; ProfileError if unreadable, not UTF-8 or not TOML.

    A UTF-8 byte-order mark (Windows Notepad writes one) is accepted. A file saved in the
    Chinese Windows code page (GBK) is the usual non-UTF-8 case: the reason says to save
    it as UTF-8 and which line holds the first bad byte."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProfileError(path, "(file)", f"cannot read: {exc.strerror or exc}") from None
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ProfileError(
            path,
            "(file)",
            f"not UTF-8 text: byte {raw[exc.start]:#04x} on line {line} (save the file as UTF-8)",
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(path, "(file)", f"not valid TOML: {exc}") from None
