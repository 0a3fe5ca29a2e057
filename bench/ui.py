"""Control-room GUI benchmark on a 10,000-room park (offscreen): ``python bench/ui.py``.

Prints, in milliseconds:
- tree build and show: ``set_roots`` of the built nodes + first paint (the read runs in a
  worker and is shown separately),
- 1,000 live updates applied on the GUI thread (``MainWindow._apply_live``: tree rows in
  place, wall tiles, filter proxy) and the repaint that follows,
- text filter (pinyin initials) over the whole tree, including expanding the matches,
- app start to usable window: a fresh interpreter, main window shown, tree loaded and
  painted, side by side with a bare PySide6 window loading the same tree (``BARE_CHILD``)
  in the same run, alternating; the ratio is what the goal is about on a busy machine,
- quit: the window closed with the collector running on the demo's 506 simulated buses
  (``--run-for`` seconds after it started) to the end of the process.
Goals (issues 7 and 14): 300 ms, 16 ms, 250 ms; start ≤ 2 s and ≤ 1.5x the bare window;
quit ≤ 1 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

START_CHILD = """
import os, sys, time
t0 = float(sys.argv[1])
import keyring
from app.ui.screenshots import _ThrowAwayKeyring
keyring.set_keyring(_ThrowAwayKeyring())
from PySide6.QtWidgets import QApplication
from app.db import open_database
from app.models import Role
from app.security import Actor
from app.ui.main_window import MainWindow
app = QApplication([])
db = open_database(sys.argv[2])
w = MainWindow(db, Actor(None, "bench", "bench", Role.ADMIN, "desk"))
w.show()
run_for = float(sys.argv[3])
def loaded(n):
    app.processEvents()  # the first paint of the loaded tree
    print(f"usable {time.time() - t0:.3f} {n} cpu {time.process_time():.3f}", flush=True)
    if run_for <= 0:
        app.quit()
def collecting(c):
    print(f"collector {time.time() - t0:.3f} {c is not None}", flush=True)
    QTimer.singleShot(int(run_for * 1000), quit_now)
def quit_now():
    print(f"quit {time.time():.6f}", flush=True)
    w.close()
from PySide6.QtCore import QTimer
w.tree_loaded.connect(loaded)
w.collector_started.connect(collecting)
w.start(collector=run_for > 0)
app.exec()
from app.gui import finish_gui
finish_gui(db)
print(f"closed {time.time():.6f}", flush=True)
"""

# The baseline: a bare QMainWindow + QTreeView over a minimal model of the same rooms, read
# the same way (open_database, load_tree in a pool thread): what any PySide6 window pays.
BARE_CHILD = """
import os, sys, time
t0 = float(sys.argv[1])
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, QThreadPool
from PySide6.QtCore import QObject, QRunnable, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QTreeView
from app.db import open_database
from app.sitetree import load_tree

class Node:
    __slots__ = ("name", "children", "parent", "row")
    def __init__(self, name, parent=None, row=0):
        self.name, self.children, self.parent, self.row = name, [], parent, row

class Model(QAbstractItemModel):
    def __init__(self):
        super().__init__()
        self.root = Node("")
    def set_root(self, root):
        self.beginResetModel(); self.root = root; self.endResetModel()
    def _node(self, index):
        return index.internalPointer() if index.isValid() else self.root
    def index(self, row, column, parent=QModelIndex()):
        node = self._node(parent)
        if 0 <= row < len(node.children) and column == 0:
            return self.createIndex(row, 0, node.children[row])
        return QModelIndex()
    def parent(self, index=QModelIndex()):
        if not index.isValid():
            return QModelIndex()
        up = index.internalPointer().parent
        if up is None or up is self.root:
            return QModelIndex()
        return self.createIndex(up.row, 0, up)
    def rowCount(self, parent=QModelIndex()):
        return len(self._node(parent).children)
    def columnCount(self, parent=QModelIndex()):
        return 1
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return index.internalPointer().name
        return None

def build(parks):
    root = Node("")
    def add(parent, name):
        node = Node(name, parent, len(parent.children)); parent.children.append(node); return node
    for p in parks:
        pn = add(root, p.name)
        for b in p.buildings:
            bn = add(pn, b.name)
            for f in b.floors:
                fn = add(bn, f.name)
                for r in f.rooms:
                    add(fn, f"{r.number} {r.tenant}")
    return root

class Relay(QObject):
    done = Signal(object)

class Job(QRunnable):
    def __init__(self, fn, relay):
        super().__init__(); self.fn, self.relay = fn, relay
    def run(self):
        self.relay.done.emit(self.fn())

app = QApplication([])
db = open_database(sys.argv[2])
window = QMainWindow()
model = Model()
view = QTreeView(window)
view.setModel(model)
window.setCentralWidget(view)
window.resize(1280, 800)
window.show()
def read():
    with db.read() as s:
        return load_tree(s)
def loaded(parks):
    model.set_root(build(parks))
    view.expandToDepth(1)
    app.processEvents()
    n = sum(p.room_count for p in parks)
    print(f"usable {time.time() - t0:.3f} {n} cpu {time.process_time():.3f}", flush=True)
    print(f"quit {time.time():.6f}", flush=True)
    window.close()
relay = Relay()
relay.done.connect(loaded)
job = Job(read, relay)
job.setAutoDelete(False)
QThreadPool.globalInstance().start(job)
app.exec()
db.dispose()
print(f"closed {time.time():.6f}", flush=True)
"""


def row(label: str, seconds: list[float], goal: str = "", extra: str = "") -> None:
    median = statistics.median(seconds) * 1000
    print(f"{label:<32} median {median:8.1f} ms  {goal}{extra}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="start and quit runs of each kind")
    parser.add_argument("--run-for", type=float, default=8.0, help="collector seconds before quit")
    parser.add_argument("--start-only", action="store_true", help="only start and quit")
    args = parser.parse_args()
    # a throw-away home for this process and the started apps: a keystore or settings in
    # the user's folder must not change (or stop) what is measured
    os.environ.setdefault("WATTDESK_HOME", tempfile.mkdtemp(prefix="wattdesk-bench-ui-"))
    os.environ.setdefault("WATTDESK_KEYSTORE_PASSPHRASE", "bench-only-passphrase")
    import keyring

    from app.ui.screenshots import _ThrowAwayKeyring

    keyring.set_keyring(_ThrowAwayKeyring())
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.db import open_database
    from app.demo import build_demo
    from app.models import Role
    from app.security import Actor
    from app.sitetree import load_tree
    from app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])

    def wait(signal, ms: int = 60_000) -> None:  # type: ignore[no-untyped-def]
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite"
        db = open_database(url)
        t = time.perf_counter()
        build_demo(db, rooms=10_000)
        print(f"demo park of 10,000 rooms built in {time.perf_counter() - t:.1f} s")
        if not args.start_only:
            window = MainWindow(db, Actor(None, "bench", "bench", Role.ADMIN, "desk"))
            window.resize(1366, 800)
            window.show()
            app.processEvents()

            reads, shows = [], []
            load, window.feed.load = window.feed.load, lambda: None  # measured on its own below
            alarms, window.alarms.load = window.alarms.load, lambda: None
            for _ in range(3):
                t = time.perf_counter()
                with db.read() as s:
                    parks = load_tree(s)
                reads.append(time.perf_counter() - t)
                t = time.perf_counter()
                window._on_tree(parks)  # set_roots, expand, the park's wall
                app.processEvents()  # first paint
                shows.append(time.perf_counter() - t)
            window.feed.load, window.alarms.load = load, alarms
            applied: list[float] = []

            def timed(rooms: dict) -> None:  # type: ignore[type-arg]
                t = time.perf_counter()
                window._apply_live(rooms)
                applied.append(time.perf_counter() - t)

            window.feed.rooms_updated.disconnect(window._apply_live)
            window.feed.rooms_updated.connect(timed)
            t = time.perf_counter()
            window.feed.load()
            wait(window.feed.rooms_updated)  # the live summaries of every room
            print(
                "first live summaries, 10,000 rooms: read "
                f"{time.perf_counter() - t - applied[0]:.2f} s"
                f" (worker), applied in {applied[0] * 1000:.0f} ms (GUI)"
            )
            rooms = dict(list(window.feed.rooms.items())[:1000])
            row("tree read (worker thread)", reads)
            row("tree build and show (GUI)", shows, "goal 300")

            window.park_tree.select_key(("building", 1))
            app.processEvents()
            applies, paints = [], []
            for i in range(10):
                batch = {
                    rid: replace(
                        live,
                        power_w=(live.power_w or 0) + i + 1,
                        relay="open" if i % 2 else "closed",
                    )
                    for rid, live in rooms.items()
                }
                t = time.perf_counter()
                window._apply_live(batch)
                applies.append(time.perf_counter() - t)
                t = time.perf_counter()
                app.processEvents()
                paints.append(time.perf_counter() - t)
            row(
                "1,000 live updates (GUI)", applies, "goal 16", f"  (max {max(applies) * 1000:.1f})"
            )
            row("  repaint after them", paints)

            node = next(n for n in window.tree_model.nodes("room") if n.colour is None)
            needle = node.search.split()[2]  # the tenant's pinyin initials
            filters, clears = [], []
            for _ in range(3):
                t = time.perf_counter()
                window.park_tree.apply_filter_now(needle)
                app.processEvents()
                filters.append(time.perf_counter() - t)
                t = time.perf_counter()
                window.park_tree.apply_filter_now("")
                app.processEvents()
                clears.append(time.perf_counter() - t)
            matches = len(window.park_tree.visible_keys())
            row(f"filter by initials {needle!r}", filters, "goal 250")
            row("  clear the filter", clears, "", f"({matches} rows)")
            window.close()
        db.dispose()
        return start_and_quit(url, args.runs, args.run_for)


def _child(code: str, url: str, run_for: float) -> dict[str, float]:
    """One fresh interpreter: wall time to usable, its CPU, and quit-to-exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, str(t0), url, str(run_for)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    end = time.time()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    lines = {x.split()[0]: x.split() for x in out.stdout.splitlines() if x.strip()}
    if "usable" not in lines:
        print(out.stderr[-2000:])
        raise SystemExit(1)
    cpu = sum(getattr(after, f) - getattr(before, f) for f in ("ru_utime", "ru_stime"))
    figures = {"usable": float(lines["usable"][1]), "cpu_usable": float(lines["usable"][4])}
    figures["cpu"] = cpu
    if "quit" in lines:
        figures["quit"] = end - float(lines["quit"][1])
    return figures


def start_and_quit(url: str, runs: int, run_for: float = 8.0) -> int:
    """Start side by side (app, bare, alternating), then quit with the collector running."""
    with open("/proc/loadavg") as f:
        print(f"load average before: {f.read().split()[0]}")
    app_runs, bare_runs = [], []
    for _ in range(runs):
        bare_runs.append(_child(BARE_CHILD, url, 0))
        app_runs.append(_child(START_CHILD, url, 0))
    quits = [_child(START_CHILD, url, run_for)["quit"] for _ in range(runs)]
    with open("/proc/loadavg") as f:
        print(f"load average after: {f.read().split()[0]}")

    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    app_s, bare_s = med(app_runs, "usable"), med(bare_runs, "usable")
    app_cpu, bare_cpu = med(app_runs, "cpu_usable"), med(bare_runs, "cpu_usable")
    print(
        f"app start to usable window   median {app_s * 1000:8.1f} ms"
        f"  (CPU {app_cpu:.2f} s)  goal 2000"
    )
    print(f"bare PySide6 window, same tree median {bare_s * 1000:8.1f} ms  (CPU {bare_cpu:.2f} s)")
    print(
        f"start ratio app / bare: wall {app_s / bare_s:.2f}x,"
        f" CPU {app_cpu / bare_cpu:.2f}x  goal ≤ 1.5x"
    )
    print(
        "quit with the collector running, to process exit: median "
        f"{statistics.median(quits) * 1000:.0f} ms"
        f" (runs {', '.join(f'{q:.2f}' for q in quits)} s)  goal 1000"
    )
    return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
