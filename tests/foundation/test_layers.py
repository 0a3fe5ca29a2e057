"""The layer contracts stay complete: every core module of ``app`` is checked."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENTRY = {"ui", "gui", "cli", "__main__", "__init__"}


def test_every_core_module_is_under_the_no_ui_contract() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    guarded = next(
        c for c in contracts if c["name"].startswith("the app core never imports app.ui")
    )
    listed = set(guarded["source_modules"])
    present = {
        f"app.{p.stem}"
        for p in (ROOT / "app").iterdir()
        if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()))
        and p.stem not in ENTRY
    }
    assert present <= listed, f"add to the contract: {sorted(present - listed)}"


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:]
