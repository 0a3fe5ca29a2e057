"""Meter profiles: one TOML file per meter model in ``resources/meters``.

This first cut only lists the profiles and their protocol (what site import needs to
validate a sheet); the drivers issue grows it into a validated profile model.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

PROTOCOLS = ("modbus", "dlt645")


def profile_dir() -> Path:
    """The folder that holds the shipped profiles (``resources/meters``)."""
    return Path(__file__).resolve().parent.parent / "resources" / "meters"


def available_profiles(folder: Path | None = None) -> dict[str, str]:
    """Map profile name -> protocol for every ``*.toml`` in ``folder``."""
    found: dict[str, str] = {}
    for path in sorted((folder or profile_dir()).glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        found[path.stem] = str(data.get("protocol", ""))
    return found
