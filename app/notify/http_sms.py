"""SMS through an HTTP gateway (短信平台): the "http_sms" channel, optional, urllib only.

The common Chinese SMS platforms share one shape: an HTTPS POST (JSON or a form) carrying
an app key, a timestamp, a nonce, the signature name (短信签名), a template code, the phone
number and the text, *signed* with the account's secret; the answer is JSON with a code and
a message. The platforms differ in field names, in the signing rule and in their codes, so
those three are settings; the rest is one small piece of code.

Signing (``signing``), over the request's parameters except the signature itself and empty
ones, sorted by name (byte order), joined as ``name=value&name=value`` with the values as
they are (not URL-encoded), in UTF-8:

* ``hmac-sha256``: ``hex(HMAC-SHA256(secret, string))``, lower case;
* ``md5`` (older platforms): ``HEX(MD5(string + "&key=" + secret))``, upper case.

The secret is never in the settings: it lives in the keyring or the keystore file under
``secret_name`` (``app.security.keystore``). The outbox key goes along as a client
reference (``outId``) so a platform that keeps them can recognise a resend.

What may have been sent: once the request went out, a dropped connection or a timeout
before the answer is ``SendError(maybe_sent=True)``; a failure to connect or to write the
request is an ordinary retryable error (nothing reached the platform).
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import re
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from app.i18n import tr
from app.notify.channel import ChannelStatus, Message, SendError, SendResult, register
from app.security.keystore import get_secret
from app.security.permissions import SecurityError

SMS_GATEWAY_SECRET = "sms-gateway-secret"

# the request's fields, by role -> the name the platform uses (``HttpSmsSettings.names``)
FIELDS = {
    "app_key": "appKey",
    "timestamp": "timestamp",
    "nonce": "nonce",
    "sign_name": "signName",
    "template": "templateCode",
    "phone": "phone",
    "text": "content",
    "reference": "outId",
    "signature": "sign",
}
# the answer's fields, by role (``HttpSmsSettings.response``)
RESPONSE = {"code": "code", "message": "message", "id": "bizId"}

# platform code -> channel code (``HttpSmsSettings.codes`` adds to and overrides these)
DEFAULT_CODES = {
    # the generic shape (and the tests' gateway)
    "bad_signature": "auth_refused",
    "invalid_key": "auth_refused",
    "rate_limited": "rate_limited",
    "invalid_number": "bad_address",
    # Alibaba Cloud SMS (阿里云短信)
    "SignatureDoesNotMatch": "auth_refused",
    "InvalidAccessKeyId.NotFound": "auth_refused",
    "isv.BUSINESS_LIMIT_CONTROL": "rate_limited",
    "isv.MOBILE_NUMBER_ILLEGAL": "bad_address",
    # Tencent Cloud SMS (腾讯云短信)
    "AuthFailure.SignatureFailure": "auth_refused",
    "LimitExceeded.PhoneNumberDailyLimit": "rate_limited",
    "LimitExceeded.PhoneNumberThirtySecondLimit": "rate_limited",
    "InvalidParameterValue.IncorrectPhoneNumber": "bad_address",
}
RETRYABLE = ("rate_limited", "connection", "timeout")

_PHONE = re.compile(r"^\+?\d{6,15}$")


def string_to_sign(params: Mapping[str, str], signature_field: str) -> str:
    """``a=1&b=2``: the parameters but the signature and empty ones, sorted by name."""
    return "&".join(
        f"{name}={params[name]}"
        for name in sorted(params)
        if name != signature_field and params[name] != ""
    )


def sign_hmac_sha256(text: str, secret: str) -> str:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


def sign_md5(text: str, secret: str) -> str:
    return hashlib.md5(f"{text}&key={secret}".encode()).hexdigest().upper()


Signer = Callable[[str, str], str]
SIGNERS: dict[str, Signer] = {"hmac-sha256": sign_hmac_sha256, "md5": sign_md5}


@dataclass(frozen=True)
class HttpSmsSettings:
    """One SMS platform account. The secret is in the keyring under ``secret_name``."""

    url: str  # https://sms.example.com/api/send
    app_key: str
    secret_name: str = SMS_GATEWAY_SECRET
    sign_name: str = ""  # 短信签名, as registered with the platform
    template: str = ""  # the platform's template code, when it wants one
    body: str = "json"  # json | form
    signing: str = "hmac-sha256"  # a key of SIGNERS
    timeout: float = 15.0
    names: Mapping[str, str] = field(default_factory=dict)  # overrides of FIELDS
    response: Mapping[str, str] = field(default_factory=dict)  # overrides of RESPONSE
    success: tuple[str, ...] = ("0", "OK")  # codes that mean "accepted"
    codes: Mapping[str, str] = field(default_factory=dict)  # platform code -> channel code

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> HttpSmsSettings:
        known = {f.name for f in fields(cls)}
        kept = {k: v for k, v in values.items() if k in known and v is not None}
        if "timeout" in kept:
            kept["timeout"] = float(kept["timeout"])
        if "success" in kept:
            kept["success"] = tuple(str(code) for code in kept["success"])
        return cls(**kept)

    def name(self, role: str) -> str:
        return self.names.get(role, FIELDS[role])

    def answer_field(self, role: str) -> str:
        return self.response.get(role, RESPONSE[role])

    def channel_code(self, platform_code: str) -> str | None:
        return {**DEFAULT_CODES, **self.codes}.get(platform_code)

    def validate(self) -> None:
        """``SendError("config")`` for what is missing or wrong, before any connection."""
        parts = urllib.parse.urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SendError(
                "config",
                tr("The SMS gateway address {url!r} is not an http(s) URL.", url=self.url),
            )
        if not self.app_key:
            raise SendError("config", tr("No app key is set for the SMS gateway."))
        if self.body not in ("json", "form") or self.signing not in SIGNERS:
            raise SendError(
                "config",
                tr(
                    "The SMS gateway's body must be json or form and its signing one of {signers}.",
                    signers=", ".join(SIGNERS),
                ),
            )
        if self.timeout <= 0:
            raise SendError("config", tr("The SMS gateway timeout must be more than 0 seconds."))


def phone_number(address: str) -> str:
    """The number as the platform wants it (spaces and dashes removed); ``bad_address``
    when it is not a phone number at all (the contacts check Chinese numbers closer)."""
    number = re.sub(r"[\s-]", "", address)
    if not _PHONE.match(number):
        raise SendError(
            "bad_address",
            tr("{address} is not a phone number the SMS gateway can send to.", address=address),
        )
    return number


class HttpSmsChannel:
    """Sends each ``Message`` as one signed POST; keeps no connection between messages."""

    kind = "http_sms"

    def __init__(
        self,
        settings: HttpSmsSettings,
        *,
        secret: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self._secret_value = secret
        self._clock = clock

    def send(self, message: Message) -> SendResult:
        self.settings.validate()
        phone = phone_number(message.to)
        params = self.request(phone, message.text, message.key)
        status, answer = self._post(params)
        return self._outcome(status, answer, phone)

    def check(self) -> ChannelStatus:
        """Settings complete, the secret stored, the gateway's host reachable (and its
        certificate valid for https); no message is sent, nothing is charged."""
        s = self.settings
        try:
            s.validate()
            self._secret()
            parts = urllib.parse.urlsplit(s.url)
            host = parts.hostname or ""
            port = parts.port or (443 if parts.scheme == "https" else 80)
            self._reach(host, port, parts.scheme == "https")
        except SendError as exc:
            return ChannelStatus(False, exc.text, {"code": exc.code, "retryable": exc.retryable})
        text = tr(
            "The SMS gateway {host} can be reached; app key {key}, signing {signing}. No "
            "message was sent.",
            host=host,
            key=s.app_key,
            signing=s.signing,
        )
        return ChannelStatus(True, text, {"host": host, "port": port, "signing": s.signing})

    def close(self) -> None:
        """Nothing is kept open."""

    # ---------------------------------------------------------------- the request

    def request(self, phone: str, text: str, reference: str = "") -> dict[str, str]:
        """The signed parameters of one message (what goes in the POST body)."""
        s = self.settings
        values = {
            "app_key": s.app_key,
            "timestamp": str(int(self._clock())),
            "nonce": uuid.uuid4().hex,
            "sign_name": s.sign_name,
            "template": s.template,
            "phone": phone,
            "text": text,
            "reference": reference,
        }
        params = {s.name(role): value for role, value in values.items() if value != ""}
        signature_field = s.name("signature")
        signed = SIGNERS[s.signing](string_to_sign(params, signature_field), self._secret())
        params[signature_field] = signed
        return params

    def _secret(self) -> str:
        if self._secret_value:
            return self._secret_value
        try:
            secret = get_secret(self.settings.secret_name)
        except SecurityError as exc:
            raise SendError("config", str(exc)) from exc
        if not secret:
            raise SendError(
                "config",
                tr(
                    "No secret is stored for the SMS gateway (app key {key}): enter it in "
                    "Settings → Messages.",
                    key=self.settings.app_key,
                ),
            )
        return secret

    def _post(self, params: dict[str, str]) -> tuple[int, bytes]:
        """POST the parameters; (HTTP status, body). Link failures become ``SendError``."""
        s = self.settings
        if s.body == "json":
            data = json.dumps(params, ensure_ascii=False).encode()
            kind = "application/json; charset=utf-8"
        else:
            data = urllib.parse.urlencode(params).encode()
            kind = "application/x-www-form-urlencoded; charset=utf-8"
        request = urllib.request.Request(
            s.url, data=data, method="POST", headers={"Content-Type": kind}
        )
        try:
            with urllib.request.urlopen(request, timeout=s.timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:  # an answer, with a status of 400 or more
            with exc:
                try:
                    return exc.code, exc.read()
                except (OSError, http.client.HTTPException):  # the status is enough
                    return exc.code, b""
        except urllib.error.URLError as exc:  # connecting or writing the request failed
            raise self._unreached(exc.reason) from exc
        except (OSError, http.client.HTTPException) as exc:  # the request went out
            raise self._lost(exc) from exc

    def _reach(self, host: str, port: int, tls: bool) -> None:
        try:
            with socket.create_connection((host, port), timeout=self.settings.timeout) as sock:
                if tls:
                    ssl.create_default_context().wrap_socket(sock, server_hostname=host).close()
        except OSError as exc:
            raise self._unreached(exc) from exc

    # ---------------------------------------------------------------- answers

    def _outcome(self, status: int, body: bytes, phone: str) -> SendResult:
        s = self.settings
        try:
            answer = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            answer = None
        if not isinstance(answer, dict) or s.answer_field("code") not in answer:
            return self._status_only(status, body)
        code = str(answer[s.answer_field("code")])
        said = str(answer.get(s.answer_field("message"), ""))
        if code in s.success and status < 400:
            reference = str(answer.get(s.answer_field("id")) or code)
            return SendResult(reference=reference, detail=f"{code} {said}".strip())
        kind = s.channel_code(code) or _by_status(status)
        raise SendError(
            kind,
            _refusal_text(kind, code, said, phone),
            retryable=kind in RETRYABLE,
            data={"platform_code": code, "http_status": status},
        )

    def _status_only(self, status: int, body: bytes) -> SendResult:
        """An answer without the code field: the HTTP status is all there is to go by."""
        said = body[:200].decode("utf-8", "replace")
        if status < 400:  # accepted by HTTP, but in words WattDesk cannot read
            raise SendError(
                "refused",
                tr(
                    "The SMS gateway answered in a way WattDesk does not understand (HTTP "
                    "{status}): {answer}. The message may have been sent.",
                    status=status,
                    answer=said,
                ),
                maybe_sent=True,
                data={"http_status": status},
            )
        kind = _by_status(status)
        raise SendError(
            kind,
            _refusal_text(kind, f"HTTP {status}", said, ""),
            retryable=kind in RETRYABLE,
            data={"http_status": status},
        )

    def _unreached(self, reason: object) -> SendError:
        host = urllib.parse.urlsplit(self.settings.url).hostname or self.settings.url
        if isinstance(reason, TimeoutError | socket.timeout):
            return SendError(
                "timeout",
                tr(
                    "The SMS gateway {host} did not answer within {seconds} s.",
                    host=host,
                    seconds=f"{self.settings.timeout:g}",
                ),
                retryable=True,
            )
        if isinstance(reason, ssl.SSLError):
            return SendError(
                "connection",
                tr(
                    "The secure connection (TLS) to the SMS gateway {host} failed: {error}.",
                    host=host,
                    error=reason,
                ),
                data={"tls": True},
            )
        return SendError(
            "connection",
            tr("The SMS gateway {host} cannot be reached: {error}.", host=host, error=reason),
            retryable=True,
        )

    def _lost(self, exc: BaseException) -> SendError:
        host = urllib.parse.urlsplit(self.settings.url).hostname or self.settings.url
        timed_out = isinstance(exc, TimeoutError)
        return SendError(
            "timeout" if timed_out else "connection",
            tr(
                "The connection to the SMS gateway {host} broke after the message was handed "
                "over, before the gateway answered: it may have been sent. Check the "
                "platform's send records before sending it again.",
                host=host,
            ),
            maybe_sent=True,
        )


def _by_status(status: int) -> str:
    if status in (401, 403):
        return "auth_refused"
    if status == 429:
        return "rate_limited"
    if status >= 500:
        return "connection"
    return "refused"


def _refusal_text(kind: str, code: str, said: str, phone: str) -> str:
    values = {"code": code, "message": said}
    if kind == "auth_refused":
        return tr(
            "The SMS gateway refused the app key or the signature ({code}: {message}). Check "
            "the app key and the secret.",
            **values,
        )
    if kind == "rate_limited":
        return tr("The SMS gateway asks to send more slowly ({code}: {message}).", **values)
    if kind == "bad_address":
        return tr(
            "The SMS gateway says {phone} is not a valid mobile number ({code}: {message}).",
            phone=phone,
            **values,
        )
    if kind == "connection":
        return tr("The SMS gateway failed ({code}: {message}).", **values)
    return tr("The SMS gateway refused the message ({code}: {message}).", **values)


__all__ = [
    "DEFAULT_CODES",
    "FIELDS",
    "SIGNERS",
    "SMS_GATEWAY_SECRET",
    "HttpSmsChannel",
    "HttpSmsSettings",
    "phone_number",
    "sign_hmac_sha256",
    "sign_md5",
    "string_to_sign",
]


@register("http_sms")
def http_sms_channel(**options: object) -> HttpSmsChannel:
    """The registry's factory: the stored ``notify`` options of the gateway."""
    return HttpSmsChannel(HttpSmsSettings.from_mapping(options))
