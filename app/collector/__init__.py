"""The collector (采集服务): owns the serial buses, polls meters, runs meter commands,
stores state, readings and events, bills platform-side meters and applies the relay rules.

No Qt here: the GUI subscribes to ``Collector.hub`` and bridges batches to Qt signals.
See docs/collector.md.
"""

from .config import CollectorConfig, PollPlan, Rules, load_rules
from .hub import ChangeBatch, ChangeHub, change_seq
from .service import BusProblem, Collector, restart_delay

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
