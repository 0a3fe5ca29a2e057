"""The local payment endpoint: a site's payment relay tells WattDesk of a tenant's payment.

Off by default: ``python -m app payment serve --bind HOST:PORT`` starts it on the address
the administrator chooses (localhost, or the LAN address the relay reaches). It is the
standard library's ``ThreadingHTTPServer``: two resources, no framework.

* ``POST /v1/payments`` — a payment, JSON: ``platform`` (``wechat``/``alipay``),
  ``transaction_id``, ``amount`` (yuan as a string, at most two decimals), ``account`` (its
  number) or ``room`` (``BUILDING/NUMBER``), optional ``payer``, ``remark``, ``paid_at``
  (ISO 8601). Answered 200 only after the recharge is committed; the same transaction id
  again gives the same receipt (``"replayed": true``), never a second recharge.
* ``GET /v1/accounts/<number>`` — the tenant's self-service query: balance, days left,
  recent use and payments (read only).

Every request is signed: ``X-WattDesk-Timestamp`` (Unix seconds, within ±5 minutes of this
clock), ``X-WattDesk-Nonce`` (16-64 of ``A-Z a-z 0-9 _ -``, accepted once: stored in the
database, so a replay is refused also after a restart) and ``X-WattDesk-Signature``:
``hex(HMAC-SHA256(secret, timestamp "\\n" nonce "\\n" METHOD "\\n" path "\\n" body))`` over the raw
body bytes. The shared secret lives in the keyring / keystore under ``payment-relay-secret``
(``payment secret``), never in a file. Refusals are a status code and JSON
``{"reason": code, "message": text}``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ..db import Database
from ..security import Actor
from .relay import Refusal, account_view, prune_nonces, take_notification, use_nonce

log = logging.getLogger(__name__)

SECRET_NAME = "payment-relay-secret"
MAX_BODY = 16 * 1024
SKEW_SECONDS = 300
NONCE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
PAY_PATH = "/v1/payments"
ACCOUNT_PATH = re.compile(r"^/v1/accounts/([A-Za-z0-9_-]{1,30})$")


def sign(secret: str, timestamp: str, nonce: str, method: str, path: str, body: bytes) -> str:
    """The signature a relay sends (and this side checks)."""
    head = f"{timestamp}\n{nonce}\n{method.upper()}\n{path}\n".encode()
    return hmac.new(secret.encode(), head + body, hashlib.sha256).hexdigest()


class PaymentServer:
    """The endpoint on one address; ``start`` runs it in a thread, ``serve`` in this one."""

    def __init__(self, db: Database, actor: Actor, secret: str, host: str, port: int) -> None:
        if not secret:
            raise ValueError("the payment endpoint needs a shared secret")
        self.db, self.actor, self.secret = db, actor, secret
        prune_nonces(db, datetime.now(UTC) - timedelta(days=1))
        self.httpd = ThreadingHTTPServer((host, port), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.payments = self  # type: ignore[attr-defined]
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> tuple[str, int]:
        host, port = self.httpd.server_address[:2]
        return str(host), int(port)

    def serve(self) -> None:
        self.httpd.serve_forever(poll_interval=0.2)

    def start(self) -> None:
        self._thread = threading.Thread(target=self.serve, name="payment-endpoint", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)

    # ------------------------------------------------------------------ requests

    def authenticate(self, method: str, path: str, headers: Any, body: bytes) -> str:
        """The request's nonce when its signature and time are right; else a refusal."""
        stamp = headers.get("X-WattDesk-Timestamp", "")
        nonce = headers.get("X-WattDesk-Nonce", "")
        given = headers.get("X-WattDesk-Signature", "")
        if not stamp or not nonce or not given:
            raise Refusal(
                401, "unsigned", "the timestamp, nonce and signature headers are required"
            )
        if not NONCE.match(nonce) or not stamp.isdigit():
            raise Refusal(401, "bad_signature", "malformed timestamp or nonce")
        wanted = sign(self.secret, stamp, nonce, method, path, body)
        if not hmac.compare_digest(wanted, given.strip().lower()):
            raise Refusal(401, "bad_signature", "the signature does not match the body")
        if abs(time.time() - int(stamp)) > SKEW_SECONDS:
            raise Refusal(401, "stale_timestamp", "the timestamp is more than 5 minutes off")
        return nonce

    def handle_payment(self, headers: Any, body: bytes) -> dict[str, Any]:
        nonce = self.authenticate("POST", PAY_PATH, headers, body)
        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise Refusal(400, "bad_json", "the body is not JSON") from exc
        if not isinstance(payload, dict):
            raise Refusal(400, "bad_json", "the body must be a JSON object")
        return take_notification(self.db, self.actor, payload, nonce, datetime.now(UTC))

    def handle_account(self, path: str, headers: Any) -> dict[str, Any]:
        found = ACCOUNT_PATH.match(path)
        if found is None:
            raise Refusal(404, "not_found", "no such resource")
        nonce = self.authenticate("GET", path, headers, b"")
        use_nonce(self.db, nonce, datetime.now(UTC))
        return account_view(self.db, found.group(1))


class _Handler(BaseHTTPRequestHandler):
    server_version = "WattDesk-payments/1"
    protocol_version = "HTTP/1.1"
    timeout = 30  # a client that stops sending mid-request does not hold a thread for ever

    @property
    def app(self) -> PaymentServer:
        return self.server.payments  # type: ignore[attr-defined]

    def do_POST(self) -> None:
        try:
            if self.path != PAY_PATH:
                raise Refusal(404, "not_found", "no such resource")
            kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if kind != "application/json":
                raise Refusal(415, "wrong_content_type", "send application/json")
            length = self.headers.get("Content-Length", "")
            if not length.isdigit():
                raise Refusal(411, "length_required", "Content-Length is required")
            if int(length) > MAX_BODY:
                raise Refusal(413, "too_large", f"the body is larger than {MAX_BODY} bytes")
            body = self.rfile.read(int(length))
            self._answer(200, self.app.handle_payment(self.headers, body))
        except Refusal as refusal:
            self._refuse(refusal)
        except Exception:
            log.exception("payment endpoint: request failed")
            self._answer(500, {"reason": "internal", "message": "internal error (see the log)"})

    def do_GET(self) -> None:
        try:
            self._answer(200, self.app.handle_account(self.path, self.headers))
        except Refusal as refusal:
            self._refuse(refusal)
        except Exception:
            log.exception("payment endpoint: query failed")
            self._answer(500, {"reason": "internal", "message": "internal error (see the log)"})

    def _refuse(self, refusal: Refusal) -> None:
        log.info("payment endpoint refused %s %s: %s", self.command, self.path, refusal.reason)
        self.close_connection = True  # the body of a refused request may be unread
        self._answer(refusal.status, {"reason": refusal.reason, "message": refusal.message})

    def _answer(self, status: int, data: dict[str, Any]) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("payment endpoint: " + format, *args)
