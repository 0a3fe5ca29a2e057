"""``keystore status|passwd`` and the terminal prompt for the keystore file's passphrase.

Where the OS has no usable keyring, secrets live in an encrypted keystore file
(``app.security.keystore``). A command that needs a secret (anything audited) then needs the
file's passphrase: from ``WATTDESK_KEYSTORE_PASSPHRASE`` (services, scripts), else typed on
the terminal without echo (twice when the file is created). Without either the keystore
raises ``KeystoreLocked``, which ``app.cli.main`` prints as a refusal (exit 1). The prompt
is asked only when a secret is first needed, so ``tariff list`` never asks.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from ..i18n import tr
from ..security import keystore
from .auth import no_database

ENV_NEW_PASSPHRASE = "WATTDESK_KEYSTORE_NEW_PASSPHRASE"


def register(sub: argparse._SubParsersAction[Any]) -> None:
    ks = sub.add_parser("keystore", help="where secrets are kept; change the keystore passphrase")
    ks_sub = ks.add_subparsers(dest="keystore_command", metavar="SUBCOMMAND", required=True)
    status = ks_sub.add_parser("status", help="say which store keeps the secrets, and where")
    status.set_defaults(handler=cmd_status)
    no_database(status)
    passwd = ks_sub.add_parser(
        "passwd",
        help=f"change the keystore file's passphrase (the new one from {ENV_NEW_PASSPHRASE} "
        "or the terminal)",
    )
    passwd.set_defaults(handler=cmd_passwd)
    no_database(passwd)


def install_prompt() -> None:
    """Let the keystore ask on this terminal when it first needs the passphrase."""
    keystore.set_passphrase_prompt(terminal_prompt)


def _ask_twice(first_prompt: str) -> str | None:
    """A new passphrase typed twice; None without a terminal. Mismatch: a refusal."""
    try:
        first = getpass.getpass(first_prompt)
        second = getpass.getpass(tr("Repeat the keystore passphrase: "))
    except EOFError:
        return None
    if first != second:
        raise keystore.KeystoreError(tr("The two passphrases differ; nothing was changed."))
    return first


def terminal_prompt(creating: bool, error: str | None) -> str | None:
    """The passphrase typed on the terminal, or None when there is no terminal."""
    if not sys.stdin.isatty():
        return None
    if error:
        sys.stderr.write(f"{error}\n")
    if creating:
        if error is None:
            sys.stderr.write(
                tr(
                    "This computer has no usable keyring: WattDesk will keep its secrets in "
                    "the encrypted file {path}. Choose a passphrase of at least {count} "
                    "characters. It cannot be recovered: without it the secrets (such as the "
                    "audit-log key) are lost.",
                    path=keystore.keystore_path(),
                    count=keystore.MIN_PASSPHRASE,
                )
                + "\n"
            )
        return _ask_twice(tr("New keystore passphrase: "))
    try:
        return getpass.getpass(
            tr("Passphrase of the keystore {path}: ", path=keystore.keystore_path())
        )
    except EOFError:
        return None


def cmd_status(_args: argparse.Namespace) -> int:
    kind = keystore.store_kind()
    path = keystore.keystore_path()
    if kind == "os":
        print(
            tr(
                "Secrets are kept in the system keyring ({backend}).",
                backend=keystore.backend_name(),
            )
        )
        return 0
    if not path.exists():
        print(tr("Secrets go to the keystore file {path}, not created yet.", path=path))
        return 0
    keystore.check_file()  # a damaged file is a refusal, exit 1
    print(tr("Secrets are kept in the keystore file {path} (intact).", path=path))
    return 0


def cmd_passwd(_args: argparse.Namespace) -> int:
    if keystore.store_kind() != "file" or not keystore.file_store_exists():
        raise keystore.KeystoreError(
            tr("There is no keystore file to change: secrets are in the system keyring.")
        )
    keystore.check_backend()  # unlocks with the current passphrase (environment or terminal)
    new = os.environ.get(ENV_NEW_PASSPHRASE)
    if not new:
        if not sys.stdin.isatty():
            raise keystore.KeystoreError(
                tr(
                    "No terminal to ask for the new passphrase: set {name}.",
                    name=ENV_NEW_PASSPHRASE,
                )
            )
        new = _ask_twice(tr("New keystore passphrase: "))
        if not new:
            return 1
    keystore.change_passphrase(new)
    print(tr("The keystore passphrase was changed."))
    return 0
