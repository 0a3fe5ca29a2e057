"""A keyring backend for tests that run ``python -m app`` in a subprocess.

Each CLI call is a new process, so an in-memory keyring would forget the audit key between
two commands. This backend keeps secrets in the JSON file named by
``WATTDESK_TEST_KEYRING_FILE`` (a tmp_path file). It is plain text and therefore for tests
only; select it with ``PYTHON_KEYRING_BACKEND=tests.security.filekeyring.FileKeyring`` and
run the subprocess from the repository root so that ``tests`` is importable.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def path(self) -> Path:
        return Path(os.environ["WATTDESK_TEST_KEYRING_FILE"])

    def _load(self) -> dict[str, str]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        self.path.write_text(json.dumps(data), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError(username)
        self.path.write_text(json.dumps(data), encoding="utf-8")
