"""What a GSM modem's answers mean, in words: ``+CMS ERROR`` and ``+CME ERROR`` codes
(3GPP TS 27.005 §3.2.5, TS 27.007 §9.2), SIM states, registration and signal strength.

Each error code maps to a :data:`app.notify.channel.CODES` code, whether a later try may
help, and an English text (translated through ``app.i18n.tr``). Codes not in the tables
are ``refused``/retryable with their number: better one more try than a lost message.
"""

from __future__ import annotations

from app.i18n import N_, tr
from drivers.gsm_at import AtError

from .channel import SendError

# code: (channel code, retryable); the texts in the *_TEXTS tables beside
CMS_ERRORS: dict[int, tuple[str, bool]] = {
    1: ("bad_address", False),
    8: ("refused", False),
    10: ("refused", False),
    21: ("refused", True),
    27: ("refused", True),
    28: ("bad_address", False),
    29: ("refused", False),
    30: ("bad_address", False),
    38: ("refused", True),
    41: ("refused", True),
    42: ("rate_limited", True),
    47: ("refused", True),
    50: ("refused", False),
    69: ("refused", False),
    96: ("refused", False),
    111: ("refused", True),
    300: ("refused", True),
    301: ("refused", True),
    302: ("refused", False),
    303: ("refused", False),
    304: ("refused", False),
    310: ("sim_not_ready", True),
    311: ("sim_not_ready", True),
    312: ("sim_not_ready", True),
    313: ("sim_not_ready", True),
    314: ("sim_not_ready", True),
    315: ("sim_not_ready", True),
    316: ("sim_not_ready", True),
    322: ("refused", True),
    330: ("config", False),
    331: ("no_network", True),
    332: ("timeout", True),
    500: ("refused", True),
}
CMS_TEXTS = {
    1: N_("the number is not assigned"),
    8: N_("barred by the operator"),
    10: N_("call barred"),
    21: N_("the network rejected the message"),
    27: N_("the destination is out of service"),
    28: N_("unidentified subscriber"),
    29: N_("facility rejected"),
    30: N_("unknown subscriber"),
    38: N_("the network is out of order"),
    41: N_("temporary network failure"),
    42: N_("network congestion"),
    47: N_("network resources unavailable"),
    50: N_("SMS not subscribed on this SIM"),
    69: N_("facility not implemented"),
    96: N_("invalid mandatory information"),
    111: N_("protocol error"),
    300: N_("modem failure"),
    301: N_("the modem's SMS service is busy"),
    302: N_("operation not allowed"),
    303: N_("operation not supported"),
    304: N_("invalid PDU parameter"),
    310: N_("no SIM card"),
    311: N_("the SIM needs its PIN"),
    312: N_("the modem needs its PH-SIM PIN"),
    313: N_("SIM card failure"),
    314: N_("the SIM card is busy"),
    315: N_("wrong SIM card"),
    316: N_("the SIM needs its PUK"),
    322: N_("the modem's memory is full"),
    330: N_("the SMS centre number is unknown"),
    331: N_("no network service"),
    332: N_("the network did not answer in time"),
    500: N_("unknown modem error"),
}
CMS_MAYBE_SENT = {332}  # the SMSC may have the message: the outbox must not resend blindly

CME_ERRORS: dict[int, tuple[str, bool]] = {
    3: ("refused", False),
    4: ("refused", False),
    10: ("sim_not_ready", True),
    11: ("sim_not_ready", True),
    12: ("sim_not_ready", True),
    13: ("sim_not_ready", True),
    14: ("sim_not_ready", True),
    15: ("sim_not_ready", True),
    16: ("sim_not_ready", False),
    30: ("no_network", True),
    31: ("timeout", True),
    100: ("refused", True),
}
CME_TEXTS = {
    3: N_("operation not allowed"),
    4: N_("operation not supported"),
    10: N_("no SIM card"),
    11: N_("the SIM needs its PIN"),
    12: N_("the SIM needs its PUK"),
    13: N_("SIM card failure"),
    14: N_("the SIM card is busy"),
    15: N_("wrong SIM card"),
    16: N_("wrong PIN"),
    30: N_("no network service"),
    31: N_("the network did not answer in time"),
    100: N_("unknown modem error"),
}

SIM_STATES = {
    "READY": N_("ready"),
    "SIM PIN": N_("waiting for the PIN"),
    "SIM PUK": N_("locked, waiting for the PUK"),
    "SIM PIN2": N_("waiting for PIN2"),
    "SIM PUK2": N_("waiting for PUK2"),
    "PH-SIM PIN": N_("waiting for the phone-to-SIM PIN"),
    "absent": N_("no SIM card"),
    "failure": N_("SIM card failure"),
}

REGISTRATION = {
    0: N_("not registered, not searching"),
    1: N_("registered (home network)"),
    2: N_("searching for a network"),
    3: N_("registration denied"),
    4: N_("registration unknown"),
    5: N_("registered (roaming)"),
}

OPEN_KINDS = {
    "bad_url": N_("the port address is not valid"),
    "no_port": N_("there is no such port"),
    "permission": N_("no permission to open the port"),
    "busy": N_("the port is used by another program"),
    "refused": N_("the gateway refused the connection"),
    "unknown_host": N_("the gateway's host name is unknown"),
    "unreachable": N_("the gateway cannot be reached"),
}


def signal_word(csq: int) -> str:
    """``AT+CSQ``'s first number as "n/31 (word)"; 99 means the modem does not know."""
    if csq == 99 or not 0 <= csq <= 31:
        return tr("unknown")
    if csq < 10:
        word = tr("weak")
    elif csq < 15:
        word = tr("fair")
    elif csq < 20:
        word = tr("good")
    else:
        word = tr("excellent")
    return tr("{csq}/31 ({word})", csq=csq, word=word)


def _reason(exc: AtError) -> str:
    """The words for a numbered +CMS/+CME error ("" if the number is not in the tables)."""
    if exc.kind == "cms" and exc.code in CMS_TEXTS:
        return tr(CMS_TEXTS[exc.code])
    if exc.kind == "cme" and exc.code in CME_TEXTS:
        return tr(CME_TEXTS[exc.code])
    return ""


def _coded(exc: AtError) -> SendError:
    table = CMS_ERRORS if exc.kind == "cms" else CME_ERRORS
    known = table.get(exc.code) if exc.code is not None else None
    if known is None:
        reason = exc.text if exc.code is None else tr("modem error {code}", code=exc.code)
        return SendError(
            "refused",
            tr("The modem refused: {reason}.", reason=reason),
            retryable=True,
            data={"at_code": exc.code, "at_kind": exc.kind},
        )
    code, retryable = known
    what = "+CMS ERROR" if exc.kind == "cms" else "+CME ERROR"
    return SendError(
        code,
        tr(
            "The modem refused ({what} {number}): {reason}.",
            what=what,
            number=exc.code,
            reason=_reason(exc),
        ),
        retryable=retryable,
        maybe_sent=exc.after_pdu and exc.kind == "cms" and exc.code in CMS_MAYBE_SENT,
        data={"at_code": exc.code, "at_kind": exc.kind},
    )


def sim_text(state: str) -> str:
    """A +CPIN state in words."""
    if state in SIM_STATES:
        return tr(SIM_STATES[state])
    return tr("state {state}", state=state)


def reg_text(status: int) -> str:
    """A +CREG status in words."""
    if status in REGISTRATION:
        return tr(REGISTRATION[status])
    return tr("registration status {status}", status=status)


def at_error(exc: AtError, cmd: str, url: str) -> SendError:
    """The SendError for a failed AT command (``cmd``) on the port ``url``."""
    if exc.kind in ("cms", "cme"):
        return _coded(exc)
    if exc.kind == "open":
        reason = tr(OPEN_KINDS[exc.open_kind]) if exc.open_kind in OPEN_KINDS else exc.text
        return SendError(
            "connection",
            tr("Cannot open the modem port {url}: {reason}.", url=url, reason=reason),
            retryable=exc.open_kind != "bad_url",
            data={"open_kind": exc.open_kind},
        )
    if exc.kind == "closed":
        if exc.after_pdu:
            text = tr(
                "The link to the modem broke after the message was handed over ({url}); "
                "it may have been sent.",
                url=url,
            )
        else:
            text = tr("The link to the modem broke ({url}).", url=url)
        return SendError("connection", text, retryable=True, maybe_sent=exc.after_pdu)
    if exc.kind == "timeout":
        if exc.after_pdu:
            return SendError(
                "timeout",
                tr("The modem did not confirm the message in time; it may have been sent."),
                retryable=True,
                maybe_sent=True,
            )
        if cmd == "AT":
            return SendError(
                "modem_silent",
                tr("The modem on {url} does not answer.", url=url),
                retryable=True,
            )
        return SendError(
            "timeout",
            tr("The modem did not answer {command} in time.", command=cmd),
            retryable=True,
        )
    return SendError(
        "refused",
        tr("The modem answered {answer} to {command}.", answer=exc.text, command=cmd),
        retryable=True,
    )
