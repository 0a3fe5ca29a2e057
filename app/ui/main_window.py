"""The main window: park tree on the left, room wall or room detail in the centre,
alarms at the bottom, bus health and pending recharges in the status bar.

The tree loads in a worker thread; the window is usable (and says "loading") meanwhile.
When the database has enabled links, ``start_collector()`` runs the collector in this
process if it can take the collector lease at once (``app.collector.standby.HeldCollector``:
another desk's collector holding it means none here, and the status bar says which desk;
issue 20) (the demo's ``sim://`` buses get in-process simulators) and the live feed
(``live.LiveFeed``) turns its batches into in-place updates of the tree, the wall and the
open room. Layout (docks, geometry) is saved and restored with QSettings. What the user
sees lives in its own module: ``wall``, ``room_detail``, ``alarms``, ``bus_status``,
``diagnostics``, ``lock``.

Start-up cost is imports: what is not on screen is built on first use (the room detail
and its charts, the counter, the tariff, approval, reports, diagnostics and settings windows,
the backup module); ``tests/gui/test_lazy_start.py`` checks pyqtgraph and reportlab stay out.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QStackedWidget, QWidget

from app.collector import CollectorConfig
from app.db import Database
from app.livedata import RoomLive
from app.livedata.site import read_park
from app.security import Actor, Permission, system_actor
from app.sitetree import ParkNode
from widgets.park_tree import ParkTree
from widgets.tree_model import TreeModel

from . import desk_standby
from .alarms import AlarmsDock
from .bridge import Worker
from .bus_status import BusStatus
from .labels import role_label
from .live import LiveFeed
from .main_batches import BatchHookups
from .main_collector import CollectorHookups
from .site_tree import WIDTHS, build_nodes, chips, headers, node_path, rooms_under, row_changes
from .wall import WallPanel

if TYPE_CHECKING:
    from app.collector import Collector
    from app.collector.standby import HeldCollector

    from .cashier import CashierWindow
    from .room_detail import RoomDetailPanel

log = logging.getLogger(__name__)


class MainWindow(BatchHookups, CollectorHookups, QMainWindow):
    """The control room's main window."""

    tree_loaded = Signal(int)  # rooms shown
    backup_finished = Signal(object)  # BackupResult, None (not due) or the exception
    live_applied = Signal(int)  # tree rows changed by one live update
    collector_started = Signal(object)  # the Collector, or None when there is no bus
    lease_lost = Signal()  # another desk took the collector lease (emitted off the GUI thread)

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.worker = Worker(self)
        self.parks: list[ParkNode] = []
        self.let_rooms: set[int] = set()
        self.setObjectName("MainWindow")
        self.setWindowTitle(self.tr("WattDesk — prepaid electricity control room"))
        self.resize(1280, 800)

        config = CollectorConfig()
        self.zone = config.zone
        self.collector: Collector | None = None
        self._held: HeldCollector | None = None  # this desk's collector under the lease
        self.lease_lost.connect(self._lost_lease)
        self.feed = LiveFeed(db, self.zone, self)
        self.tree_model = TreeModel(headers(), self)
        self.park_tree = ParkTree(self.tree_model, self)
        self.park_tree.set_column_widths(WIDTHS)
        self.park_tree.set_chips(chips())
        dock = QDockWidget(self.tr("Park"), self)
        dock.setObjectName("ParkDock")
        dock.setWidget(self.park_tree)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.resizeDocks([dock], [600], Qt.Orientation.Horizontal)

        self.wall = WallPanel(self)
        self.summary = self.wall.summary
        self.summary.setText(self.tr("Loading the park…"))
        self._detail: RoomDetailPanel | None = None  # built on first use (``detail``)
        self.first_start: Any = None  # FirstStartPanel while the database has no park
        self._after_load: list[Any] = []  # what start() runs once the tree has loaded
        self._closing = False
        self.centre = QStackedWidget(self)
        self.centre.addWidget(self.wall)
        self.setCentralWidget(self.centre)
        self.wall.room_opened.connect(self.open_room)

        self.alarms = AlarmsDock(db, actor, self.zone, self)
        self.alarms.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.alarms)
        self.resizeDocks([self.alarms], [150], Qt.Orientation.Vertical)
        self.alarms.room_opened.connect(self.open_room)
        self.alarms.notifier.alerted.connect(self._alerted)

        self.status_db = QLabel(self)
        self.status_operator = QLabel(self)
        self.status_operator.setObjectName("OperatorLabel")
        self.status_operator.setText(
            self.tr("Operator: %1 (%2)")
            .replace("%1", actor.display_name)
            .replace("%2", role_label(actor.role))
        )
        self.bus_status = BusStatus(db, self)
        self.statusBar().addPermanentWidget(self.bus_status.buses)
        self.statusBar().addPermanentWidget(self.bus_status.pending)
        self.statusBar().addPermanentWidget(self.bus_status.lease)
        self._config: CollectorConfig | None = None
        self._others_run = False  # the lease was held by another desk at start
        self.standby = desk_standby.DeskStandby(db, self._make, self)  # take over when it stops
        self.standby.running.connect(self._took_over)
        self.standby.lost.connect(self._standby_lost)
        self.standby.released.connect(self._standby_released)
        self.statusBar().addPermanentWidget(self.standby.button)
        self.statusBar().addPermanentWidget(self.status_operator)
        self.statusBar().addPermanentWidget(self.status_db)
        self.feed.rooms_updated.connect(self._apply_live)
        self.feed.events_arrived.connect(self.alarms.add_events)
        self.feed.batch.connect(self.bus_status.on_batch)
        self.bus_status.counted.connect(self.alarms.notifier.set_counts)  # one offline count
        self.feed.batch.connect(self._on_batch_commands)
        self.status_db.setText(self.tr("Database: %1").replace("%1", _short_url(db.url)))
        self.park_tree.activated.connect(self._show_selection)
        self.cashier: CashierWindow | None = None
        toolbar = self.addToolBar(self.tr("Tools"))
        toolbar.setObjectName("MainToolbar")
        # fmt: off
        for text, slot, name, may, why_not in (
            (self.tr("Cashier counter (F9)"), self.open_cashier_here, "F9", Permission.RECHARGE,
             self.tr("Your role may not take money; the counter opens read-only.")),
            (self.tr("Tariffs…"), self.open_tariffs, "", Permission.TARIFF_EDIT,
             self.tr("Your role may not change tariffs; they open read-only.")),
            (self.tr("Refund approvals"), self.open_approvals, "", Permission.MONEY_OUT_APPROVE,
             self.tr("Only an administrator decides refund requests; the list opens read-only.")),
            (self.tr("Accounts…"), self.open_accounts, "OpenAccounts", None, ""),
            (self.tr("Reports…"), self.open_reports, "OpenReports", None, ""),
            (self.tr("Billing…"), self.open_billing, "OpenBilling", Permission.BILLING_RUN,
             self.tr("Your role may not run billing; it opens read-only.")),
        ):
            action = toolbar.addAction(text)
            action.triggered.connect(slot)
            action.setShortcut(name) if name == "F9" else action.setObjectName(name)
            if may is not None and not actor.can(may):
                action.setToolTip(why_not)
        # fmt: on
        self._add_batch_tools(toolbar)  # Batches…, Time control… (main_batches.py)
        self.tariffs: Any = None  # these windows are built on first use
        self.approvals: Any = None
        self.accounts: Any = None
        self.reports: Any = None
        self.billing: Any = None
        self._install_tree_menu()  # rooms' account actions and batches (main_batches.py)
        diagnostics = toolbar.addAction(self.tr("Bus diagnostics"))
        diagnostics.triggered.connect(self.open_diagnostics)
        self.diagnostics: Any = None
        settings = toolbar.addAction(self.tr("Settings…"))
        settings.setShortcut("Ctrl+,")
        settings.triggered.connect(self.open_settings)
        self.settings: Any = None
        lock = toolbar.addAction(self.tr("Lock (Ctrl+L)"))
        lock.setShortcut("Ctrl+L")
        from .lock import IdleLock

        self.idle_lock = IdleLock(self, db, actor)
        lock.triggered.connect(self.idle_lock.lock_now)
        site_menu = self.menuBar().addMenu(self.tr("&Site"))
        # every tool in a menu too: at 150 % the toolbar overflows behind its » button
        windows_menu = self.menuBar().addMenu(self.tr("&Windows"))
        windows_menu.setObjectName("WindowsMenu")
        windows_menu.addActions([a for a in toolbar.actions() if not a.isSeparator()])
        sheet = site_menu.addAction(self.tr("Import / export the site sheet…"))
        sheet.setObjectName("SiteSheetAction")
        sheet.triggered.connect(self.open_site_sheet)
        self.site_sheet: Any = None  # app/ui/site_sheet.py, made on first use
        from .about import add_help_menu

        self.about_action = add_help_menu(self)  # Help → About (versions, folders)
        self._restore_layout()
        # automatic backup on the saved schedule (Settings → Backup): checked now and every
        # minute (a directory listing and one settings read, off the GUI thread)
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(60_000)
        self._backup_timer.timeout.connect(self.backup_if_due)
        self._backup_timer.start()

    @property
    def detail(self) -> RoomDetailPanel:
        """The room detail panel, built (and its charts imported) when first shown."""
        if self._detail is None:
            from .room_detail import RoomDetailPanel

            detail = RoomDetailPanel(self.db, self.actor, self.zone, self)
            detail.collector = self.collector
            detail.back.connect(lambda: self.centre.setCurrentWidget(self.wall))
            detail.recharge_requested.connect(self.open_cashier_on)
            self.centre.addWidget(detail)
            self._detail = detail
        return self._detail

    def _on_batch_commands(self, batch: Any) -> None:
        if self._detail is not None:  # no panel yet: no room is open, nothing to confirm
            self._detail.on_commands(batch.commands)

    def open_cashier(self) -> CashierWindow:
        """The counter in its own window (a cashier often keeps it full screen)."""
        from .cashier import CashierWindow

        if self.cashier is None:
            self.cashier = CashierWindow(self.db, self.actor)
            self.cashier.start()
        self.cashier.show()
        self.cashier.raise_()
        self.cashier.activateWindow()
        return self.cashier

    def open_cashier_here(self) -> CashierWindow:
        """F9: on the room detail, the counter on that room (as its "Recharge… (F9)" button
        says); elsewhere the counter as it was left."""
        room_id = self.detail.room_id
        if self.centre.currentWidget() is self.detail and room_id is not None:
            return self.open_cashier_on(room_id)
        return self.open_cashier()

    def open_tariffs(self) -> Any:
        """The tariff window (read-only for a role that may not change tariffs)."""
        from .tariffs import TariffWindow

        return self._open_once(
            "tariffs", lambda: TariffWindow(self.db, self.actor, self.zone, self)
        )

    def open_approvals(self) -> Any:
        """Refund requests waiting for an administrator (read-only for other roles)."""
        from .approvals import ApprovalsDialog

        return self._open_once(
            "approvals", lambda: ApprovalsDialog(self.db, self.actor, self, self.zone)
        )

    def open_accounts(self) -> Any:
        """The Accounts window (开户, 预设, 销户, 过户, 换表, contacts), built on first use."""
        from .accounts import AccountsWindow

        if self.accounts is None:
            self.accounts = AccountsWindow(self.db, self.actor, self)
            self.accounts.changed.connect(self.reload)
        self.accounts.show()
        self.accounts.raise_()
        self.accounts.load()
        return self.accounts

    def open_billing(self) -> Any:
        """Billing (计费): schemes and fee items, period runs, open bills (issue 16)."""
        from .billing import BillingWindow

        return self._open_once(
            "billing", lambda: BillingWindow(self.db, self.actor, self.zone, self)
        )

    def open_reports(self) -> Any:
        """Reports (报表): money and energy reports with charts and exports."""
        from .reports import ReportsWindow

        make = lambda: ReportsWindow(self.db, self.actor, self.zone, self)  # noqa: E731
        return self._open_once("reports", make, every_time=False)

    def _open_once(self, attr: str, make: Any, every_time: bool = True, then: str = "load") -> Any:
        """The window kept in ``attr``, made on first use, shown, raised, then ``then``
        (``load``: each time, or only when made)."""
        window, made = getattr(self, attr), getattr(self, attr) is None
        if made:
            window = make()
            setattr(self, attr, window)
        window.show()
        window.raise_()
        if made or every_time:
            getattr(window, then)()
        return window

    def open_diagnostics(self) -> Any:
        from .diagnostics import DiagnosticsWindow

        if self.diagnostics is None:
            self.diagnostics = DiagnosticsWindow(self.db, self.actor, self)
        self.diagnostics.collector = self.collector
        self.diagnostics.show()
        self.diagnostics.raise_()
        self.diagnostics.start()
        return self.diagnostics

    def open_site_sheet(self) -> Any:
        """Site → Import / export the site sheet: a written import reloads the tree."""
        from .site_sheet import SiteSheetWindow

        if self.site_sheet is None:
            self.site_sheet = SiteSheetWindow(self.db, self.actor, self.worker, self)
            self.site_sheet.applied.connect(lambda _summary: self.reload())
        self.site_sheet.show()
        self.site_sheet.raise_()
        return self.site_sheet

    def open_settings(self) -> Any:
        """Settings… (Ctrl+,): links, receipt header, alarm levels, language, theme, backup."""
        from .settings import SettingsDialog

        return self._open_once(
            "settings",
            lambda: SettingsDialog(
                self.db, self.actor, lambda: self.collector, self.restart_collector, self
            ),
            then="start",
        )

    # -- live --------------------------------------------------------------------------
    def _apply_live(self, rooms: dict[int, RoomLive]) -> None:
        if self._closing:  # a batch queued before the close: no new reads for a closed window
            return
        nodes = self.tree_model.node_map()
        changed = self.tree_model.update_many(row_changes(nodes, rooms))
        if self.centre.currentWidget() is self.wall:
            self.wall.apply(rooms, nodes)
        elif self._detail is not None and self._detail.room_id in rooms:
            self._detail.refresh()
        self.live_applied.emit(changed)

    def _alerted(self, _alert: Any, text: str) -> None:
        """A level-3 alarm or an offline storm: the dock comes back if it was closed."""
        if not self.alarms.isVisible():
            self.alarms.show()
        self.statusBar().showMessage("⚠ " + text, 30_000)

    def open_room(self, room_id: int) -> None:
        """Show the room detail (and select the room in the tree)."""
        if self.park_tree.select_key(("room", room_id)):
            return  # the selection shows it
        self._show_room(room_id)

    def _show_room(self, room_id: int) -> None:
        self.detail.set_room(room_id)
        self.centre.setCurrentWidget(self.detail)

    def open_cashier_on(self, room_id: int) -> CashierWindow:
        """The counter with this room already chosen (from the room detail)."""
        counter = self.open_cashier()
        counter.select_room(room_id)
        return counter

    def backup_if_due(self) -> None:
        # an automatic job, not the operator's act: audited as the system, whatever the role
        db, actor, zone = self.db, system_actor(name="gui:daily-backup"), self.zone

        def backup() -> object:
            from app.backup import daily_backup  # alembic's script loader: not at start

            return daily_backup(db, actor, zone=zone)

        self.worker.submit(backup, self._backup_done, self._backup_failed)

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
    def start(self, collector: bool = False) -> None:
        """What the app does once the window is shown: load the park; once the tree is on
        screen (or failed to load) check whether a backup is due and, with ``collector``,
        start the collector. Both waited for the tree: started beside it, their imports and
        the demo's 506 buses made the first usable window a second later."""
        self._after_load = [self.backup_if_due]
        if collector:
            self._after_load.append(self.start_collector)
        self.reload()

    def _run_after_load(self) -> None:
        work, self._after_load = self._after_load, []
        for step in work:
            step()

    def reload(self) -> None:
        self.statusBar().showMessage(self.tr("Loading the park…"))
        db = self.db
        self.worker.submit(lambda: read_park(db), self._on_tree, self._on_error)

    def _on_tree(self, parks: list[ParkNode]) -> None:
        self.parks = parks
        # who rents what is known from the loaded tree, not from a row's (live) colour
        self.let_rooms = {
            r.id for p in parks for b in p.buildings for f in b.floors for r in f.rooms if r.tenant
        }
        self.tree_model.set_roots(build_nodes(parks))
        self.alarms.set_buildings(parks)
        self.park_tree.expand_to_depth(1)
        rooms = sum(p.room_count for p in parks)
        self.statusBar().showMessage(self.tr("%n room(s) loaded", "", rooms), 5000)
        if parks:
            self._drop_first_start()
            self._show_park(parks[0])
        else:
            self._show_first_start()
        self.tree_loaded.emit(rooms)
        # the live values and the alarms are read once the tree is painted: read beside the
        # paint, their worker threads took the interpreter from it (the window came later)
        QTimer.singleShot(0, self._load_live)

    def _load_live(self) -> None:
        if self._closing:
            return
        self.feed.load()
        self.alarms.load()
        self._run_after_load()

    # -- first start (app/ui/first_start.py) ------------------------------------------
    def _show_first_start(self) -> None:
        """No park yet: the centre offers the site import and the demo park."""
        from .first_start import FirstStartPanel

        if self.first_start is None:
            self.first_start = FirstStartPanel(self.db, self.actor, self.worker, self)
            self.first_start.park_created.connect(self._park_created)
            self.centre.addWidget(self.first_start)
        self.centre.setCurrentWidget(self.first_start)

    def _drop_first_start(self) -> None:
        if self.first_start is not None:
            self.centre.removeWidget(self.first_start)
            self.first_start.deleteLater()
            self.first_start = None

    def _park_created(self, summary: str) -> None:
        """Load the new park; the demo's sim:// buses need the collector, as at start."""
        self.tree_loaded.connect(
            lambda _rooms: self.statusBar().showMessage(summary, 15_000),
            Qt.ConnectionType.SingleShotConnection,
        )
        self.reload()
        if self.collector is None:
            self.start_collector()

    def _on_error(self, exc: Exception) -> None:
        self.summary.setText(self.tr("Could not load the park: %1").replace("%1", str(exc)))
        self._run_after_load()

    # -- centre panel ------------------------------------------------------------------
    def _show_park(self, park: ParkNode) -> None:
        rooms = [r for b in park.buildings for f in b.floors for r in f.rooms]
        let = sum(1 for r in rooms if r.tenant)
        html = f"<h1>{park.name}</h1>" + self.tr(
            "<p>%1 buildings · %2 rooms · %3 let · %4 vacant</p>"
        ).replace("%1", str(len(park.buildings))).replace("%2", str(len(rooms))).replace(
            "%3", str(let)
        ).replace("%4", str(len(rooms) - let))
        html += self.tr("<p>Choose a building or a floor to see its room wall.</p>")
        self.wall.show_rooms(("park", park.id), html, [], self.feed.rooms)
        self.centre.setCurrentWidget(self.wall)

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
        if kind == "room":
            self._show_room(key[1])
            return
        title = " / ".join(node_path(node))
        rooms = rooms_under(node)
        let = sum(1 for r in rooms if r.key[1] in self.let_rooms)
        body = (
            self.tr("<p>%1 rooms · %2 let · %3 vacant</p>")
            .replace("%1", str(len(rooms)))
            .replace("%2", str(let))
            .replace("%3", str(len(rooms) - let))
        )
        self.wall.show_rooms(key, f"<h2>{title}</h2>{body}", rooms, self.feed.rooms)
        self.centre.setCurrentWidget(self.wall)

    _rooms_under = staticmethod(rooms_under)  # site_tree.rooms_under (tests call it here)

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
        self._closing = True
        self._after_load = []
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState())
        self.idle_lock.stop()
        for window in (self.diagnostics, self.settings, self.tariffs, self.approvals,
                       self.accounts, self.reports, self.billing, self.batches,
                       self.timecontrol, self.messages_window):  # fmt: skip
            if window is not None:
                window.close()
        self.worker.wait(15_000)  # a collector may still be starting
        self.stop_collector()
        for part in (self.feed, self._detail, self.alarms, self.bus_status, self.batch_progress):
            if part is not None:
                part.wait(5000)
        if self.cashier is not None:
            self.cashier.close()
        super().closeEvent(event)


def _short_url(url: str) -> str:
    """The URL without a password, for the status bar."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url
