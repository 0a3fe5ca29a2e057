"""Turns the core's site tree (plain data) into tree nodes, and live summaries into row
changes for ``TreeModel.update_many`` and tiles for the room wall.

Keeping the mapping here (not in the widgets) keeps ``widgets/`` ignorant of rooms, money
and meters: the widgets only see strings, colours, badges and flags.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.livedata import RoomLive
from app.sitetree import ParkNode, RoomNode
from widgets.room_wall import Tile
from widgets.tree_model import Change, TreeNode

from .labels import age_label, online_label, relay_label, rooms_label, vacant_label
from .live import COLOURS, badges, kwh, money, state_colour, watts

VACANT_COLOUR = "#8a8a8a"
CUT_COLOUR = "#b71c1c"
OFFLINE_COLOUR = "#616161"

# columns of the park tree
NAME, TENANT, BALANCE, RELAY, ONLINE, TODAY_KWH, TODAY_MONEY, METERS = range(8)
WIDTHS = [190, 180, 86, 48, 60, 72, 72, 110]


def headers() -> list[str]:
    return [
        QCoreApplication.translate("SiteTree", "Park / building / floor / room"),
        QCoreApplication.translate("SiteTree", "Tenant"),
        QCoreApplication.translate("SiteTree", "Balance"),
        QCoreApplication.translate("SiteTree", "Relay"),
        QCoreApplication.translate("SiteTree", "Online"),
        QCoreApplication.translate("SiteTree", "Today kWh"),
        QCoreApplication.translate("SiteTree", "Today ¥"),
        QCoreApplication.translate("SiteTree", "Meter address"),
    ]


def chips() -> list[tuple[str, str, str]]:
    return [
        (
            "offline",
            QCoreApplication.translate("SiteTree", "Offline"),
            QCoreApplication.translate("SiteTree", "Rooms with a meter that stopped answering"),
        ),
        (
            "low",
            QCoreApplication.translate("SiteTree", "Low balance"),
            QCoreApplication.translate("SiteTree", "Rooms at alarm level 1, 2 or 3"),
        ),
        (
            "cut",
            QCoreApplication.translate("SiteTree", "Cut"),
            QCoreApplication.translate("SiteTree", "Rooms whose power is cut off"),
        ),
        (
            "needs_manager",
            QCoreApplication.translate("SiteTree", "Needs the manager"),
            QCoreApplication.translate(
                "SiteTree", "Dormitory rooms cut by load control that only the manager restores"
            ),
        ),
        (
            "pending",
            QCoreApplication.translate("SiteTree", "Pending"),
            QCoreApplication.translate("SiteTree", "Rooms with a recharge waiting for the meter"),
        ),
        (
            "vacant_draw",
            QCoreApplication.translate("SiteTree", "Vacant, drawing"),
            QCoreApplication.translate(
                "SiteTree", "Vacant rooms (no open account) whose meters draw power"
            ),
        ),
    ]


def _blank(name: str, second: str) -> list[Any]:
    return [name, second, "", "", "", "", "", ""]


def build_nodes(parks: list[ParkNode]) -> list[TreeNode]:
    """Park -> building -> floor -> room nodes; keys are ``(kind, id)``."""
    vacant = vacant_label()
    roots: list[TreeNode] = []
    for park in parks:
        pnode = TreeNode(("park", park.id), "park", _blank(park.name, rooms_label(park.room_count)))
        for building in park.buildings:
            size = sum(len(f.rooms) for f in building.floors)
            key = ("building", building.id)
            bnode = pnode.add(TreeNode(key, "building", _blank(building.name, rooms_label(size))))
            for floor in building.floors:
                values = _blank(floor.name, rooms_label(len(floor.rooms)))
                fnode = bnode.add(TreeNode(("floor", floor.id), "floor", values))
                for room in floor.rooms:
                    fnode.add(_room_node(room, vacant))
        roots.append(pnode)
    return roots


def _room_node(room: RoomNode, vacant: str) -> TreeNode:
    values = _blank(room.number, room.tenant or vacant)
    values[METERS] = ", ".join(room.meters)
    return TreeNode(
        ("room", room.id),
        "room",
        values,
        search=" ".join(
            [room.number, room.tenant, room.tenant_initials, room.account, *room.meters]
        ).lower(),
        colour=None if room.tenant else VACANT_COLOUR,
        tooltip=_base_tooltip(room.tenant, room.account, vacant),
    )


def _base_tooltip(tenant: str, account: str, vacant: str) -> str:
    return f"{tenant}\n{account}" if tenant else vacant


def row_change(node: TreeNode, live: RoomLive) -> Change:
    """The in-place change of one room row for ``TreeModel.update_many``."""
    colours, flags, lines = badges(live)
    first = node.tooltip.split("\n\n", 1)[0]
    tooltip = "\n\n".join([first, "\n".join(lines)]) if lines else first
    if not live.let:
        colour = VACANT_COLOUR
    elif live.relay == "open":
        colour = CUT_COLOUR
    elif live.offline:
        colour = OFFLINE_COLOUR
    else:
        colour = ""
    columns = {
        BALANCE: money(live.balance_fen),
        RELAY: relay_label(live.relay),
        ONLINE: online_label(live),
        TODAY_KWH: kwh(live.today_kwh),
        TODAY_MONEY: money(live.today_fen),
    }
    return (node.key, columns, colour, (colours, flags, tooltip))


def row_changes(nodes: dict[Any, TreeNode], rooms: dict[int, RoomLive]) -> Iterable[Change]:
    for room_id, live in rooms.items():
        node = nodes.get(("room", room_id))
        if node is not None:
            yield row_change(node, live)


def tile_for(node: TreeNode, live: RoomLive | None, now: datetime | None = None) -> Tile:
    """A wall tile from the room's tree row and live summary; its last line ends with
    the age of the values (``age_label`` at ``now``)."""
    tenant = str(node.values[TENANT])
    if live is None:
        return Tile(
            node.key,
            str(node.values[NAME]),
            [tenant],
            COLOURS["vacant"],
            dim=True,
            tooltip=node.tooltip,
        )
    colours, _flags, _lines = badges(live)
    second = money(live.balance_fen)
    if live.relay:
        second = f"{second}  {relay_label(live.relay)}".strip()
    presence = "" if live.meters and live.online == live.meters else online_label(live)
    age = age_label(live.read_at, now)
    third = " · ".join(x for x in (watts(live.power_w), presence, age) if x)
    return Tile(
        node.key,
        str(node.values[NAME]),
        [tenant, second, third],
        state_colour(live),
        colours,
        node.tooltip,
        dim=not live.let,
    )


def rooms_under(node: TreeNode) -> list[TreeNode]:
    """Room nodes under ``node`` in display order (depth first, left to right)."""
    found: list[TreeNode] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current.kind == "room":
            found.append(current)
        stack.extend(reversed(current.children))
    return found


def node_path(node: Any) -> list[str]:
    """The names from the park down to ``node`` (the wall's title)."""
    names = []
    while node is not None and node.kind != "root":
        names.append(str(node.values[0]))
        node = node.parent
    return list(reversed(names))


def selected_rooms(tree: Any) -> list[int]:
    """The room ids selected in the tree (Ctrl/Shift-click), in the tree's order."""
    from widgets.tree_model import KEY_ROLE

    keys = [i.data(KEY_ROLE) for i in tree.view.selectionModel().selectedRows()]
    return [k[1] for k in keys if isinstance(k, tuple) and k and k[0] == "room"]


def install_room_menu(
    tree: Any, actions: Any, is_let: Any, batch: Any = None, batch_place: Any = None
) -> None:
    """Right-click on a room of the park tree: the account operations of ``actions``
    (an ``AccountActions``) for that room; ``is_let(room_id)`` says whether it is rented.
    With ``batch`` (called with the selected room ids) the tree allows multi-select and
    the menu ends with "Batch…" (批量操作) over the selected rooms. With ``batch_place``
    (called with ``"building"`` or ``"floor"`` and its id) a building or floor offers
    "Batch over this building/floor…"."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QAbstractItemView, QMenu

    from widgets.tree_model import KEY_ROLE

    view = tree.view
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    if batch is not None:
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)

    def place_menu(kind: str, place_id: int) -> QMenu:
        menu = QMenu(view)
        text = (
            QCoreApplication.translate("SiteTree", "Batch over this building…")
            if kind == "building"
            else QCoreApplication.translate("SiteTree", "Batch over this floor…")
        )
        entry = menu.addAction(text)
        entry.setObjectName("BatchOverPlace")
        entry.triggered.connect(lambda: batch_place(kind, place_id))
        return menu

    def popup(pos: Any) -> None:
        key = view.indexAt(pos).data(KEY_ROLE)
        if not (isinstance(key, tuple) and key):
            return
        if key[0] in ("building", "floor") and batch_place is not None:
            menu = place_menu(key[0], key[1])
        elif key[0] == "room":
            menu = QMenu(view)
            rooms = selected_rooms(tree)
            if len(rooms) <= 1:
                actions.fill_menu(menu, key[1], bool(is_let(key[1])))
            if batch is not None:
                picked = rooms if key[1] in rooms else [key[1]]
                menu.addSeparator()
                entry = menu.addAction(
                    QCoreApplication.translate("SiteTree", "Batch over %n rooms…", "", len(picked))
                )
                entry.setObjectName("BatchFromTree")
                entry.triggered.connect(lambda: batch(picked))
        else:
            return
        tree.last_menu = menu  # tests find the menu they opened here
        menu.popup(view.viewport().mapToGlobal(pos))

    view.customContextMenuRequested.connect(popup)
