"""Typed errors of the driver layer.

The collector decides what to do from the *kind* of failure (retry a read, read back after
a write, mark a meter offline, tell the operator the profile cannot do it), so every failure
that crosses the driver boundary is one of these classes, never a bare ``OSError`` or a
pymodbus exception.
"""

from __future__ import annotations

from pathlib import Path


class DriverError(Exception):
    """Base of every error raised by :mod:`drivers`."""


class LinkError(DriverError):
    """The serial port (or serial-over-TCP gateway) cannot be opened or has vanished.

    The link closes itself and reopens with back-off on a later call; the caller does not
    need to rebuild anything. ``kind`` says what is wrong in a word the application turns
    into a sentence in the user's language: ``bad_url``, ``no_port``, ``busy``,
    ``permission``, ``refused``, ``unknown_host``, ``unreachable``, ``closed``, ``waiting``
    (in back-off after a failure) or ``io``.
    """

    def __init__(self, message: str, kind: str = "io") -> None:
        super().__init__(message)
        self.kind = kind


class MeterTimeout(DriverError):
    """No complete reply arrived in time (a dead meter, a wrong address, a broken wire)."""


class FrameError(DriverError):
    """A reply arrived but is not a well-formed frame for the request that was sent."""


class ChecksumError(FrameError):
    """Modbus CRC or DL/T 645 checksum mismatch: the bytes were damaged on the way."""


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

    def __init__(self, function_code: int, code: int) -> None:
        self.function_code = function_code
        self.code = code
        self.reason = self.REASONS.get(code, f"exception code {code}")
        super().__init__(f"exception reply to function {function_code:#04x}: {self.reason}")


class RejectedByMeter(DriverError):
    """The meter understood the command and refused it; ``reason`` is the meter's own.

    ``reasons`` lists every reason the meter gave (a DL/T 645 error byte may set several
    bits); ``code`` is the raw code or error byte when the protocol has one.
    """

    def __init__(self, reason: str, code: int | None = None, reasons: tuple[str, ...] = ()) -> None:
        self.reason = reason
        self.code = code
        self.reasons = reasons or (reason,)
        text = f"rejected by meter: {', '.join(self.reasons)}"
        if code is not None:
            text += f" (code {code:#04x})"
        super().__init__(text)


class RechargeRejected(RejectedByMeter):
    """A recharge the meter refused: ``repeat``, ``wrong_count``, ``over_maximum`` or other.

    A repeat means the purchase with this count is already on the meter: the collector
    treats it as done only after the read-back shows the expected count.
    """


class UnsupportedByProfile(DriverError):
    """The meter's profile declares no way to do this (no relay, no recharge, no such value)."""


class ProfileError(DriverError):
    """A profile file is invalid; the message names the file, the key and the reason."""

    def __init__(self, path: Path | str, key: str, reason: str) -> None:
        self.path = Path(path)
        self.key = key
        self.reason = reason
        super().__init__(f"{self.path.name}: {key}: {reason}")


class BusCollision(FrameError):
    """Several devices answered one request at once and garbled each other (the DL/T 645
    AA wildcard with more than one meter on the bus). ``found`` lists the addresses that were
    still heard whole; probe addresses one by one to find the rest."""

    def __init__(self, message: str, found: list[str] | None = None) -> None:
        self.found = list(found or [])
        super().__init__(message)
