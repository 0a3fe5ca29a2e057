"""A local SMS platform for the HTTP gateway tests: ``http.server`` in a thread that checks
each request as a platform would (its own code, not the channel's signing function): the
app key, the timestamp's age, a nonce never seen before, the signature over the sorted
parameters; then answers as told (accepted, rate limited, a dropped connection...)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

APP_KEY = "LTAI-wattdesk-test"
SECRET = "gw-secret-7f3a9c"


@dataclass
class Platform:
    """The platform's side: its account, its field names, what it received, its mood."""

    scheme: str = "hmac-sha256"
    names: dict[str, str] = field(
        default_factory=lambda: {
            "key": "appKey",
            "timestamp": "timestamp",
            "nonce": "nonce",
            "phone": "phone",
            "sign": "sign",
        }
    )
    answer_names: tuple[str, str, str] = ("code", "message", "bizId")
    mode: str = "normal"  # normal, rate_limit, drop, http429, http503, garbage
    received: list[dict[str, str]] = field(default_factory=list)
    content_types: list[str] = field(default_factory=list)
    verdicts: list[str] = field(default_factory=list)  # ok or why the request was refused
    nonces: set[str] = field(default_factory=set)

    def signature(self, params: dict[str, str]) -> str:
        """The platform's documented rule, written here independently of the channel."""
        pairs = sorted((k, v) for k, v in params.items() if k != self.names["sign"] and v)
        text = "&".join(k + "=" + v for k, v in pairs).encode("utf-8")
        if self.scheme == "hmac-sha256":
            return hmac.new(SECRET.encode("utf-8"), text, hashlib.sha256).hexdigest()
        return hashlib.md5(text + b"&key=" + SECRET.encode("utf-8")).hexdigest().upper()

    def verdict(self, params: dict[str, str]) -> str:
        n = self.names
        if params.get(n["key"]) != APP_KEY:
            return "invalid_key"
        if abs(time.time() - int(params.get(n["timestamp"], "0"))) > 300:
            return "stale_timestamp"
        nonce = params.get(n["nonce"], "")
        if not nonce or nonce in self.nonces:
            return "replayed_nonce"
        self.nonces.add(nonce)
        if not hmac.compare_digest(params.get(n["sign"], ""), self.signature(params)):
            return "bad_signature"
        phone = params.get(n["phone"], "")
        if not (len(phone) == 11 and phone.isdigit() and phone[0] == "1"):
            return "invalid_number"
        return "ok"


def _handler(platform: Platform) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            kind = self.headers.get("Content-Type", "")
            platform.content_types.append(kind)
            if kind.startswith("application/json"):
                params = {str(k): str(v) for k, v in json.loads(body).items()}
            else:
                params = dict(urllib.parse.parse_qsl(body.decode("utf-8"), strict_parsing=True))
            platform.received.append(params)
            verdict = platform.verdict(params)
            platform.verdicts.append(verdict)
            if platform.mode == "drop":
                self.close_connection = True  # no answer: the socket just closes
                return
            if platform.mode in ("http429", "http503"):
                self._answer(int(platform.mode[4:]), b"<html>busy</html>")
                return
            if platform.mode == "garbage":
                self._answer(200, b"<html>ok?</html>")
                return
            if verdict == "ok" and platform.mode == "rate_limit":
                verdict = "rate_limited"
            code, message, ident = platform.answer_names
            answer: dict[str, str] = {code: "0" if verdict == "ok" else verdict}
            answer[message] = "OK" if verdict == "ok" else f"refused: {verdict}"
            if verdict == "ok":
                answer[ident] = f"B-{len(platform.received)}"
            self._answer(200, json.dumps(answer).encode())

        def _answer(self, status: int, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@contextmanager
def sms_platform(platform: Platform) -> Iterator[str]:
    """The platform running on 127.0.0.1; yields its send URL."""
    server = HTTPServer(("127.0.0.1", 0), _handler(platform))
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        name="sms-platform",
        daemon=True,
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sms/send"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=30)
