"""Events in the reader's language, from their kind and facts (Qt-free).

The collector and the services store an event as a stable ``kind`` (``relay.changed``),
its facts in ``Event.data`` (``{"relay": "open", "by": "rule"}``; a driver error as
``error_kind`` / ``error_facts``) and an English ``message`` for logs and support. Every
screen, the CLI and the exports word the sentence here, in the language of the reader:
``describe(kind, data, lang)``. An event whose facts are missing (rows written before the
facts were stored) reads as its kind's generic sentence; only an English reader also gets
the stored English message. So nothing English from the core reaches a Chinese screen.

Each kind has a title (``EVENT_TITLES``, the alarms filter) and a sentence builder;
``tests/collector/test_event_text.py`` finds every kind the code writes and fails when one
has no sentence in both languages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from ..config import ui_language
from ..i18n import CATALOG, N_
from ..loadcontrol.library import describe as describe_load
from ..money import format_yuan
from .error_text import describe_error, refusal_word

Facts = Mapping[str, Any]

EVENT_TITLES: dict[str, str] = {
    "meter.online": N_("Meter back online"),
    "meter.offline": N_("Meter offline"),
    "meter.reset": N_("Meter reset"),
    "meter.replaced": N_("Meter replaced"),
    "relay.changed": N_("Relay changed"),
    "relay.cut_suppressed": N_("Cut suppressed (guaranteed supply or time rule)"),
    "balance.alarm": N_("Low balance"),
    "recharge.confirmed": N_("Recharge confirmed by the meter"),
    "billing.skipped": N_("Interval not billed"),
    "clock.drift": N_("Meter clock drift"),
    "energy.backwards": N_("Energy register went backwards"),
    "power.over_limit": N_("Power above the room's limit"),
    "reconcile.mismatch": N_("Meter disagrees with the ledger"),
    "command.confirmed": N_("Command confirmed"),
    "command.failed": N_("Command failed"),
    "command.expired": N_("Command expired"),
    "bus.crashed": N_("Bus worker stopped"),
    "vacant.consumption": N_("Vacant room draws power"),
    "timetable.cut": N_("Timetable cut (time control)"),
    "timetable.restore": N_("Timetable restore (time control)"),
    "timetable.held": N_("Timetable cut held back (guaranteed supply)"),
    # --- w19-rules: dormitory load control (app.loadcontrol.rules) ---
    "load.cut": N_("Load control cut (forbidden appliance)"),
    "load.alarm": N_("Forbidden appliance (alarm only)"),
    "load.held": N_("Load control cut held back (guaranteed supply)"),
    "load.already_cut": N_("Forbidden appliance while cut by load control"),
    "load.already_off": N_("Forbidden appliance while the supply is off"),
    "load.needs_manager": N_("Load control: needs the dorm manager"),
    "load.restore": N_("Load control restore"),
    "load.learned": N_("Appliance learned for the whitelist"),
    "field.note": N_("Note on site (field laptop)"),
}
OTHER_EVENT = N_("Other event")


def _t(message: str, lang: str, **values: object) -> str:
    text = CATALOG.get(lang, {}).get(message, message)
    return text.format(**values) if values else text


def known_kinds() -> list[str]:
    """The stable event kinds the collector and the services write (the alarms filter)."""
    return list(EVENT_TITLES)


def kind_title(kind: str, lang: str | None = None) -> str:
    """A kind's name in ``lang`` (the UI language by default)."""
    lang = lang or ui_language()
    title = EVENT_TITLES.get(kind)
    return _t(title, lang) if title else _t(OTHER_EVENT, lang)


def describe(kind: str, data: Facts | None, lang: str | None = None, message: str = "") -> str:
    """The event as one sentence in ``lang`` (the UI language by default)."""
    lang = lang or ui_language()
    builder = SENTENCES.get(kind)
    if builder is not None and data:
        try:
            return builder(data, lang)
        except (KeyError, TypeError, ValueError, InvalidOperation, _NoFacts):
            pass  # facts missing or malformed: the kind's generic sentence
    title = kind_title(kind, lang)
    if lang == "en" and message:
        return f"{title}: {message}"
    return title


class _NoFacts(Exception):
    """The data lacks what the sentence needs (an event written before the facts were)."""


# --------------------------------------------------------------------------- pieces


def _yuan(data: Facts, key: str) -> str:
    return format_yuan(int(data[key]))


def _who(by: str, lang: str) -> str:
    if by == "meter":
        return _t(N_("the meter itself"), lang)
    if by == "rule" or by.startswith("rule:"):
        return _t(N_("an automatic rule"), lang)
    if by == "system":
        return "WattDesk"
    return _t(N_("operator {login}"), lang, login=by)


RULES: dict[str, str] = {
    "guarantee.meter": N_("guaranteed supply on the meter"),
    "guarantee.building": N_("guaranteed supply for the building"),
    "no_cut.night": N_("no cuts at night"),
    "no_cut.weekend": N_("no cuts at weekends"),
    "no_cut.holiday": N_("no cuts on holidays"),
    "cutoff_line": N_("balance at the cut-off line"),
    "restore_after_recharge": N_("recharged above the restore line"),
}


def _rule(rule: str, lang: str) -> str:
    if rule.startswith("load:"):  # a load cut or its restore (app.loadcontrol)
        return _t(N_("load control: a forbidden appliance"), lang)
    return _t(RULES[rule], lang) if rule in RULES else _t(N_("an automatic rule"), lang)


def _error(data: Facts, lang: str) -> str:
    return describe_error(
        data.get("error_kind"), data.get("error_facts"), lang, str(data.get("error") or "")
    )


# --------------------------------------------------------------------------- meters


def _online(data: Facts, lang: str) -> str:
    return _t(N_("Meter answers again"), lang)


def _offline(data: Facts, lang: str) -> str:
    error = _error(data, lang)
    if data.get("never"):
        return _t(N_("Meter never answered: {error}"), lang, error=error)
    text = N_("Meter offline after {misses} unanswered polls: {error}")
    return _t(text, lang, misses=int(data["misses"]), error=error)


def _reset(data: Facts, lang: str) -> str:
    return _t(N_("The meter reports a reset"), lang)


def _relay(data: Facts, lang: str) -> str:
    who = _who(str(data["by"]), lang)
    if data["relay"] == "open":
        sentence = _t(N_("Power cut by {who}"), lang, who=who)
    else:
        sentence = _t(N_("Power restored by {who}"), lang, who=who)
    if data.get("rule"):
        sentence += _t(N_(" (rule: {rule})"), lang, rule=_rule(str(data["rule"]), lang))
    return sentence


def _suppressed(data: Facts, lang: str) -> str:
    text = N_("Balance {balance} is at the cut-off line; not cut because of {rule}")
    return _t(text, lang, balance=_yuan(data, "balance_fen"), rule=_rule(str(data["rule"]), lang))


def _balance(data: Facts, lang: str) -> str:
    text = (
        N_("Account balance {balance}: alarm level {level}")
        if "account_id" in data
        else N_("Balance {balance}: alarm level {level}")
    )
    return _t(text, lang, balance=_yuan(data, "balance_fen"), level=int(data["alarm"]))


def _backwards(data: Facts, lang: str) -> str:
    text = N_("Energy register went from {before} to {after} kWh")
    return _t(text, lang, before=Decimal(data["before"]), after=Decimal(data["after"]))


def _replaced(data: Facts, lang: str) -> str:
    text = N_(
        "Energy register went from {before} to {after} kWh and the purchase count "
        "restarted: meter replaced?"
    )
    return _t(text, lang, before=Decimal(data["before"]), after=Decimal(data["after"]))


def _drift(data: Facts, lang: str) -> str:
    return _t(N_("Meter clock is {seconds} s off"), lang, seconds=round(float(data["s"])))


def _power(data: Facts, lang: str) -> str:
    text = N_("Power {power} W is above the room's limit of {limit} W")
    return _t(text, lang, power=int(data["power_w"]), limit=int(data["limit_w"]))


def _vacant(data: Facts, lang: str) -> str:
    text = N_("Vacant room (no open account) draws {watts} W (line {line} W)")
    return _t(text, lang, watts=int(data["watts"]), line=int(data.get("line_w", 0)))


SKIP_REASONS: dict[str, str] = {
    "backwards": N_("the register went backwards (meter reset or replaced)"),
    "implausible": N_("{kwh} kWh in {hours} h is not plausible"),
    "tariff": N_("the tariff could not price the interval"),
}


def _skipped(data: Facts, lang: str) -> str:
    reason = data.get("reason")
    if reason not in SKIP_REASONS:
        raise _NoFacts
    values = {"kwh": data["kwh"], "hours": data["hours"]} if reason == "implausible" else {}
    text = _t(SKIP_REASONS[str(reason)], lang, **values)
    return _t(N_("Interval not billed: {reason}"), lang, reason=text)


MISMATCHES: dict[str, str] = {
    "fewer": N_("the meter shows fewer purchases than WattDesk confirmed (reset or replaced?)"),
    "unknown": N_("the meter counts purchases WattDesk did not make (another system or a card?)"),
    "money": N_("the meter's cumulative purchase is below the recharges confirmed on it"),
}


def _mismatch(data: Facts, lang: str) -> str:
    code = data.get("code")
    if code not in MISMATCHES:
        raise _NoFacts
    text = N_("Meter disagrees with the ledger: {reason} (meter {meter}, ledger {ledger})")
    reason = _t(MISMATCHES[str(code)], lang)
    return _t(text, lang, reason=reason, meter=data["meter_count"], ledger=data["ledger_count"])


def _bus(data: Facts, lang: str) -> str:
    text = N_("Bus {link}: worker stopped; restarting in {seconds} s")
    seconds = f"{float(data['restart_s']):.3g}"
    sentence = _t(text, lang, link=str(data["link"]), seconds=seconds)
    if data.get("error_kind") not in (None, "other"):  # a driver's error, not a bug
        sentence += _t(N_(" ({reason})"), lang, reason=_error(data, lang))
    elif lang == "en" and data.get("reason"):
        sentence += f" ({data['reason']})"
    return sentence


# --------------------------------------------------------------------------- commands

COMMANDS: dict[str, str] = {
    "relay": N_("Relay command"),
    "recharge": N_("Recharge"),
    "params": N_("Parameter write"),
    "clock": N_("Clock sync"),
}
ACTIONS: dict[str, str] = {
    "cut": N_("cut"),
    "close": N_("close"),
    "guarantee_on": N_("guaranteed supply on"),
    "guarantee_off": N_("guaranteed supply off"),
}
RELAY_STATES: dict[str, str] = {
    "open": N_("open (power cut)"),
    "cut": N_("open (power cut)"),
    "closed": N_("closed (power on)"),
    "unknown": N_("unknown"),
}
HOW: dict[str, str] = {
    "reply": N_("the meter replied"),
    "readback_lost_reply": N_("read back after a lost reply"),
    "readback_doubt": N_("read back after doubt"),
    "repeat_count_ok": N_("repeat refused, count already right"),
}


def _word(table: Mapping[str, str], key: object, lang: str) -> str:
    return _t(table[str(key)], lang) if str(key) in table else _t(N_("unknown"), lang)


OUTCOMES: dict[str, Callable[[Facts, str], str]] = {
    "expired_before_run": lambda d, lang: _t(N_("expired before it could run"), lang),
    "expired_unsent": lambda d, lang: _t(
        N_("expired: the meter did not answer in time; never sent"), lang
    ),
    "expired_never_reached": lambda d, lang: _t(N_("expired; never reached the meter"), lang),
    "refused": lambda d, lang: (
        _error(d, lang)  # "refused by the meter: ..." already
        if d.get("error_kind") in ("rejected", "recharge_rejected")
        else _t(N_("refused: {error}"), lang, error=_error(d, lang))
    ),
    "unknown_kind": lambda d, lang: _t(N_("unknown command kind {name}"), lang, name=d["name"]),
    "count_ahead": lambda d, lang: _t(
        N_(
            "the meter's purchase count is already {count}: this recharge was never sent; "
            "check the meter and the account"
        ),
        lang,
        count=int(d["count"]),
    ),
    "count_mismatch": lambda d, lang: _t(
        N_(
            "the meter's purchase count is {count}, expected {expected}: not sent; "
            "an operator must reconcile"
        ),
        lang,
        count=int(d["count"]),
        expected=int(d["expected"]),
    ),
    "meter_refused": lambda d, lang: _t(
        N_("refused by the meter: {reason}"), lang, reason=refusal_word(str(d["reason"]), lang)
    ),
    "unknown_action": lambda d, lang: _t(N_("unknown relay action {name}"), lang, name=d["action"]),
    "relay_confirmed": lambda d, lang: _t(
        N_("{action}: relay {state} (read back)"),
        lang,
        action=_word(ACTIONS, d["action"], lang),
        state=_word(RELAY_STATES, d["state"], lang),
    ),
    "relay_kept": lambda d, lang: (
        _t(
            N_("{action}: the meter kept its relay {state}"),
            lang,
            action=_word(ACTIONS, d["action"], lang),
            state=_word(RELAY_STATES, d["state"], lang),
        )
        + (_t(N_(" (guaranteed supply)"), lang) if d.get("guarantee") else "")
    ),
    "params_differ": lambda d, lang: _t(
        N_("read back differs: {names}"), lang, names=", ".join(sorted(d["wrong"]))
    ),
    "params_written": lambda d, lang: _t(N_("written and read back"), lang),
    "clock_unreadable": lambda d, lang: _t(N_("sent (clock not readable)"), lang),
    "clock_ok": lambda d, lang: _t(N_("meter clock {clock}"), lang, clock=d["clock"]),
    "clock_still": lambda d, lang: _t(N_("meter clock still {clock}"), lang, clock=d["clock"]),
}

COMMAND_SENTENCES: dict[str, str] = {
    "command.confirmed": N_("{command} #{id} confirmed: {outcome}"),
    "command.failed": N_("{command} #{id} failed: {outcome}"),
    "command.expired": N_("{command} #{id} expired: {outcome}"),
}


def _command(kind: str) -> Callable[[Facts, str], str]:
    def sentence(data: Facts, lang: str) -> str:
        outcome = OUTCOMES.get(str(data.get("outcome")))
        if outcome is None:
            raise _NoFacts
        return _t(
            COMMAND_SENTENCES[kind],
            lang,
            command=_word(COMMANDS, data.get("kind"), lang),
            id=int(data["command_id"]),
            outcome=outcome(data, lang),
        )

    return sentence


def _recharge(data: Facts, lang: str) -> str:
    text = N_("Recharge of {amount} confirmed (purchase {count})")
    sentence = _t(text, lang, amount=_yuan(data, "amount_fen"), count=int(data["count"]))
    if data.get("balance_fen") is not None:
        sentence += _t(N_("; meter balance {balance}"), lang, balance=_yuan(data, "balance_fen"))
    if data.get("how") in HOW:
        sentence += _t(N_(" ({how})"), lang, how=_t(HOW[str(data["how"])], lang))
    return sentence


def _timetable(data: Facts, lang: str) -> str:
    """``timetable.cut`` / ``.restore`` / ``.held`` (app.timecontrol.execute)."""
    name, due = str(data["timetable"]), str(data["due"])
    outcome = str(data["outcome"])
    if outcome == "guaranteed":
        text = N_("Timetable {name}: no cut due {due} because of {rule}")
        return _t(text, lang, name=name, due=due, rule=_rule(str(data["rule"]), lang))
    if outcome == "kept_off":
        text = N_(
            "Timetable {name}: recharged in the window since {due}; power comes back at its on time"
        )
    elif outcome == "already_off":
        text = N_("Timetable {name}: supply was already cut at {due}; left as it was")
    elif data["transition"] == "off":
        text = N_("Timetable {name}: supply cut due {due}")
    else:
        text = N_("Timetable {name}: supply restored due {due}")
    sentence = _t(text, lang, name=name, due=due)
    if data.get("holiday"):
        sentence += _t(N_(" (holiday timetable)"), lang)
    if int(data.get("late_s") or 0) >= 120:
        sentence += _t(N_(" (caught up after the collector was stopped)"), lang)
    return sentence


# --------------------------------------------------------------------------- load control

LOAD_ACTIONS: dict[str, str] = {
    "cut": N_("power cut"),
    "alarm": N_("alarm only, no cut"),
    "held": N_("not cut because of {rule}"),
    "already_cut": N_("already cut by load control"),
    "already_off": N_("the supply was already off; left as it was"),
}
RESTORE_OUTCOMES: dict[str, str] = {
    "queued": N_("power restore queued"),
    "kept_arrears": N_("stays off: the account is in arrears"),
    "kept_timetable": N_("stays off: a timetable's off window is open"),
    "not_ours": N_("nothing to switch: the cut is no longer load control's"),
}


def _watts(data: Facts) -> str:
    value = data.get("delta_w")
    return "?" if value is None else f"{float(value):.0f}"


def _load(data: Facts, lang: str) -> str:
    """``load.cut`` / ``.alarm`` / ``.held`` / ``.already_*`` (app.loadcontrol.rules)."""
    action = str(data.get("action", ""))
    what = _t(
        LOAD_ACTIONS.get(action, N_("power cut")), lang, rule=_rule(str(data.get("rule", "")), lang)
    )
    if data.get("source") == "meter":
        text = N_("The meter reported {event}: {what}")
        event = describe_load(None, str(data.get("meter_event") or ""), lang)
        return _t(text, lang, event=event, what=what)
    pf = data.get("power_factor")
    text = N_("Forbidden appliance {appliance} ({watts} W, power factor {pf}): {what}")
    return _t(
        text,
        lang,
        appliance=describe_load(str(data.get("appliance") or ""), None, lang),
        watts=_watts(data),
        pf="?" if pf is None else f"{float(pf):.2f}",
        what=what,
    )


def _needs_manager(data: Facts, lang: str) -> str:
    text = N_("{restores} automatic restores used (limit {limit}): the dorm manager restores it")
    return _t(text, lang, restores=int(data.get("restores", 0)), limit=int(data.get("limit", 0)))


def _load_restore(data: Facts, lang: str) -> str:
    outcome = _t(RESTORE_OUTCOMES.get(str(data.get("outcome")), N_("done")), lang)
    if data.get("kind") == "manual":
        text = N_("The dorm manager's restore ({reason}): {outcome}")
        return _t(text, lang, reason=str(data.get("reason") or ""), outcome=outcome)
    return _t(N_("Automatic restore after a load cut: {outcome}"), lang, outcome=outcome)


def _learned(data: Facts, lang: str) -> str:
    text = N_("Appliance {name} learned ({watts} W) and added to the whitelist")
    return _t(text, lang, name=str(data.get("name") or "?"), watts=_watts(data))


def _field_note(data: Facts, lang: str) -> str:
    """A note an operator typed on the field laptop (``field note``), merged back."""
    text = N_("Note on site by {login}: {text}")
    return _t(text, lang, login=str(data.get("by") or "?"), text=str(data.get("text") or ""))


SENTENCES: dict[str, Callable[[Facts, str], str]] = {
    "meter.online": _online,
    "meter.offline": _offline,
    "meter.reset": _reset,
    "meter.replaced": _replaced,
    "relay.changed": _relay,
    "relay.cut_suppressed": _suppressed,
    "balance.alarm": _balance,
    "recharge.confirmed": _recharge,
    "billing.skipped": _skipped,
    "clock.drift": _drift,
    "energy.backwards": _backwards,
    "power.over_limit": _power,
    "reconcile.mismatch": _mismatch,
    "command.confirmed": _command("command.confirmed"),
    "command.failed": _command("command.failed"),
    "command.expired": _command("command.expired"),
    "bus.crashed": _bus,
    "vacant.consumption": _vacant,
    "timetable.cut": _timetable,
    "timetable.restore": _timetable,
    "timetable.held": _timetable,
    "load.cut": _load,
    "load.alarm": _load,
    "load.held": _load,
    "load.already_cut": _load,
    "load.already_off": _load,
    "load.needs_manager": _needs_manager,
    "load.restore": _load_restore,
    "load.learned": _learned,
    "field.note": _field_note,
}
