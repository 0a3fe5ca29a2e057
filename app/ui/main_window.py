"""The main window: park tree on the left, the selection's summary in the centre.

The tree loads in a worker thread; the window is usable (and says "loading") meanwhile.
Layout (docks, geometry) is saved and restored with QSettings.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QVBoxLayout, QWidget

from app.backup import daily_backup
from app.db import Database
from app.models import Role
from app.security import Actor, Permission, system_actor
from app.sitetree import ParkNode, load_tree
from widgets.park_tree import ParkTree
from widgets.tree_model import TreeModel

from .bridge import Worker
from .cashier import CashierWindow
from .site_tree import build_nodes, headers

log = logging.getLogger(__name__)


def _read_tree(db: Database) -> list[ParkNode]:
    with db.read() as session:
        return load_tree(session)


class MainWindow(QMainWindow):
    """The control room's main window."""

    tree_loaded = Signal(int)  # rooms shown
    backup_finished = Signal(object)  # BackupResult, None (not due) or the exception

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.worker = Worker(self)
        self.parks: list[ParkNode] = []
        self.setObjectName("MainWindow")
        self.setWindowTitle(self.tr("WattDesk — prepaid electricity control room"))
        self.resize(1280, 800)

        self.tree_model = TreeModel(headers(), self)
        self.park_tree = ParkTree(self.tree_model, self)
        self.park_tree.set_column_widths([190, 250, 70])
        dock = QDockWidget(self.tr("Park"), self)
        dock.setObjectName("ParkDock")
        dock.setWidget(self.park_tree)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.resizeDocks([dock], [620], Qt.Orientation.Horizontal)

        self.summary = QLabel(self.tr("Loading the park…"), self)
        self.summary.setObjectName("Summary")
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        centre = QWidget(self)
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(self.summary)
        self.setCentralWidget(centre)

        self.status_db = QLabel(self)
        self.status_operator = QLabel(self)
        self.status_operator.setObjectName("OperatorLabel")
        self.status_operator.setText(
            self.tr("Operator: %1 (%2)")
            .replace("%1", actor.display_name)
            .replace("%2", role_label(actor.role))
        )
        self.statusBar().addPermanentWidget(self.status_operator)
        self.statusBar().addPermanentWidget(self.status_db)
        self.status_db.setText(self.tr("Database: %1").replace("%1", _short_url(db.url)))
        self.park_tree.activated.connect(self._show_selection)
        self.cashier: CashierWindow | None = None
        toolbar = self.addToolBar(self.tr("Tools"))
        toolbar.setObjectName("MainToolbar")
        cashier = toolbar.addAction(self.tr("Cashier counter (F9)"))
        cashier.setShortcut("F9")
        cashier.triggered.connect(self.open_cashier)
        if not actor.can(Permission.RECHARGE):
            cashier.setToolTip(
                self.tr("Your role may not take money; the counter opens read-only.")
            )
        self._restore_layout()
        # daily automatic backup: checked now and every hour, taken off the GUI thread
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(3_600_000)
        self._backup_timer.timeout.connect(self.backup_if_due)
        self._backup_timer.start()

    def open_cashier(self) -> CashierWindow:
        """The counter in its own window (a cashier often keeps it full screen)."""
        if self.cashier is None:
            self.cashier = CashierWindow(self.db, self.actor)
            self.cashier.start()
        self.cashier.show()
        self.cashier.raise_()
        self.cashier.activateWindow()
        return self.cashier

    def backup_if_due(self) -> None:
        # an automatic job, not the operator's act: audited as the system, whatever the role
        db, actor = self.db, system_actor(name="gui:daily-backup")
        self.worker.submit(lambda: daily_backup(db, actor), self._backup_done, self._backup_failed)

    def _backup_done(self, result: object) -> None:
        if result is not None:
            self.statusBar().showMessage(
                self.tr("Daily backup written: %1").replace("%1", str(getattr(result, "path", ""))),
                8000,
            )
        self.backup_finished.emit(result)

    def _backup_failed(self, exc: Exception) -> None:
        log.error("daily backup failed: %s", exc)
        self.statusBar().showMessage(self.tr("Daily backup failed: %1").replace("%1", str(exc)))
        self.backup_finished.emit(exc)

    # -- loading -----------------------------------------------------------------------
    def start(self) -> None:
        """What the app does once the window is shown: load the park, back up if due."""
        self.reload()
        self.backup_if_due()

    def reload(self) -> None:
        self.statusBar().showMessage(self.tr("Loading the park…"))
        self.worker.submit(lambda: _read_tree(self.db), self._on_tree, self._on_error)

    def _on_tree(self, parks: list[ParkNode]) -> None:
        self.parks = parks
        self.tree_model.set_roots(build_nodes(parks))
        self.park_tree.expand_to_depth(1)
        rooms = sum(p.room_count for p in parks)
        self.statusBar().showMessage(self.tr("%n room(s) loaded", "", rooms), 5000)
        if parks:
            self._show_park(parks[0])
        else:
            self.summary.setText(
                self.tr(
                    "The database has no park yet. Import a site sheet or create the demo park."
                )
            )
        self.tree_loaded.emit(rooms)

    def _on_error(self, exc: Exception) -> None:
        self.summary.setText(self.tr("Could not load the park: %1").replace("%1", str(exc)))

    # -- centre panel ------------------------------------------------------------------
    def _show_park(self, park: ParkNode) -> None:
        rooms = [r for b in park.buildings for f in b.floors for r in f.rooms]
        let = sum(1 for r in rooms if r.tenant)
        self.summary.setText(
            f"<h1>{park.name}</h1>"
            + self.tr("<p>%1 buildings · %2 rooms · %3 let · %4 vacant</p>")
            .replace("%1", str(len(park.buildings)))
            .replace("%2", str(len(rooms)))
            .replace("%3", str(let))
            .replace("%4", str(len(rooms) - let))
        )

    def _show_selection(self, key: Any) -> None:
        if not isinstance(key, tuple):
            return
        node = self.tree_model.node(key)
        if node is None:
            return
        kind = key[0]
        if kind == "park":
            park = next((p for p in self.parks if p.id == key[1]), None)
            if park:
                self._show_park(park)
            return
        title = " / ".join(self._path(node))
        if kind == "room":
            tenant, area, meters = node.values[1], node.values[2], node.values[3]
            body = self.tr("<p>Tenant: %1<br>Area: %2 m²<br>Meters: %3</p>")
            body = body.replace("%1", tenant).replace("%2", area).replace("%3", meters or "-")
        else:
            rooms = self._rooms_under(node)
            let = sum(1 for r in rooms if r.colour is None)
            body = (
                self.tr("<p>%1 rooms · %2 let · %3 vacant</p>")
                .replace("%1", str(len(rooms)))
                .replace("%2", str(let))
                .replace("%3", str(len(rooms) - let))
            )
        self.summary.setText(f"<h2>{title}</h2>{body}")

    @staticmethod
    def _rooms_under(node: Any) -> list[Any]:
        found, stack = [], [node]
        while stack:
            current = stack.pop()
            if current.kind == "room":
                found.append(current)
            stack.extend(current.children)
        return found

    @staticmethod
    def _path(node: Any) -> list[str]:
        names = []
        while node is not None and node.kind != "root":
            names.append(str(node.values[0]))
            node = node.parent
        return list(reversed(names))

    # -- layout ------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        state = settings.value("main/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState())
        self.worker.wait(5000)
        if self.cashier is not None:
            self.cashier.close()
        super().closeEvent(event)


def role_label(role: Role) -> str:
    return {
        Role.ADMIN: QCoreApplication.translate("Roles", "administrator"),
        Role.OPERATOR: QCoreApplication.translate("Roles", "operator"),
        Role.CASHIER: QCoreApplication.translate("Roles", "cashier"),
        Role.AUDITOR: QCoreApplication.translate("Roles", "auditor"),
    }[role]


def _short_url(url: str) -> str:
    """The URL without a password, for the status bar."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url
