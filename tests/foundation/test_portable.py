"""Nothing POSIX-only on the user's path (issue #12, item 8).

The GUI and the demo run on in-process ``sim://`` buses (no pty); the one command that needs
a pseudo-terminal, ``simulate``, says so on a system without them instead of a traceback.
Windows is played by a real interpreter whose ``os`` has no ``openpty``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.collector.config import CollectorConfig

ROOT = Path(__file__).resolve().parents[2]


def test_simulate_without_ptys_is_a_sentence() -> None:
    code = (
        "import os, sys\n"
        "del os.openpty\n"
        "from app.cli import main\n"
        "sys.exit(main(['simulate', '--meters', '2']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert done.returncode == 1, done.stderr
    assert "only Linux and macOS have" in done.stderr and "init --demo" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_demo_buses_run_in_process_by_default() -> None:
    # the GUI and `collector` build this config: sim:// links get in-process simulators
    assert CollectorConfig().sim_transport == "inproc"
