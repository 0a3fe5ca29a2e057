"""SMS text arithmetic for the template editor and the outbox: how many parts a text takes.

The codec itself is :mod:`drivers.sms_pdu` (the modem simulator in ``drivers`` decodes
PDUs too, and ``drivers`` may not import ``app``); this module is the name the core uses.
``sms_parts(text) -> (encoding, parts, units_left)``: "gsm7" or "ucs2", the number of SMS
parts, and what is left in the last part (septets for GSM7, where € { } [ ] ~ \\ ^ | count
two; UTF-16 units for UCS2, where a Chinese character counts one and an emoji two).
"""

from __future__ import annotations

from drivers.sms_pdu import GSM7, MULTI, SINGLE, UCS2, sms_parts

__all__ = ["GSM7", "MULTI", "SINGLE", "UCS2", "sms_parts"]
