"""``profile list`` and ``profile check FILE``: the meter profiles a user can write.

Profiles come from the shipped folder (``resources/meters``) and the user's own folder
(``meters`` under the data directory, ``$WATTDESK_HOME/meters`` when that is set); a user
file replaces a shipped one of the same name and a new name adds a model
(``drivers.profile_files``). ``list`` shows every file on that search path with where it
came from, the invalid ones too (with the reason), so a typo in a user file is seen here
rather than as a meter that will not read.

``check FILE`` validates one file wherever it is, before it is copied into the folder:
exit 0 with a short summary when it is valid; exit 1 naming the file, the key and the
reason when it is not (a misspelt key, a wrong type or value, a file that is not UTF-8 or
not TOML, with the line for those two) and when FILE does not exist or cannot be read (a
refused input, like ``site import`` of a missing sheet; 3 is kept for a broken
environment); exit 2 without FILE (usage).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import tr
from .auth import no_database

if TYPE_CHECKING:  # the drivers are imported when a command runs, not for ``--help``
    from drivers.errors import ProfileError
    from drivers.profile_files import ProfileFile
    from drivers.profiles import Profile


def register(sub: argparse._SubParsersAction[Any]) -> None:
    profile = sub.add_parser(
        "profile",
        help="meter profiles: list the known models, check a profile file (profile list|check)",
        description="Meter profiles (one TOML file per meter model): the shipped ones plus "
        "your own in the user profile folder, where a file replaces a shipped one of the "
        "same name. See docs/drivers.md, 'Add a meter model'.",
    )
    profile_sub = profile.add_subparsers(
        dest="profile_command", metavar="SUBCOMMAND", required=True
    )
    listing = profile_sub.add_parser(
        "list", help="every profile: name, protocol, billing, description, shipped or yours"
    )
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_profile_list, _parser=listing)
    no_database(listing)
    check = profile_sub.add_parser(
        "check",
        help="validate a profile file: exit 0 if valid, 1 naming the file, key and reason",
        description="Validate one profile file (it need not be in a profile folder yet).",
    )
    check.add_argument("file", metavar="FILE", help="the profile file, e.g. acme-pm100.toml")
    check.add_argument("--json", action="store_true", help="print JSON")
    check.set_defaults(handler=cmd_profile_check, _parser=check)
    no_database(check)


# --- profile list ----------------------------------------------------------------------------


def _origin_text(found: ProfileFile) -> str:
    return {
        "shipped": tr("shipped"),
        "user": tr("user"),
        "override": tr("user (overrides shipped)"),
    }.get(found.origin, found.origin)


def _width(text: str) -> int:
    """Columns a text takes in a terminal (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _error_dict(err: ProfileError) -> dict[str, str]:
    return {"file": str(err.path), "key": err.key, "reason": err.reason}


def cmd_profile_list(args: argparse.Namespace) -> int:
    from drivers.profile_files import shipped_dir, user_dir
    from drivers.profiles import profile_catalog

    catalog = profile_catalog()
    folder = user_dir()
    if args.json:
        profiles: list[dict[str, Any]] = []
        for name, entry in catalog.items():
            p = entry.profile
            profiles.append(
                {
                    "name": name,
                    "protocol": p.protocol if p else None,
                    "billing": p.billing if p else None,
                    "description": p.description if p else None,
                    "origin": entry.file.origin,
                    "path": str(entry.file.path),
                    "overrides": str(entry.file.shadows) if entry.file.shadows else None,
                    "valid": p is not None,
                    "error": _error_dict(entry.error) if entry.error else None,
                }
            )
        document = {
            "shipped_folder": str(shipped_dir()),
            "user_folder": str(folder),
            "profiles": profiles,
        }
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    header = (tr("Profile"), tr("Protocol"), tr("Billing"), tr("Source"), tr("Description"))
    rows = [header]
    for name, entry in catalog.items():
        p = entry.profile
        if p is None:
            rows.append((name, "-", "-", _origin_text(entry.file), tr("INVALID (see below)")))
        else:
            rows.append((name, p.protocol, p.billing, _origin_text(entry.file), p.description))
    widths = [max(_width(row[i]) for row in rows) for i in range(len(header) - 1)]
    for row in rows:
        cells = [_pad(cell, w) for cell, w in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[-1]]).rstrip())
    invalid = [entry.error for entry in catalog.values() if entry.error is not None]
    if invalid:
        print()
        print(tr("Invalid profile files (left out until fixed; `profile check FILE` after a fix):"))
        for err in invalid:
            print(f"  {err.path}: {err.key}: {err.reason}")
    print()
    print(tr("Shipped profiles: {path}", path=shipped_dir()))
    print(
        tr(
            "Your profiles: {path} (a file there replaces a shipped one of the same name)",
            path=folder,
        )
        + ("" if folder.is_dir() else " " + tr("(the folder does not exist yet)"))
    )
    return 0


# --- profile check ---------------------------------------------------------------------------


def _summary(profile: Profile) -> dict[str, Any]:
    s = profile.serial
    return {
        "name": profile.name,
        "protocol": profile.protocol,
        "billing": profile.billing,
        "description": profile.description,
        "serial": {
            "baudrate": s.baudrate,
            "parity": s.parity,
            "stopbits": s.stopbits,
            "bytesize": s.bytesize,
            "timeout": s.timeout,
        },
        "quantities": list(profile.quantities),
        "relay": profile.relay.method,
        "recharge": profile.recharge.method,
        "clock": profile.clock.method,
    }


def _in_use(path: Path, name: str) -> tuple[bool, str]:
    """Whether ``--profile NAME`` would use this very file, and a sentence saying so."""
    from drivers.profile_files import find_file, user_dir

    found = find_file(name)
    if found is not None and found.path.resolve() == path.resolve():
        origin = _origin_text(found)
        return True, tr("In use as --profile {name} ({origin}).", name=name, origin=origin)
    target = user_dir() / f"{name}.toml"
    if found is not None:
        return False, tr(
            "Not in use: --profile {name} reads {other}. Copy this file to {target} to use it.",
            name=name,
            other=found.path,
            target=target,
        )
    return False, tr(
        "Not in use yet: copy it to {target} to use it as --profile {name}.",
        name=name,
        target=target,
    )


def cmd_profile_check(args: argparse.Namespace) -> int:
    from drivers.errors import ProfileError
    from drivers.profiles import load_profile

    path = Path(args.file).expanduser()
    if not path.exists():
        message = tr("No such file: {path}", path=path)
        if args.json:
            print(json.dumps({"valid": False, "file": str(path), "key": "(file)",
                              "reason": "no such file"}, ensure_ascii=False))  # fmt: skip
        sys.stderr.write(message + "\n")
        return 1
    try:
        profile = load_profile(path)
    except ProfileError as exc:
        if args.json:
            print(json.dumps({"valid": False, **_error_dict(exc)}, ensure_ascii=False, indent=2))
        sys.stderr.write(
            tr(
                "Invalid meter profile {path}: {key}: {reason}",
                path=exc.path,
                key=exc.key,
                reason=exc.reason,
            )
            + "\n"
        )
        return 1
    used, where = _in_use(path, profile.name)
    summary = _summary(profile)
    if args.json:
        document = {"valid": True, "file": str(path), **summary, "in_use": used}
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    s = profile.serial
    print(
        tr(
            "{path}: a valid {protocol} profile {name!r}: {description}",
            path=path,
            protocol=profile.protocol,
            name=profile.name,
            description=profile.description or "-",
        )
    )
    line = f"{s.baudrate} {s.bytesize}{s.parity}{s.stopbits}"
    print("  " + tr("line {line}, reply timeout {timeout} s", line=line, timeout=s.timeout))
    print(
        "  "
        + tr(
            "billing {billing}; relay {relay}; recharge {recharge}; clock {clock}",
            billing=profile.billing,
            relay=profile.relay.method,
            recharge=profile.recharge.method,
            clock=profile.clock.method,
        )
    )
    print(
        "  "
        + tr(
            "{count} quantities: {names}",
            count=len(profile.quantities),
            names=", ".join(profile.quantities),
        )
    )
    print(where)
    return 0
