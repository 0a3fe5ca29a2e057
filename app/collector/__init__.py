"""The collector (采集服务): owns the serial buses, polls meters, runs meter commands,
stores state, readings and events, bills platform-side meters and applies the relay rules.

No Qt here: the GUI subscribes to ``Collector.hub`` and bridges batches to Qt signals.
See docs/collector.md.
"""

from typing import TYPE_CHECKING, Any

from .config import CollectorConfig, PollPlan, Rules, load_rules
from .hub import ChangeBatch, ChangeHub, change_seq

if TYPE_CHECKING:
    from .service import BusProblem, Collector, restart_delay

_SERVICE = ("BusProblem", "Collector", "restart_delay")


def __getattr__(name: str) -> Any:
    """The service (bus workers, drivers, pymodbus) is imported when first asked for: the
    GUI's live rows read ``config`` and ``hub`` at start, and the window must not wait for
    the drivers it only needs once the collector starts (after the tree is on screen)."""
    if name in _SERVICE:
        from . import service

        return getattr(service, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BusProblem",
    "ChangeBatch",
    "ChangeHub",
    "Collector",
    "CollectorConfig",
    "PollPlan",
    "Rules",
    "change_seq",
    "load_rules",
    "restart_delay",
]
