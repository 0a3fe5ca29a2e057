"""What the command line's login costs (issue #13 item 6): every money or settings command now
logs in, i.e. verifies an argon2id hash at the production cost and writes a ``login.ok`` audit
row, before it does its work.

Prints the median wall time of ``python -m app tariff list`` logged in (through
``WATTDESK_OPERATOR``/``WATTDESK_PASSWORD``, the way a script does), the same command's import
and start-up floor (``python -m app profile list``, which needs no login and no database), and
the median of ``login()`` itself in this process. Uses a throw-away folder and the encrypted
keystore file, never the keyring of whoever runs it.

    python bench/cli_login.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Bench-login-2026"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=7)
    args = p.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="wattdesk-cli-login-"))
    url = f"sqlite:///{tmp / 'desk.sqlite'}"
    env = {
        **os.environ,
        "WATTDESK_HOME": str(tmp / "home"),
        "WATTDESK_KEYSTORE": "file",
        "WATTDESK_KEYSTORE_PASSPHRASE": "bench-passphrase-1",
        "PYTHONPATH": str(ROOT),
        "WATTDESK_LANG": "en",
    }
    for name in ("WATTDESK_OPERATOR", "WATTDESK_PASSWORD", "PYTHON_KEYRING_BACKEND"):
        env.pop(name, None)

    def cli(*argv: str, stdin: str = "", extra: dict[str, str] | None = None) -> float:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "app", *argv],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**env, **(extra or {})},
        )
        if done.returncode:
            raise SystemExit(f"{' '.join(argv)} failed: {done.stderr}")
        return time.perf_counter() - started

    cli("init", "--db", url, "--demo", "--rooms", "20")
    cli("operator", "add", "boss", "--role", "admin", "--password-stdin", "--db", url,
        stdin=PASSWORD + "\n")  # fmt: skip
    login = {"WATTDESK_OPERATOR": "boss", "WATTDESK_PASSWORD": PASSWORD}
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    logged_in = [cli("tariff", "list", "--db", url, extra=login) for _ in range(args.runs)]
    floor = [cli("profile", "list") for _ in range(args.runs)]

    os.environ.update({k: env[k] for k in ("WATTDESK_HOME", "WATTDESK_KEYSTORE")})
    os.environ["WATTDESK_KEYSTORE_PASSPHRASE"] = env["WATTDESK_KEYSTORE_PASSPHRASE"]
    sys.path.insert(0, str(ROOT))
    from app.db import open_database
    from app.security import login as do_login

    db = open_database(url)
    in_process = []
    for _ in range(args.runs):
        started = time.perf_counter()
        do_login(db, "boss", PASSWORD)
        in_process.append(time.perf_counter() - started)
    db.dispose()

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:.0f} ms"

    print(f"load average before: {' '.join(load)}; after: {Path('/proc/loadavg').read_text()}")
    print(f"tariff list, logged in:        {ms(logged_in)} (median of {args.runs})")
    print(f"profile list (no login, no db): {ms(floor)}")
    print(f"login() in process:             {ms(in_process)} (argon2id 64 MiB, t=3, p=4 + audit)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
