"""The main window's batch and time-control hookups (issue 17), kept out of main_window.py.

``BatchHookups`` is mixed into ``MainWindow``: it adds the toolbar's "Batches…", "Time
control…" and "Messages…" (issue 18) entries, opens those windows on first use, and starts
the batch dialog from the park tree (the rooms picked, or a whole building or floor), whose
new batch then shows its progress in the status bar (``batches_dialog.BatchProgress``, kept
in ``batch_progress``).
Nothing here imports ``app.batch`` at start: the windows and the dialog are imported when
first opened (``tests/gui/test_lazy_start.py``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QToolBar

from app.security import Permission


class BatchHookups:
    """Batches (批量任务) and time control (时间控制) for the main window."""

    # set by MainWindow.__init__ (through ``_batch_attrs``) before anything here is used
    db: Any
    actor: Any
    zone: Any
    parks: list[Any]
    batches: Any
    batch_progress: Any
    timecontrol: Any
    _open_once: Any
    park_tree: Any
    let_rooms: set[int]
    account_actions: Any
    reload: Any
    worker: Any
    setWindowTitle: Any
    field_banner: Any
    field_bar: Any
    addToolBar: Any
    insertToolBarBreak: Any
    removeToolBarBreak: Any
    field_mark: Any = None  # app.field.offline.LaptopMark on the laptop

    def _batch_attrs(self) -> None:
        self.batches = None  # app/ui/batches.py, built on first use
        self.batch_progress = None  # the status bar's line for the batch last created here
        self.timecontrol = None  # app/ui/timecontrol.py
        self.messages_window = None  # app/ui/messages.py (issue 18)
        self.payments_window = None  # app/ui/payments.py (issue 20)
        self.field_dialog = None  # app/ui/field_package.py (issue 20), built on first use
        self.field_ports = None  # app/ui/field_ports.py, on the laptop

    def _install_tree_menu(self) -> None:
        """The park tree's right-click menu: a room's account operations, "Batch over N
        rooms…" on a multi-selection, "Batch over this building/floor…" on a place."""
        from .account_actions import AccountActions
        from .site_tree import install_room_menu

        self.account_actions = AccountActions(self.db, self.actor, self)
        self.account_actions.changed.connect(self.reload)
        install_room_menu(
            self.park_tree,
            self.account_actions,
            lambda r: r in self.let_rooms,
            self.open_batch_dialog,
            self.open_place_batch,
        )

    def _add_batch_tools(self, toolbar: QToolBar) -> None:
        """The toolbar's "Batches…" and "Time control…" (read-only hint for a role that
        may not switch relays)."""
        self._batch_attrs()
        batches = toolbar.addAction(QCoreApplication.translate("MainWindow", "Batches…"))
        batches.setObjectName("OpenBatches")
        batches.triggered.connect(self.open_batches)
        timecontrol = toolbar.addAction(QCoreApplication.translate("MainWindow", "Time control…"))
        timecontrol.setObjectName("OpenTimeControl")
        timecontrol.triggered.connect(self.open_timecontrol)
        if not self.actor.can(Permission.RELAY_SWITCH):
            timecontrol.setToolTip(
                QCoreApplication.translate(
                    "MainWindow", "Your role may not change timetables; they open read-only."
                )
            )
        messages = toolbar.addAction(QCoreApplication.translate("MainWindow", "Messages…"))
        messages.setObjectName("OpenMessages")
        messages.triggered.connect(self.open_messages)
        payments = toolbar.addAction(QCoreApplication.translate("MainWindow", "Online payments…"))
        payments.setObjectName("OpenPayments")
        payments.triggered.connect(self.open_payments)
        if not self.actor.can(Permission.RECHARGE):
            payments.setToolTip(
                QCoreApplication.translate(
                    "MainWindow", "Your role may not take payments; the window opens read-only."
                )
            )

        field = toolbar.addAction(QCoreApplication.translate("MainWindow", "Field package…"))
        field.setObjectName("OpenFieldPackage")
        field.triggered.connect(self.open_field_package)
        if not self.actor.can(Permission.FIELD_PACKAGE):
            field.setEnabled(False)
            field.setToolTip(
                QCoreApplication.translate(
                    "MainWindow", "Only an administrator exports or merges field packages."
                )
            )
        self._show_field_mark()

    def open_payments(self) -> Any:
        """Online payments (线上缴费 / 对账, issue 20): bills, unmatched, reconciliation."""
        from .payments import PaymentsWindow

        make = lambda: PaymentsWindow(self.db, self.actor, self.zone, self)  # noqa: E731
        return self._open_once("payments_window", make)

    def open_field_package(self) -> Any:
        """The field package window (现场数据包): export buildings for the laptop, merge a
        package back. Administrators only: None for another role."""
        if not self.actor.can(Permission.FIELD_PACKAGE):
            return None
        from .field_package import FieldPackageDialog

        buildings = [
            (b.id, b.name, sum(len(f.rooms) for f in b.floors))
            for p in self.parks
            for b in p.buildings
        ]
        make = lambda: FieldPackageDialog(self.db, self.actor, buildings, self)  # noqa: E731
        return self._open_once("field_dialog", make, then="raise_")

    def _show_field_mark(self) -> None:
        """On the laptop (the database is a field package) the status bar says so, at a
        glance, and the title too; read off the GUI thread (one row)."""
        from PySide6.QtWidgets import QLabel, QSizePolicy

        from app.field.offline import laptop_mark

        bar = QToolBar(QCoreApplication.translate("MainWindow", "Field package"))
        bar.setObjectName("FieldBannerBar")
        bar.setMovable(False)
        self.field_banner = QLabel(bar)
        self.field_banner.setObjectName("FieldBanner")
        self.field_banner.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.field_banner.setStyleSheet(
            "QLabel { background: #fff3c4; color: #6b4e00; font-weight: bold; padding: 4px 8px; }"
        )
        bar.addWidget(self.field_banner)
        ports = bar.addAction(QCoreApplication.translate("MainWindow", "Bus ports…"))
        ports.setObjectName("OpenFieldPorts")
        ports.triggered.connect(self.open_field_ports)
        bar.hide()
        self.addToolBar(bar)
        self.insertToolBarBreak(bar)  # its own row, under the tools
        self.field_bar = bar
        db = self.db
        self.worker.submit(lambda: laptop_mark(db), self._field_mark_read, lambda _exc: None)

    def open_field_ports(self) -> Any:
        """On the laptop: which bus is on which USB RS-485 adapter (``field ports``)."""
        from .field_ports import FieldPortsDialog

        make = lambda: FieldPortsDialog(self.db, self.actor, self)  # noqa: E731
        return self._open_once("field_ports", make)

    def _field_mark_read(self, mark: Any) -> None:
        from .labels import field_banner_text

        if mark is None:  # an office: no banner, whatever the saved layout said
            self.field_bar.hide()
            return
        text = field_banner_text(mark)
        self.field_banner.setText(text)
        self.field_banner.setToolTip(text)
        # its own row under the tools, whatever layout the desk saved before
        self.removeToolBarBreak(self.field_bar)
        self.insertToolBarBreak(self.field_bar)
        self.field_bar.show()
        self.setWindowTitle(
            QCoreApplication.translate("MainWindow", "WattDesk — field package %1").replace(
                "%1", mark.short_id
            )
        )
        self.field_mark = mark

    def open_messages(self) -> Any:
        """Messages (消息记录, issue 18): the outbox and history, resend, export. A resend
        wakes this process's senders when the collector runs here."""
        from .messages import MessagesWindow

        def wake() -> None:
            collector = getattr(self, "collector", None)
            if collector is not None and collector.messages is not None:
                collector.messages.wake()

        make = lambda: MessagesWindow(self.db, self.actor, self.zone, self, wake)  # noqa: E731
        return self._open_once("messages_window", make)

    def open_batches(self) -> Any:
        """Batches (批量任务): every batch's progress, its items, steering and export."""
        from .batches import BatchesWindow

        return self._open_once(
            "batches", lambda: BatchesWindow(self.db, self.actor, self.zone, self)
        )

    def open_batch_dialog(self, room_ids: list[int]) -> Any:
        """The tree's "Batch over N rooms…" (preview, create, then progress in the status bar)."""
        from app.batch.selection import Selection

        from .batches_dialog import open_from_tree

        return open_from_tree(self, Selection(room_ids=tuple(room_ids)))

    def open_place_batch(self, kind: str, place_id: int) -> Any:
        """The tree's "Batch over this building/floor…": every room of it, by name (the
        selection ``app.batch.selection`` resolves when the batch is made)."""
        from app.batch.selection import Selection

        from .batches_dialog import open_from_tree

        for park in self.parks:
            for building in park.buildings:
                if kind == "building" and building.id == place_id:
                    return open_from_tree(self, Selection(building=building.name))
                for floor in building.floors:
                    if kind == "floor" and floor.id == place_id:
                        return open_from_tree(
                            self, Selection(floor=f"{building.name}/{floor.name}")
                        )
        return None

    def open_timecontrol(self) -> Any:
        """Time control (时间控制): timetables, what happens next, history (issue 17)."""
        from .timecontrol import TimeControlWindow

        make = lambda: TimeControlWindow(self.db, self.actor, self.zone, self)  # noqa: E731
        return self._open_once("timecontrol", make)
