"""The actions a batch can take, what each needs, and who may start it.

One table (``ACTIONS``) says, per action: the kind of work an item becomes (a meter command,
a ledger posting or a direct change), the permission the creator needs, whether a second
administrator must approve it (money), and how its parameters are checked. The CLI, the
preview and the engine all read it, so a new action is one entry plus its step.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ..i18n import N_, tr
from ..money import MoneyError, parse_yuan
from ..security import Permission
from ..services.commands import PARAM_NAMES

BATCH_PRIORITY = 3  # after operator commands (0), recharges (1) and relay rules (2)
METER = "meter"  # each item is a meter command run by the collector
MONEY = "money"  # each item is a ledger posting (and, meter-side, a recharge command)
DIRECT = "direct"  # each item is a database change made by the engine (tariff assignment)


class BatchError(ValueError):
    """A batch request that was refused; ``str()`` is for the user."""


@dataclass(frozen=True)
class Action:
    name: str
    kind: str  # METER, MONEY or DIRECT
    permission: Permission
    label: str  # English, N_() for the catalogue
    command: str = ""  # the meter_command kind of a METER action
    per_room: bool = False  # one item per room (money), else one per meter
    needs_sheet: bool = False


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action("cut", METER, Permission.RELAY_SWITCH, N_("relay cut"), "relay"),
        Action("close", METER, Permission.RELAY_SWITCH, N_("relay restore"), "relay"),
        Action("guarantee_on", METER, Permission.RELAY_SWITCH, N_("guaranteed supply on"), "relay"),
        Action(
            "guarantee_off", METER, Permission.RELAY_SWITCH, N_("guaranteed supply off"), "relay"
        ),
        Action("params", METER, Permission.METER_PARAMS, N_("meter parameters"), "params"),
        Action("clock", METER, Permission.METER_PARAMS, N_("clock sync"), "clock"),
        Action("tariff", DIRECT, Permission.TARIFF_EDIT, N_("tariff assignment")),
        Action(
            "recharge",
            MONEY,
            Permission.RECHARGE,
            N_("recharge from a sheet"),
            per_room=True,
            needs_sheet=True,
        ),
        Action("fee", MONEY, Permission.SITE_EDIT, N_("fee deduction"), per_room=True),
    )
}
RELAY = ("cut", "close", "guarantee_on", "guarantee_off")
LABELS = {
    "cut": N_("relay cut"),
    "close": N_("relay restore"),
    "guarantee_on": N_("guaranteed supply on"),
    "guarantee_off": N_("guaranteed supply off"),
    "params": N_("meter parameters"),
    "clock": N_("clock sync"),
    "tariff": N_("tariff assignment"),
    "recharge": N_("recharge from a sheet"),
    "fee": N_("fee deduction"),
}
# batch statuses, item states and the steering verbs, as the CLI and the window show them
WORDS = {
    "approval": N_("approval"),
    "queued": N_("queued"),
    "scheduled": N_("scheduled"),
    "running": N_("running"),
    "paused": N_("paused"),
    "cancelled": N_("cancelled"),
    "done": N_("done"),
    "sent": N_("sent"),
    "failed": N_("failed"),
    "skipped": N_("skipped"),
    "pause": N_("pause"),
    "resume": N_("resume"),
}


def word(key: str) -> str:
    """A status, state or verb in the user's language."""
    return tr(WORDS[key]) if key in WORDS else key


def action_label(name: str) -> str:
    """An action's name in the user's language."""
    return tr(LABELS[name]) if name in LABELS else name


def action_of(name: str) -> Action:
    action = ACTIONS.get(name)
    if action is None:
        raise BatchError(
            tr("unknown batch action {name!r} ({known})", name=name, known=", ".join(ACTIONS))
        )
    return action


def check_params(action: Action, params: dict[str, Any]) -> dict[str, Any]:
    """The action's parameters, checked and made plain JSON (Decimals as text)."""
    if action.command == "params":
        values = params.get("values") or {}
        if not values:
            raise BatchError(tr("say which parameters to write (e.g. alarm_1=20)"))
        errors = param_errors(values)
        if errors:
            raise BatchError(next(iter(errors.values())))
        return {"values": {name: str(Decimal(str(v))) for name, v in values.items()}}
    if action.name == "fee":
        item = str(params.get("item") or "").strip()
        if not item:
            raise BatchError(tr("a fee deduction needs the name of its item (--item NAME)"))
        clean_fee: dict[str, Any] = {"item": item[:60]}
        if params.get("amount"):
            try:
                clean_fee["amount_fen"] = parse_yuan(str(params["amount"]))
            except MoneyError as exc:
                raise BatchError(str(exc)) from exc
        return clean_fee
    if action.name == "tariff":
        name = str(params.get("tariff") or "").strip()
        if not name:
            raise BatchError(tr("say which tariff to assign (--tariff NAME)"))
        return {"tariff": name}
    return {}


def param_errors(values: dict[str, Any]) -> dict[str, str]:
    """Every problem of a params batch's values, by parameter name (the batch dialog shows
    each beside its field; ``check_params`` refuses with the first)."""
    errors: dict[str, str] = {}
    numbers: dict[str, Decimal] = {}
    for name, value in values.items():
        if name not in PARAM_NAMES:
            errors[name] = tr("unknown meter parameter {name!r}", name=name)
            continue
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            errors[name] = tr("{name}: {value!r} is not a number", name=name, value=value)
            continue
        places = 4 if name.startswith("price") else 2
        if not number.is_finite() or number < 0 or number != round(number, places):
            errors[name] = tr(
                "{name}: {value} must be zero or more with at most {places} decimals",
                name=name,
                value=value,
                places=places,
            )
            continue
        numbers[name] = number
    a1, a2, top = numbers.get("alarm_1"), numbers.get("alarm_2"), numbers.get("max_balance")
    if a1 is not None and a2 is not None and a2 > a1:
        errors["alarm_2"] = tr(
            "alarm_2: {value} must not be above alarm_1 ({top})", value=a2, top=a1
        )
    if a1 is not None and top is not None and top <= a1:
        errors["max_balance"] = tr(
            "max_balance: {value} must be above alarm_1 ({low})", value=top, low=a1
        )
    return errors


def needs_approval(action: Action) -> bool:
    """Money batches wait for a second administrator, like a large refund."""
    return action.kind == MONEY
