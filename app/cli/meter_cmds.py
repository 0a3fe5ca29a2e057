"""``meter read|relay|recharge``, ``bus scan`` and ``simulate``: talk to meters on a bus.

Every command builds one link from a meter profile (``drivers.bus.link_for``), does one
thing, closes the link and says what happened. Input is checked before the port is
touched: a mistake exits 2 with the usage line; a meter that does not answer, answers
badly or refuses exits 1 with the reason (the meter's own reason for a refused recharge).

``--json`` prints the driver's result (``MeterSnapshot``, ``RelayResult``,
``RechargeResult``, the list of ``Found``) as one JSON document. Money, energy and the other
measured values are exact decimal *strings* (``"123.45"``), never floats; times are ISO
8601. A failure with ``--json`` also prints ``{"error": KIND, "message": ..., ...}`` on
standard output (the message goes to standard error as always).

A recharge needs ``--count``: the purchase number it is (the meter's purchase count + 1).
The meter accepts it once and refuses a repeat, so running the same command twice never
credits twice; the CLI never guesses the count itself.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import logging
import sys
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, NoReturn

from ..i18n import N_, tr
from .auth import no_database

if TYPE_CHECKING:  # the drivers are imported when a command runs, not for ``--help``
    from drivers.link import Link
    from drivers.meter import Meter
    from drivers.profiles import Profile

PROTOCOLS = ("modbus", "dlt645")
PROTOCOL_NAMES = {"modbus": "Modbus", "dlt645": "DL/T 645"}
PARITIES = ("N", "E", "O")
MODBUS_UNITS = (1, 247)
RELAY_FLAGS = {
    "close": "--on",
    "cut": "--off",
    "guarantee_on": "--guarantee-on",
    "guarantee_off": "--guarantee-off",
}


# --- parsers -------------------------------------------------------------------------------


def register(sub: argparse._SubParsersAction[Any]) -> None:
    meter = sub.add_parser(
        "meter",
        help="read a meter, switch its relay or recharge it (meter read|relay|recharge)",
        description="Talk to one meter on a bus (serial port or serial-over-TCP gateway).",
    )
    meter_sub = meter.add_subparsers(dest="meter_command", metavar="SUBCOMMAND", required=True)

    read = meter_sub.add_parser("read", help="read a snapshot: energy, V/I/P, money, relay")
    _meter_options(read)
    read.set_defaults(handler=cmd_meter_read, _parser=read)
    no_database(read)

    relay = meter_sub.add_parser(
        "relay", help="switch the relay (--on/--off) or guaranteed supply, confirmed by read-back"
    )
    _meter_options(relay)
    group = relay.add_mutually_exclusive_group()
    for option, alias, command, text in (
        ("--on", "--close", "close", "close the relay: supply on"),
        ("--off", "--cut", "cut", "cut the relay: supply off"),
        ("--guarantee-on", None, "guarantee_on", "guaranteed supply: the meter will not cut"),
        ("--guarantee-off", None, "guarantee_off", "end guaranteed supply"),
    ):
        names = [option] + ([alias] if alias else [])
        group.add_argument(
            *names, dest="relay_command", action="store_const", const=command, help=text
        )
    relay.add_argument(
        "--channel",
        type=_whole,
        help="channel of a relay module (e.g. waveshare-relay8: 1-8, as printed on the module)",
    )
    relay.set_defaults(handler=cmd_meter_relay, _parser=relay)
    no_database(relay)

    recharge = meter_sub.add_parser(
        "recharge",
        help="credit money to a prepaid meter as purchase number --count (sent once)",
        description="Writes straight to the meter (a bench and service tool): nothing is "
        "booked in the ledger. Tenants' recharges go through `recharge --room`.",
    )
    _meter_options(recharge)
    recharge.add_argument("--amount", type=_amount, help="yuan, at most two decimals (e.g. 50.00)")
    recharge.add_argument(
        "--count",
        type=_count,
        help="the purchase number: the meter's purchase count + 1 (a repeat is refused)",
    )
    recharge.set_defaults(handler=cmd_meter_recharge, _parser=recharge)
    no_database(recharge)

    bus = sub.add_parser("bus", help="scan a bus for meters (bus scan)")
    bus_sub = bus.add_subparsers(dest="bus_command", metavar="SUBCOMMAND", required=True)
    scan = bus_sub.add_parser(
        "scan",
        help="find meters: Modbus units --from..--to, DL/T 645 by AA wildcard or --addresses",
        description="Modbus: probe units --from..--to (default 1-247) with a one-register "
        "read. DL/T 645: without --addresses, ask with the AA wildcard (meters that answer "
        "one after the other are all listed; answers at once collide and are reported as a "
        "collision); with --addresses (or --from/--to), probe each meter number.",
    )
    _line_options(scan)
    scan.add_argument("--from", dest="first", type=_whole, help="first address (Modbus: 1)")
    scan.add_argument("--to", dest="last", type=_whole, help="last address (Modbus: 247)")
    scan.add_argument(
        "--addresses", help="DL/T 645 meter numbers to probe, comma separated (e.g. 1,000012345678)"
    )
    scan.set_defaults(handler=cmd_bus_scan, _parser=scan)
    no_database(scan)

    sim = sub.add_parser(
        "simulate",
        help="run a simulated bus on a new pty and print its path",
        description="Simulated prepaid meters on a new pseudo-terminal: prints the pty path "
        "on the first line and protocol:address of each meter on the second, then serves "
        "until interrupted (Ctrl+C or SIGTERM; exit 0).",
    )
    sim.add_argument("--meters", type=_meter_count, default=8, help="1-247 (default 8)")
    sim.add_argument("--protocol", choices=("modbus", "dlt645", "mixed"), default="modbus")
    sim.add_argument(
        "--baud", type=_baud, help="emulated baud (default 9600 Modbus, 2400 DL/T 645)"
    )
    sim.add_argument(
        "--wire-time", action="store_true", help="hold replies for the 8E1 wire time at --baud"
    )
    sim.add_argument(
        "--faults", default="", help="e.g. 'corrupt=0.1,dead@3,slow=0.4@2,flaky@5,reset=2@4'"
    )
    sim.add_argument(
        "--rate", type=_rate, default=1.0, help="simulated seconds per real second (0 freezes)"
    )
    sim.add_argument("--link", help="also create this stable symlink to the pty")
    sim.set_defaults(handler=cmd_simulate, _parser=sim)
    no_database(sim)


def _line_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", help="serial port or gateway URL: /dev/ttyUSB0, COM3, socket://")
    parser.add_argument("--protocol", choices=PROTOCOLS, help="modbus or dlt645")
    parser.add_argument(
        "--profile", help="meter profile: NAME.toml in your profile folder or resources/meters"
    )
    parser.add_argument("--baud", type=_baud, help="baud rate (default: the profile's)")
    parser.add_argument(
        "--parity", type=str.upper, choices=PARITIES, help="N, E or O (default: the profile's)"
    )
    parser.add_argument("--timeout", type=_seconds, help="reply timeout in seconds")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _meter_options(parser: argparse.ArgumentParser) -> None:
    _line_options(parser)
    parser.add_argument("--address", help="Modbus unit 1-247, or DL/T 645 meter number")


# --- argument types (messages in the UI language) -----------------------------------------


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("not a whole number: {value!r}", value=text)) from None


def _baud(text: str) -> int:
    value = _whole(text)
    if not 50 <= value <= 4_000_000:
        raise argparse.ArgumentTypeError(tr("not a baud rate: {value!r}", value=text))
    return value


def _count(text: str) -> int:
    value = _whole(text)
    if value < 1:
        raise argparse.ArgumentTypeError(
            tr("the purchase count must be at least 1, got {value}", value=value)
        )
    return value


def _meter_count(text: str) -> int:
    value = _whole(text)
    if not 1 <= value <= 247:
        raise argparse.ArgumentTypeError(
            tr("the number of meters must be 1-247, got {value}", value=value)
        )
    return value


def _number(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except ArithmeticError:
        value = Decimal("NaN")
    if not value.is_finite():
        raise argparse.ArgumentTypeError(tr("not a number: {value!r}", value=text))
    return value


def _seconds(text: str) -> float:
    value = _number(text)
    if not Decimal("0.001") <= value <= 60:
        raise argparse.ArgumentTypeError(
            tr("a timeout must be 0.001-60 seconds, got {value!r}", value=text)
        )
    return float(value)  # a duration, not money


def _rate(text: str) -> float:
    value = _number(text)
    if not 0 <= value <= 1_000_000:
        raise argparse.ArgumentTypeError(
            tr("the rate must be 0-1000000 simulated seconds per second, got {value!r}", value=text)
        )
    return float(value)


def _amount(text: str) -> Decimal:
    from ..money import MoneyError, fen_to_yuan, parse_yuan

    try:
        return fen_to_yuan(parse_yuan(text))
    except MoneyError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


# --- shared plumbing ----------------------------------------------------------------------


def _usage(args: argparse.Namespace, message: str) -> NoReturn:
    """Bad input found after parsing: usage line, message, exit 2 (as argparse does)."""
    args._parser.error(message)
    raise AssertionError("unreachable")  # pragma: no cover


@contextlib.contextmanager
def _on_the_bus(args: argparse.Namespace, port: str, profile: Profile) -> Iterator[Link]:
    """The link for the command, closed afterwards. The command reports driver failures
    itself, in the user's language, so the drivers' own warnings are muted meanwhile
    (``-v`` shows them)."""
    logger = logging.getLogger("drivers")
    level = logger.level
    if not args.verbose:
        logger.setLevel(logging.CRITICAL)
    link = _link(args, port, profile)
    try:
        yield link
    finally:
        link.close()
        logger.setLevel(level)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)  # exact: never a float
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, frozenset | set):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=_jsonable)
    sys.stdout.write("\n")


def _failed(args: argparse.Namespace, kind: str, message: str, **extra: Any) -> int:
    """A refusal or failure: the message on stderr (and a JSON object with --json); exit 1."""
    if getattr(args, "json", False):
        _print_json({"error": kind, "message": message, **extra})
    sys.stderr.write(message + "\n")
    return 1


def _profile(args: argparse.Namespace, default: str | None = None) -> Profile:
    """The profile named by --profile (or ``default``), consistent with --protocol."""
    from drivers.errors import ProfileError
    from drivers.profiles import UnknownProfile, available_profiles, get_profile

    name = args.profile or default
    if not name:
        _usage(
            args,
            tr(
                "--profile is required: the meter model; known profiles: {known}",
                known=", ".join(sorted(available_profiles())),
            ),
        )
    try:
        profile = get_profile(name)
    except UnknownProfile as exc:
        _usage(
            args,
            tr(
                "unknown meter profile {name!r}; known profiles: {known}",
                name=name,
                known=", ".join(exc.known),
            ),
        )
    except ProfileError as exc:  # the file exists but is invalid: say what to fix
        message = tr(
            "The meter profile {name} is invalid: {path}: {key}: {reason}",
            name=name,
            path=exc.path,
            key=exc.key,
            reason=exc.reason,
        )
        if getattr(args, "json", False):
            _print_json({"error": "profile", "message": message, "file": str(exc.path),
                         "key": exc.key, "reason": exc.reason})  # fmt: skip
        raise _command_error(message) from exc
    if args.protocol and args.protocol != profile.protocol:
        _usage(
            args,
            tr(
                "profile {name} speaks {actual}, not {asked}",
                name=name,
                actual=profile.protocol,
                asked=args.protocol,
            ),
        )
    return profile


def _command_error(message: str) -> Exception:
    from . import CommandError

    return CommandError(message)


def _port(args: argparse.Namespace) -> str:
    port = (args.port or "").strip()
    if not port:
        _usage(
            args,
            tr(
                "--port is required: the serial port or gateway URL of the bus "
                "(e.g. /dev/ttyUSB0, COM3, socket://host:port)"
            ),
        )
    return port


def _address(args: argparse.Namespace, protocol: str, text: str | None) -> str:
    """--address checked for the protocol: a Modbus unit 1-247 or a DL/T 645 number."""
    raw = unicodedata.normalize("NFKC", text or "").strip()  # full-width digits from an IME
    if not raw:
        _usage(args, tr("--address is required: Modbus unit 1-247, or DL/T 645 meter number"))
    digits = raw.isascii() and raw.isdigit()
    if protocol == "modbus":
        if not digits or not MODBUS_UNITS[0] <= int(raw) <= MODBUS_UNITS[1]:
            _usage(args, tr("Modbus address must be 1-247, got {value!r}", value=raw))
        return str(int(raw))
    if not digits or len(raw) > 12:
        _usage(
            args,
            tr(
                "DL/T 645 address must be 1-12 digits (the meter number), got {value!r}",
                value=raw,
            ),
        )
    if raw == "999999999999":
        _usage(args, tr("999999999999 is the DL/T 645 broadcast address, not a meter"))
    return raw.zfill(12)


def _link(args: argparse.Namespace, port: str, profile: Profile) -> Link:
    from drivers.bus import link_for

    overrides: dict[str, Any] = {}
    if args.baud:
        overrides["baudrate"] = args.baud
    if args.parity:
        overrides["parity"] = args.parity
    if args.timeout:
        overrides["timeout"] = args.timeout
    return link_for(port, profile, **overrides)


def _with_meter(args: argparse.Namespace, action: Callable[[Meter, str, str], int]) -> int:
    """Check the input, open the link, run ``action(meter, port, address)``, close the link;
    turn driver errors into a clear message and exit 1."""
    from drivers.bus import meter_for

    port = _port(args)
    profile = _profile(args)
    address = _address(args, profile.protocol, args.address)
    with _on_the_bus(args, port, profile) as link:
        meter = meter_for(link, profile, address)
        return _driver_call(args, port, address, lambda: action(meter, port, address))


def _driver_call(args: argparse.Namespace, port: str, address: str, call: Callable[[], int]) -> int:
    from drivers.errors import (
        ChecksumError,
        DriverError,
        ExceptionReply,
        FrameError,
        LinkError,
        MeterTimeout,
        RejectedByMeter,
        UnsupportedByProfile,
    )

    try:
        return call()
    except LinkError as exc:
        from ..services.links import port_problem

        return _failed(
            args,
            "link",
            tr("Cannot use the port {port}: {reason}", port=port, reason=port_problem(exc)),
        )
    except MeterTimeout as exc:
        return _failed(
            args,
            "timeout",
            tr(
                "No answer from meter {address} on {port} ({error}): check the address, "
                "the baud rate, the parity and the wiring.",
                address=address,
                port=port,
                error=exc,
            ),
        )
    except ChecksumError as exc:
        return _failed(
            args,
            "checksum",
            tr("Damaged reply from meter {address} ({error}).", address=address, error=exc),
        )
    except FrameError as exc:
        return _failed(
            args,
            "frame",
            tr("Unexpected reply from meter {address}: {error}", address=address, error=exc),
        )
    except ExceptionReply as exc:
        return _failed(
            args,
            "exception",
            tr(
                "Meter {address} answered with an exception: {reason}.",
                address=address,
                reason=exc.reason,
            ),
            code=exc.code,
        )
    except RejectedByMeter as exc:
        return _failed(
            args,
            "rejected",
            tr(
                "Meter {address} refused: {reasons}.",
                address=address,
                reasons=", ".join(exc.reasons),
            ),
            reason=exc.reason,
            reasons=list(exc.reasons),
        )
    except UnsupportedByProfile as exc:
        return _failed(
            args, "unsupported", tr("The meter's profile cannot do this: {error}", error=exc)
        )
    except DriverError as exc:
        return _failed(args, "driver", tr("Meter {address}: {error}", address=address, error=exc))


# --- meter read ---------------------------------------------------------------------------


def cmd_meter_read(args: argparse.Namespace) -> int:
    return _with_meter(args, lambda meter, port, _address: _read(args, meter, port))


def _read(args: argparse.Namespace, meter: Meter, port: str) -> int:
    snap = meter.read()
    if args.json:
        _print_json(dataclasses.asdict(snap))
        return 0
    print(
        tr(
            "Meter {address} ({profile}) on {port}, read at {time}:",
            address=snap.address,
            profile=snap.profile,
            port=port,
            time=snap.taken_at.isoformat(timespec="seconds"),
        )
    )
    rows: list[tuple[str, object, str]] = [
        (tr("Energy total"), snap.energy_total, "kWh"),
        *((tr("Energy {band}", band=tr(band)), v, "kWh") for band, v in snap.energy_bands.items()),
        (tr("Voltage"), snap.voltage, "V"),
        (tr("Current"), snap.current, "A"),
        (tr("Power"), snap.power, "kW"),
        (tr("Power factor"), snap.power_factor, ""),
        (tr("Frequency"), snap.frequency, "Hz"),
        (tr("Balance"), snap.balance, tr("yuan")),
        (tr("Purchase count"), snap.purchase_count, ""),
        (tr("Purchases in total"), snap.purchase_total, tr("yuan")),
        (tr("Relay"), tr(snap.relay.value), ""),
        (tr("Guaranteed supply"), _yes_no(snap.guarantee), ""),
        (tr("Status flags"), ", ".join(sorted(snap.flags)) or "-", ""),
        (tr("Meter clock"), snap.clock.isoformat() if snap.clock else None, ""),
        *((name, value, "") for name, value in snap.extra.items()),
    ]
    width = max(len(label) for label, _, _ in rows)
    for label, value, unit in rows:
        if value is None:
            continue
        print(f"  {label:<{width}}  {value}{' ' + unit if unit else ''}")
    if snap.unsupported:
        print(tr("Not supported by this meter (not read):"))
        for name, where in snap.unsupported.items():
            band = name.removeprefix("energy_")
            label = (
                tr("Energy {band}", band=tr(band))
                if band in ("sharp", "peak", "flat", "valley")
                else tr(QUANTITY_LABELS.get(name, name))
            )
            print(f"  {label} ({name})  {where}" if label != name else f"  {name}  {where}")
    return 0


# the labels of the snapshot table, by quantity name (for the list of unsupported ones)
QUANTITY_LABELS = {
    "energy_total": N_("Energy total"),
    "voltage": N_("Voltage"),
    "current": N_("Current"),
    "power": N_("Power"),
    "power_factor": N_("Power factor"),
    "frequency": N_("Frequency"),
    "balance": N_("Balance"),
    "overdraft": N_("Balance"),
    "purchase_count": N_("Purchase count"),
    "purchase_total": N_("Purchases in total"),
    "status": N_("Status flags"),
    "clock": N_("Meter clock"),
    "clock_date": N_("Meter clock"),
    "clock_time": N_("Meter clock"),
}


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else tr("yes") if value else tr("no")


# --- meter relay --------------------------------------------------------------------------


def cmd_meter_relay(args: argparse.Namespace) -> int:
    if not args.relay_command:
        _usage(
            args,
            tr("say what to do: --on (close), --off (cut), --guarantee-on or --guarantee-off"),
        )

    def action(meter: Meter, port: str, address: str) -> int:
        from drivers.bus import relay_channel
        from drivers.meter import RelayCommand

        command = RelayCommand(args.relay_command)
        spec = meter.profile.relay
        if spec.method == "coil":  # a relay module: one channel of it, 1..channels
            if args.channel is None or not 1 <= args.channel <= spec.channels:
                _usage(
                    args,
                    tr(
                        "{profile} is a relay module with {count} channels: say which "
                        "with --channel 1-{count}",
                        profile=meter.profile.name,
                        count=spec.channels,
                    ),
                )
            module = relay_channel(meter.link, meter.profile, int(address), args.channel - 1)
            result = module.switch(command)
            label = tr("{address} channel {channel}", address=address, channel=args.channel)
        elif args.channel is not None:
            _usage(
                args,
                tr(
                    "--channel is for relay modules; {profile} switches its own relay",
                    profile=meter.profile.name,
                ),
            )
        else:
            result = meter.set_relay(command)
            label = address
        if args.json:
            _print_json({"address": address, "channel": args.channel, **dataclasses.asdict(result)})
        state = tr(result.state.value)
        if result.guarantee is not None:
            state += (
                tr(", guaranteed supply on") if result.guarantee else tr(", guaranteed supply off")
            )
        if not result.confirmed:
            message = tr(
                "Meter {address} did not do {flag}: the read-back shows the relay {state}.",
                address=label,
                flag=RELAY_FLAGS[args.relay_command],
                state=state,
            )
            if args.relay_command == "cut" and result.guarantee:
                message += " " + tr("The meter is in guaranteed supply and will not cut.")
            sys.stderr.write(message + "\n")
            return 1
        if not args.json:
            print(
                tr(
                    "Meter {address}: relay {state} (confirmed by read-back).",
                    address=label,
                    state=state,
                )
            )
            if not result.reply_ok:
                print(tr("The command's reply was lost; the read-back shows it was done."))
        return 0

    return _with_meter(args, action)


# --- meter recharge -----------------------------------------------------------------------

REASONS = {
    "repeat": N_("repeat: purchase {count} is already on the meter"),
    "wrong_count": N_("wrong purchase count: the meter expects its purchase count + 1"),
    "over_maximum": N_("the balance would exceed the meter's maximum"),
}


def cmd_meter_recharge(args: argparse.Namespace) -> int:
    if args.amount is None:
        _usage(args, tr("--amount is required: the amount in yuan (e.g. 50.00)"))
    if args.count is None:
        _usage(args, tr("--count is required: the meter's purchase count + 1"))

    def action(meter: Meter, port: str, address: str) -> int:
        from drivers.errors import DriverError, FrameError, MeterTimeout, RechargeRejected

        _check_fits(args, meter.profile, args.amount, args.count)
        try:
            result = meter.recharge(args.amount, args.count)
        except (MeterTimeout, FrameError) as exc:
            # the frame may have landed and the read-back failed too: say so, and that
            # the same command is safe to repeat (the meter refuses a purchase twice)
            return _failed(
                args,
                "unknown",
                tr(
                    "No usable answer from meter {address} ({error}): it is not known whether "
                    "the recharge landed. Run the same command again when the meter answers "
                    "(it refuses a repeat, so nothing is credited twice), or read its "
                    "purchase count.",
                    address=address,
                    error=exc,
                ),
            )
        except RechargeRejected as exc:
            reason = (
                tr(REASONS[exc.reason], count=args.count)
                if exc.reason in REASONS
                else (", ".join(exc.reasons))
            )
            meter_count: int | None = None
            with contextlib.suppress(DriverError):  # only a hint: the refusal is the answer
                meter_count = meter.purchase_count()
            message = tr(
                "Meter {address} refused the recharge of {amount} yuan as purchase {count}: "
                "{reason}.",
                address=address,
                amount=args.amount,
                count=args.count,
                reason=reason,
            )
            if meter_count is not None:
                message += " " + tr("The meter's purchase count is {now}.", now=meter_count)
            return _failed(
                args,
                "rejected",
                message,
                reason=exc.reason,
                reasons=list(exc.reasons),
                meter_purchase_count=meter_count,
            )
        if args.json:
            _print_json({"address": address, **dataclasses.asdict(result)})
            return 0
        print(
            tr(
                "Meter {address}: {amount} yuan credited as purchase {count}; balance now "
                "{balance} yuan.",
                address=address,
                amount=result.amount,
                count=result.count,
                balance=result.balance if result.balance is not None else "?",
            )
        )
        if result.confirmed_by_readback:
            print(tr("The reply was lost; the meter's purchase count confirms the recharge."))
        return 0

    return _with_meter(args, action)


def _check_fits(args: argparse.Namespace, profile: Profile, amount: Decimal, count: int) -> None:
    """Refuse an amount or count the meter's frame cannot carry, before anything is sent."""
    spec = profile.recharge
    if spec.method == "registers":  # u32 amount in amount_scale units + u16 count
        max_amount = (2**32 - 1) * spec.amount_scale
        max_count = 2**16 - 1
    elif spec.method == "dlt645_write":
        max_amount = _format_max(spec.amount_format)
        max_count = int(_format_max(spec.count_format))
    else:
        return  # the driver says it cannot recharge (UnsupportedByProfile)
    if amount > max_amount:
        _usage(
            args,
            tr(
                "{amount} yuan is more than this meter model can receive ({limit} yuan)",
                amount=amount,
                limit=max_amount,
            ),
        )
    if count > max_count:
        _usage(
            args,
            tr(
                "purchase count {count} is more than this meter model can carry ({limit})",
                count=count,
                limit=max_count,
            ),
        )


def _format_max(fmt: str) -> Decimal:
    """``XXXXXX.XX`` -> 999999.99"""
    whole, _, frac = fmt.partition(".")
    return Decimal("9" * len(whole) + ("." + "9" * len(frac) if frac else ""))


# --- bus scan -----------------------------------------------------------------------------


def cmd_bus_scan(args: argparse.Namespace) -> int:
    # the same defaults and probes as the diagnostics window's scan (app.collector.busdiag)
    from app.collector.busdiag import SCAN_PROFILE, SCAN_TIMEOUT

    port = _port(args)
    if not args.protocol and not args.profile:
        _usage(args, tr("--protocol is required: modbus or dlt645"))
    profile = _profile(args, SCAN_PROFILE.get(args.protocol or ""))
    protocol = profile.protocol
    timeout = args.timeout or SCAN_TIMEOUT[protocol]
    units: list[int] | None = None
    addresses: list[str] | None = None
    if protocol == "modbus":
        if args.addresses:
            _usage(args, tr("--addresses is for DL/T 645; Modbus scans --from..--to"))
        first = MODBUS_UNITS[0] if args.first is None else args.first
        last = MODBUS_UNITS[1] if args.last is None else args.last
        for value in (first, last):
            if not MODBUS_UNITS[0] <= value <= MODBUS_UNITS[1]:
                _usage(args, tr("Modbus address must be 1-247, got {value!r}", value=str(value)))
        if first > last:
            _usage(args, tr("--from {first} is after --to {last}", first=first, last=last))
        units = list(range(first, last + 1))
    else:
        if args.addresses and (args.first is not None or args.last is not None):
            _usage(args, tr("give either --addresses or --from/--to, not both"))
        if args.addresses:
            addresses = [
                _address(args, "dlt645", item) for item in args.addresses.split(",") if item.strip()
            ]
            if not addresses:
                _usage(args, tr("--addresses is empty"))
        elif args.first is not None or args.last is not None:
            first = 1 if args.first is None else args.first
            last = first if args.last is None else args.last
            if first < 0 or last > 999_999_999_998:
                _usage(args, tr("DL/T 645 meter numbers are 0-999999999998"))
            if first > last:
                _usage(args, tr("--from {first} is after --to {last}", first=first, last=last))
            addresses = [f"{n:012d}" for n in range(first, last + 1)]

    with _on_the_bus(args, port, profile) as link:
        return _driver_call(
            args,
            port,
            "AAAAAAAAAAAA" if protocol == "dlt645" and addresses is None else "-",
            lambda: _scan(args, link, port, protocol, units, addresses, timeout),
        )


def _scan(
    args: argparse.Namespace,
    link: Link,
    port: str,
    protocol: str,
    units: list[int] | None,
    addresses: list[str] | None,
    timeout: float,
) -> int:
    from drivers.bus import Found, scan_dlt645, scan_modbus
    from drivers.errors import BusCollision, FrameError

    total = len(units if units is not None else addresses or [])
    done = [0, 0]  # probed, found
    show = total > 1 and sys.stderr.isatty()  # a full Modbus scan takes ~25 s: show it moving

    def progress(address: str, hit: bool) -> None:
        done[0] += 1
        done[1] += hit
        if show:
            sys.stderr.write(
                "\r"
                + tr(
                    "scanning {address} ({done}/{total}), {found} found",
                    address=address,
                    done=done[0],
                    total=total,
                    found=done[1],
                )
            )
            sys.stderr.flush()

    found: list[Found]
    try:
        if protocol == "modbus":
            assert units is not None
            found = scan_modbus(link, units, timeout=timeout, progress=progress)
        elif addresses is not None:
            found = scan_dlt645(link, addresses, timeout=timeout, progress=progress)
        else:
            try:
                found = scan_dlt645(link, None, timeout=timeout)
            except BusCollision as exc:
                message = tr(
                    "collision: several meters answered at once; probe with --addresses or "
                    "--from/--to"
                )
                if exc.found:
                    message += " " + tr(
                        "(heard whole meanwhile: {addresses})", addresses=", ".join(exc.found)
                    )
                return _failed(args, "collision", message, found=exc.found)
            except FrameError as exc:
                return _failed(
                    args,
                    "collision",
                    tr(
                        "The AA wildcard got a garbled answer ({error}): probably several "
                        "meters answered at once. Scan with --addresses or --from/--to instead.",
                        error=exc,
                    ),
                )
    finally:
        if show:
            sys.stderr.write("\n")
    if args.json:
        _print_json([item.as_dict() for item in found])
        return 0
    for item in found:
        print(
            "  "
            + tr(
                "{protocol}:{address}  {kind} meter {address}: {detail}",
                protocol=item.protocol,
                kind=PROTOCOL_NAMES[item.protocol],
                address=item.address,
                detail=tr(item.detail),
            )
        )
    if found:
        print(tr("{count} meter(s) found on {port}.", count=len(found), port=port))
    else:
        print(
            tr(
                "No meter answered on {port}: check the baud rate, the parity and the wiring.",
                port=port,
            )
        )
    return 0


# --- simulate -----------------------------------------------------------------------------


def cmd_simulate(args: argparse.Namespace) -> int:
    import os

    from drivers.simulator import parse_faults

    if not hasattr(os, "openpty"):  # Windows has no pseudo-terminals
        _fail_no_pty()
    from drivers.simulator.__main__ import main as simulator_main

    try:
        parse_faults(args.faults)
    except ValueError as exc:
        _usage(args, tr("bad --faults: {error}", error=exc))
    argv = ["--meters", str(args.meters), "--protocol", args.protocol, "--rate", str(args.rate)]
    if args.baud:
        argv += ["--baud", str(args.baud)]
    if args.wire_time:
        argv.append("--wire-time")
    if args.faults:
        argv += ["--faults", args.faults]
    if args.link:
        argv += ["--link", args.link]
    if args.verbose:
        argv.append("--verbose")
    sys.stderr.write(
        tr(
            "Simulating {count} {protocol} meter(s); the pty path is on the first line of the "
            "output. Stop with Ctrl+C.",
            count=args.meters,
            protocol=args.protocol,
        )
        + "\n"
    )
    sys.stderr.flush()
    code = simulator_main(argv)
    if code == 0:
        sys.stderr.write(tr("Simulator stopped.") + "\n")
    return code


def _fail_no_pty() -> NoReturn:
    from . import CommandError

    raise CommandError(
        tr(
            "simulate serves its meters on a pseudo-terminal, which only Linux and macOS have. "
            "On this computer the demo park (init --demo) simulates its buses inside WattDesk "
            "instead: start the GUI or the collector on it."
        )
    )
