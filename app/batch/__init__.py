"""Batch tasks (批量操作, issue 17): many rooms or meters, one action, each item exactly once.

Qt-free. ``service`` creates and steers batches (role-checked, audited, one transaction
each); ``engine.tick`` is what the collector runs to start due batches and work through
their items; ``views`` are the read models of the Batches window and ``batch list|show``;
``sheet`` checks a recharge sheet row by row; ``selection`` resolves rooms, buildings,
floors and filters. docs/architecture.md "Batches" says how it fits together.
"""

from .actions import ACTIONS, BATCH_PRIORITY, BatchError, action_of
from .engine import TickResult, tick
from .selection import Selection, Target
from .service import (
    BatchRequest,
    Preview,
    approve,
    cancel,
    create,
    preview,
    retry,
    set_paused,
)
from .sheet import SheetError
from .views import BatchDetail, BatchSummary, ItemRow, batch_detail, batch_list, estimate_left

__all__ = [
    "ACTIONS",
    "BATCH_PRIORITY",
    "BatchDetail",
    "BatchError",
    "BatchRequest",
    "BatchSummary",
    "ItemRow",
    "Preview",
    "Selection",
    "SheetError",
    "Target",
    "TickResult",
    "action_of",
    "approve",
    "batch_detail",
    "batch_list",
    "cancel",
    "create",
    "estimate_left",
    "preview",
    "retry",
    "set_paused",
    "tick",
]
