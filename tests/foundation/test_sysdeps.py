"""``make run``/``make test`` check Qt's system libraries before building anything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app import sysdeps

ROOT = Path(__file__).resolve().parents[2]


def test_every_library_qt_links_against_is_checked() -> None:
    """The sonames Qt's own libraries and the xcb plugin need (read with the loader's view,
    ``ldd``) are all in the check, so a new PySide6 that adds one fails here, not on a user."""
    pyside = pytest.importorskip("PySide6")
    if not sys.platform.startswith("linux"):
        pytest.skip("the check is for Linux; Windows and macOS wheels are complete")
    qt = Path(pyside.__file__).parent / "Qt"
    libs = [
        qt / "plugins" / "platforms" / "libqxcb.so",
        *(qt / "lib").glob("libQt6XcbQpa.so.6"),
        *(qt / "lib").glob("libQt6Gui.so.6"),
        *(qt / "lib").glob("libQt6Widgets.so.6"),
    ]
    out = subprocess.run(["ldd", *map(str, libs)], capture_output=True, text=True).stdout
    needed = {
        line.split()[0]
        for line in out.splitlines()
        if "=>" in line and "/PySide6/" not in line.split("=>")[1]
    }
    known = set(sysdeps.CORE_LIBS) | set(sysdeps.WINDOW_LIBS)
    # the C library, libstdc++ and what the listed packages pull in themselves
    base = ("libc.", "libm.", "libdl.", "libpthread.", "librt.", "libstdc++", "libgcc_s")
    transitive = ("libGLX", "libGLdispatch", "libXau", "libXdmcp", "libbsd", "libmd",
                  "libexpat", "libpng", "libz.", "libbrotli", "libpcre", "libsystemd",
                  "libcap", "libgcrypt", "libgpg-error", "liblz4", "liblzma", "libzstd",
                  "libicu")  # fmt: skip
    unchecked = {
        so for so in needed - known if not so.startswith(base) and not so.startswith(transitive)
    }
    assert not unchecked, f"Qt needs libraries the check does not know: {sorted(unchecked)}"


def test_missing_libraries_name_the_one_command(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sysdeps, "loadable", lambda so: so != "libxcb-icccm.so.4")
    monkeypatch.setattr(sysdeps.os, "geteuid", lambda: 1000)  # not root: must not install
    monkeypatch.setattr(sysdeps.shutil, "which", lambda name: "/usr/bin/apt-get")
    monkeypatch.setenv("WATTDESK_LANG", "en")
    assert sysdeps.check("run") == 1
    err = capsys.readouterr().err
    assert "libxcb-icccm.so.4" in err
    assert "sudo apt-get install -y --no-install-recommends libxcb-icccm4" in err


def test_offscreen_tests_do_not_need_the_window_libraries(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sysdeps, "loadable", lambda so: so not in sysdeps.WINDOW_LIBS)
    monkeypatch.setattr(sysdeps.os, "geteuid", lambda: 1000)
    assert sysdeps.check("test") == 0
    assert sysdeps.check("run") == 1
    assert "libxcb-cursor0" in capsys.readouterr().err


def test_without_apt_it_says_what_is_missing_in_chinese(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sysdeps, "loadable", lambda so: so != "libEGL.so.1")
    monkeypatch.setattr(sysdeps.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(sysdeps.shutil, "which", lambda name: None)
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    assert sysdeps.check("test") == 1
    err = capsys.readouterr().err
    assert "libEGL.so.1" in err and "软件包管理器" in err and "apt-get" not in err


def test_a_window_needs_a_display(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sysdeps, "missing_packages", lambda purpose: {})
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("WATTDESK_LANG", "en")
    assert sysdeps.check("run") == 1
    assert "No display" in capsys.readouterr().err
    monkeypatch.setenv("DISPLAY", ":0")
    assert sysdeps.check("run") == 0


def test_it_runs_with_the_system_python_alone() -> None:
    """No venv yet when make calls it: with ``-S`` (no site-packages) it must still work."""
    done = subprocess.run(
        [sys.executable, "-S", "-m", "app.sysdeps", "test"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
