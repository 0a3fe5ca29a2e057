"""A computer with no Chinese font still shows room names: the shipped font is registered."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication
app = QApplication([])
from app.ui.theme import ensure_chinese_font
before = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
added = ensure_chinese_font()
after = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
print(repr((list(before), added, list(after))))
"""


def _probe(env: dict[str, str]) -> tuple[list[str], list[str], list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return ast.literal_eval(done.stdout.strip().splitlines()[-1])


def test_no_system_chinese_font_registers_the_shipped_one(tmp_path: Path) -> None:
    empty = tmp_path / "nofonts"
    empty.mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{empty}</dir>'
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    before, added, after = _probe({"FONTCONFIG_FILE": str(conf)})
    assert before == []
    assert added == ["WenQuanYi Micro Hei"] or "WenQuanYi Micro Hei" in added
    assert "WenQuanYi Micro Hei" in after
