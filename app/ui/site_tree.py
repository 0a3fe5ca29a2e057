"""Turns the core's site tree (plain data) into tree nodes for the park tree widget."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.sitetree import ParkNode, RoomNode
from widgets.tree_model import TreeNode

VACANT_COLOUR = "#8a8a8a"


def headers() -> list[str]:
    return [
        QCoreApplication.translate("SiteTree", "Park / building / floor / room"),
        QCoreApplication.translate("SiteTree", "Tenant"),
        QCoreApplication.translate("SiteTree", "Area m²"),
        QCoreApplication.translate("SiteTree", "Meter address"),
    ]


def rooms_label(count: int) -> str:
    return QCoreApplication.translate("SiteTree", "%n room(s)", "", count)


def build_nodes(parks: list[ParkNode]) -> list[TreeNode]:
    """Park -> building -> floor -> room nodes; keys are ``(kind, id)``."""
    vacant = QCoreApplication.translate("SiteTree", "(vacant)")
    roots: list[TreeNode] = []
    for park in parks:
        pnode = TreeNode(
            ("park", park.id), "park", [park.name, rooms_label(park.room_count), "", ""]
        )
        for building in park.buildings:
            size = sum(len(f.rooms) for f in building.floors)
            key = ("building", building.id)
            bnode = pnode.add(TreeNode(key, "building", [building.name, rooms_label(size), "", ""]))
            for floor in building.floors:
                values = [floor.name, rooms_label(len(floor.rooms)), "", ""]
                fnode = bnode.add(TreeNode(("floor", floor.id), "floor", values))
                for room in floor.rooms:
                    fnode.add(_room_node(room, vacant))
        roots.append(pnode)
    return roots


def _room_node(room: RoomNode, vacant: str) -> TreeNode:
    meters = ", ".join(room.meters)
    return TreeNode(
        ("room", room.id),
        "room",
        [room.number, room.tenant or vacant, str(room.area_m2), meters],
        search=" ".join([room.tenant_initials, *room.meters]),
        colour=None if room.tenant else VACANT_COLOUR,
        tooltip=f"{room.tenant}\n{room.account}" if room.tenant else vacant,
    )
