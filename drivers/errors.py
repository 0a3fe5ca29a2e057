"""Typed errors of the driver layer.

The collector decides what to do from the *kind* of failure (retry a read, read back after
a write, mark a meter offline, tell the operator the profile cannot do it), so every failure
that crosses the driver boundary is one of these classes, never a bare ``OSError`` or a
pymodbus exception.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class DriverError(Exception):
    """Base of every error raised by :mod:`drivers`.

    Besides its English message (for logs and support), an error carries ``kind``, a
    stable word for what went wrong (``timeout``, ``frame.wrong_unit``, ``crc``...), and
    ``facts``, the plain values of the case (addresses, byte counts, codes): the
    application stores both and words the sentence in the reader's language
    (``app.livedata.event_text``), so no English sentence of a driver reaches a Chinese
    screen. A ``kind`` given to the constructor refines the class's own.
    """

    kind: str = "driver"

    def __init__(self, message: str = "", /, *, kind: str | None = None, **facts: Any) -> None:
        super().__init__(message)
        if kind is not None:
            self.kind = kind
        self.facts: dict[str, Any] = dict(facts)

    def as_data(self) -> dict[str, Any]:
        """Kind and facts as JSON-ready values, for an event's data."""
        facts: dict[str, Any] = {}
        for key, value in self.facts.items():
            if value is None or isinstance(value, bool | int | float | str):
                facts[key] = value
            elif isinstance(value, list | tuple):
                facts[key] = [str(v) for v in value]
            else:
                facts[key] = str(value)
        return {"error_kind": self.kind, "error_facts": facts}


def error_data(exc: BaseException) -> dict[str, Any]:
    """``error_kind`` and ``error_facts`` of any exception (``other`` if not a driver's)."""
    if isinstance(exc, DriverError):
        return exc.as_data()
    return {"error_kind": "other", "error_facts": {}}


class LinkError(DriverError):
    """The serial port (or serial-over-TCP gateway) cannot be opened or has vanished.

    The link closes itself and reopens with back-off on a later call; the caller does not
    need to rebuild anything. ``kind`` says what is wrong in a word the application turns
    into a sentence in the user's language: ``bad_url``, ``no_port``, ``busy``,
    ``permission``, ``refused``, ``unknown_host``, ``unreachable``, ``closed``, ``waiting``
    (in back-off after a failure) or ``io``.
    """

    def __init__(self, message: str, kind: str = "io", **facts: Any) -> None:
        super().__init__(message, kind=kind, **facts)


class MeterTimeout(DriverError):
    """No complete reply arrived in time (a dead meter, a wrong address, a broken wire).

    Kinds: ``timeout`` (nothing), ``timeout.partial`` (facts ``have``, ``need`` bytes),
    ``timeout.strangers`` (``count`` frames answering something else were dropped),
    ``timeout.wildcard`` (nobody answered the DL/T 645 AA address)."""

    kind = "timeout"


class FrameError(DriverError):
    """A reply arrived but is not a well-formed frame for the request that was sent.

    Kinds: ``frame`` (malformed, the message says how), ``frame.wrong_unit`` (facts
    ``got``, ``asked``: another Modbus unit answered), ``frame.wrong_address`` (the same
    for DL/T 645 addresses), ``frame.wrong_function`` (``got``, ``asked`` codes),
    ``frame.noise`` (``count`` bytes that are not a frame), ``frame.wildcard`` (``count``
    meters answered the AA address)."""

    kind = "frame"


class ChecksumError(FrameError):
    """Modbus CRC or DL/T 645 checksum mismatch: the bytes were damaged on the way."""

    kind = "crc"


class ExceptionReply(DriverError):
    """A Modbus exception response (function code | 0x80) carrying the exception code."""

    REASONS = {
        1: "illegal function",
        2: "illegal data address",
        3: "illegal data value",
        4: "server device failure",
        5: "acknowledge",
        6: "server device busy",
        8: "memory parity error",
        10: "gateway path unavailable",
        11: "gateway target failed to respond",
    }

    kind = "exception"

    def __init__(self, function_code: int, code: int) -> None:
        self.function_code = function_code
        self.code = code
        self.reason = self.REASONS.get(code, f"exception code {code}")
        super().__init__(
            f"exception reply to function {function_code:#04x}: {self.reason}",
            function=function_code,
            code=code,
        )


class RejectedByMeter(DriverError):
    """The meter understood the command and refused it; ``reason`` is the meter's own.

    ``reasons`` lists every reason the meter gave (a DL/T 645 error byte may set several
    bits); ``code`` is the raw code or error byte when the protocol has one. The facts
    carry both (the reasons are the drivers' English words, marked ``N_`` where they are
    defined, so the application translates each one).
    """

    kind = "rejected"

    def __init__(self, reason: str, code: int | None = None, reasons: tuple[str, ...] = ()) -> None:
        self.reason = reason
        self.code = code
        self.reasons = reasons or (reason,)
        text = f"rejected by meter: {', '.join(self.reasons)}"
        if code is not None:
            text += f" (code {code:#04x})"
        super().__init__(text, code=code, reasons=list(self.reasons))


class RechargeRejected(RejectedByMeter):
    """A recharge the meter refused: ``repeat``, ``wrong_count``, ``over_maximum`` or other.

    A repeat means the purchase with this count is already on the meter: the collector
    treats it as done only after the read-back shows the expected count.
    """

    kind = "recharge_rejected"


class UnsupportedByProfile(DriverError):
    """The meter's profile declares no way to do this (no relay, no recharge, no such value)."""

    kind = "unsupported"


class ProfileError(DriverError):
    """A profile file is invalid; the message names the file, the key and the reason."""

    kind = "profile"

    def __init__(self, path: Path | str, key: str, reason: str) -> None:
        self.path = Path(path)
        self.key = key
        self.reason = reason
        super().__init__(f"{self.path.name}: {key}: {reason}", file=self.path.name, key=key)


class BusCollision(FrameError):
    """Several devices answered one request at once and garbled each other (the DL/T 645
    AA wildcard with more than one meter on the bus). ``found`` lists the addresses that were
    still heard whole; probe addresses one by one to find the rest."""

    kind = "collision"

    def __init__(self, message: str, found: list[str] | None = None) -> None:
        self.found = list(found or [])
        super().__init__(message)
        self.facts["found"] = list(self.found)
