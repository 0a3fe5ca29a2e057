"""The verifiers' HMAC with precomputed pads gives exactly ``hmac.digest``'s bytes."""

from __future__ import annotations

import hmac
import os

import pytest

from app.security.audit import FastHmac


@pytest.mark.parametrize("key_length", [0, 1, 32, 63, 64, 65, 200])
def test_fast_hmac_is_hmac_sha256(key_length: int) -> None:
    key = os.urandom(key_length)
    fast = FastHmac(key)
    for message in (b"", b"x", os.urandom(63), os.urandom(64), os.urandom(1000)):
        for cut in (0, len(message) // 2, len(message)):
            expected = hmac.digest(key, message, "sha256").hex()
            assert fast.hex(message[:cut], message[cut:]) == expected
