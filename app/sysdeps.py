"""Before the venv: does this computer have what Qt needs? (``make run`` / ``make test``).

PySide6's wheels carry Qt itself but not the system libraries Qt loads: on a fresh Debian
desktop the GUI aborts in the xcb platform plugin with a message about ``libxcb-cursor0``
that a property-office PC user cannot act on. This module runs with the *system* Python
(standard library only: nothing is installed yet), tries to load each library Qt links
against by its soname (exactly what the dynamic loader will do later) and then

- as root where ``apt-get`` exists (CI, a fresh container): installs the missing packages;
- otherwise: prints the one command that installs them, and exits 1 before the venv is made.

Windows and macOS need nothing: the wheels are complete there. The Chinese font is not a
system requirement: the app registers the WenQuanYi font it ships (``resources/fonts``).
Usage: ``python3 -m app.sysdeps run|test``.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import shutil
import subprocess
import sys

# soname -> Debian package. QtCore/QtGui need the first group even offscreen (make test);
# the xcb platform plugin of a real window needs the second (make run).
CORE_LIBS = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}
WINDOW_LIBS = {
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
}
VENV_PACKAGE = "python3-venv"
MIN_PYTHON = (3, 11)

_TEXT = {
    "en": {
        "python": "WattDesk needs Python {need} or newer; this is Python {have}.",
        "missing": "WattDesk needs system libraries this computer does not have: {libs}.",
        "run": "Install them with this one command, then run make again:",
        "other": "Install them with your distribution's package manager, then run make again.",
        "installing": "Installing the system libraries Qt needs: {pkgs}",
        "failed": "apt-get could not install them (exit {code}). Run it yourself:",
        "display": "No display: DISPLAY and WAYLAND_DISPLAY are not set, so no window can open. "
        "Start WattDesk from a desktop session (or set QT_QPA_PLATFORM=offscreen to try "
        "without a screen).",
    },
    "zh_CN": {
        "python": "WattDesk 需要 Python {need} 或更新版本；当前为 Python {have}。",
        "missing": "WattDesk 需要的系统库在本机缺失：{libs}。",
        "run": "请运行下面这一条命令安装，然后重新运行 make：",
        "other": "请用本系统的软件包管理器安装它们，然后重新运行 make。",
        "installing": "正在安装 Qt 需要的系统库：{pkgs}",
        "failed": "apt-get 未能安装（退出码 {code}）。请手动运行：",
        "display": "没有显示器：未设置 DISPLAY 或 WAYLAND_DISPLAY，无法打开窗口。请在桌面会话中"
        "启动 WattDesk（或设置 QT_QPA_PLATFORM=offscreen 在无屏幕环境下试用）。",
    },
}


def _say(key: str, **values: object) -> str:
    """The message in the user's language (``WATTDESK_LANG``, else the locale variables)."""
    lang = os.environ.get("WATTDESK_LANG") or ""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        lang = lang or os.environ.get(var, "")
    table = _TEXT["zh_CN"] if lang.lower().startswith("zh") else _TEXT["en"]
    return table[key].format(**values)


def loadable(soname: str) -> bool:
    """True when the dynamic loader finds ``soname`` (what Qt's own loading will do)."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_packages(purpose: str) -> dict[str, str]:
    """Missing sonames and their Debian packages for ``purpose`` ('run' or 'test')."""
    wanted = dict(CORE_LIBS)
    if purpose == "run":
        wanted.update(WINDOW_LIBS)
    missing = {so: pkg for so, pkg in wanted.items() if not loadable(so)}
    if importlib.util.find_spec("ensurepip") is None:  # Debian splits venv's pip out
        missing["python3 -m venv"] = VENV_PACKAGE
    return missing


def apt_command(packages: list[str], *, sudo: bool) -> list[str]:
    prefix = ["sudo"] if sudo else []
    return [*prefix, "apt-get", "install", "-y", "--no-install-recommends", *packages]


def _install(packages: list[str]) -> int:
    """apt-get as root: 0 when it worked."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    print(_say("installing", pkgs=" ".join(packages)), flush=True)
    update = subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
    if update.returncode != 0:
        return update.returncode
    quiet = [*apt_command(packages, sudo=False), "-qq"]
    return subprocess.run(quiet, env=env, check=False, stdout=subprocess.DEVNULL).returncode


def check(purpose: str) -> int:
    """Exit status for make: 0 = ready (possibly after installing), 1 = the user must act."""
    if sys.version_info < MIN_PYTHON:
        have = ".".join(map(str, sys.version_info[:3]))
        print(_say("python", need="3.11", have=have), file=sys.stderr)
        return 1
    if not sys.platform.startswith("linux"):
        return 0
    missing = missing_packages(purpose)
    if missing:
        packages = sorted(set(missing.values()))
        has_apt = shutil.which("apt-get") is not None
        if has_apt and os.geteuid() == 0:
            code = _install(packages)
            if code == 0:
                return _check_display(purpose)
            print(_say("failed", code=code), file=sys.stderr)
            print("  " + " ".join(apt_command(packages, sudo=False)), file=sys.stderr)
            return 1
        print(_say("missing", libs=", ".join(sorted(missing))), file=sys.stderr)
        if has_apt:
            print(_say("run"), file=sys.stderr)
            print("  " + " ".join(apt_command(packages, sudo=True)), file=sys.stderr)
        else:
            print(_say("other"), file=sys.stderr)
        return 1
    return _check_display(purpose)


def _check_display(purpose: str) -> int:
    """A window needs a display; say so before building anything (offscreen is allowed)."""
    if purpose != "run" or os.environ.get("QT_QPA_PLATFORM"):
        return 0
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return 0
    print(_say("display"), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(check(sys.argv[1] if len(sys.argv) > 1 else "run"))
