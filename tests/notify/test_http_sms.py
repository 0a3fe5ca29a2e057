"""The HTTP SMS gateway channel against a local platform that checks signatures with its
own code: signed JSON and form requests, HMAC-SHA256 and MD5, the platform's refusals
mapped to the outbox's codes, and a connection dropped after the request."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.notify import REGISTRY, Message, SendError
from app.notify.http_sms import SMS_GATEWAY_SECRET, HttpSmsChannel, HttpSmsSettings
from app.security.keystore import set_secret

from .gateway import APP_KEY, SECRET, Platform, sms_platform
from .smtpserver import free_port

TEXT = "【阳光物业】3号楼502室电费余额12.50元，请及时充值。"


@pytest.fixture
def platform() -> Platform:
    return Platform()


@pytest.fixture
def url(platform: Platform) -> Iterator[str]:
    set_secret(SMS_GATEWAY_SECRET, SECRET)
    with sms_platform(platform) as address:
        yield address


def settings(url: str, **more: object) -> HttpSmsSettings:
    values: dict[str, object] = {
        "url": url,
        "app_key": APP_KEY,
        "sign_name": "阳光物业",
        "template": "SMS_2026001",
        "timeout": 10,
        **more,
    }
    return HttpSmsSettings.from_mapping(values)


def low_balance(to: str = "13912345678") -> Message:
    return Message(to=to, text=TEXT, key="outbox:41")


def test_a_signed_json_request_is_accepted(url: str, platform: Platform) -> None:
    result = HttpSmsChannel(settings(url)).send(low_balance("139 1234 5678"))
    assert platform.verdicts == ["ok"]
    assert result.reference == "B-1" and result.detail == "0 OK"
    [params] = platform.received
    assert platform.content_types[0].startswith("application/json")
    assert params["phone"] == "13912345678" and params["content"] == TEXT
    assert params["signName"] == "阳光物业" and params["templateCode"] == "SMS_2026001"
    assert params["outId"] == "outbox:41" and params["appKey"] == APP_KEY
    assert len(params["sign"]) == 64  # hex HMAC-SHA256
    made = REGISTRY["http_sms"](url=url, app_key=APP_KEY)  # the registry's factory
    assert isinstance(made, HttpSmsChannel) and made.settings.app_key == APP_KEY


def test_a_form_request_signed_with_md5(url: str, platform: Platform) -> None:
    platform.scheme = "md5"
    channel = HttpSmsChannel(settings(url, body="form", signing="md5"))
    channel.send(low_balance())
    channel.send(low_balance())  # a fresh nonce each time: the platform refuses replays
    assert platform.verdicts == ["ok", "ok"]
    assert platform.content_types[0].startswith("application/x-www-form-urlencoded")
    assert platform.received[0]["content"] == TEXT
    assert platform.received[0]["sign"].isupper()


def test_the_platform_s_own_field_names(platform: Platform) -> None:
    names = {"key": "AccessKeyId", "timestamp": "Timestamp", "nonce": "SignatureNonce"}
    platform.names.update(names, phone="PhoneNumbers", sign="Signature")
    platform.answer_names = ("Code", "Message", "BizId")
    set_secret("sms/aliyun", SECRET)
    custom = settings(
        "",
        secret_name="sms/aliyun",
        names={
            "app_key": "AccessKeyId",
            "timestamp": "Timestamp",
            "nonce": "SignatureNonce",
            "phone": "PhoneNumbers",
            "signature": "Signature",
        },
        response={"code": "Code", "message": "Message", "id": "BizId"},
    )
    with sms_platform(platform) as url:
        result = HttpSmsChannel(HttpSmsSettings.from_mapping({**custom.__dict__, "url": url}))
        reference = result.send(low_balance()).reference
    assert platform.verdicts == ["ok"] and reference == "B-1"
    assert "PhoneNumbers" in platform.received[0] and "phone" not in platform.received[0]


def test_a_wrong_secret_is_a_refused_login(url: str, platform: Platform) -> None:
    set_secret(SMS_GATEWAY_SECRET, "not-the-secret")
    with pytest.raises(SendError) as caught:
        HttpSmsChannel(settings(url)).send(low_balance())
    error = caught.value
    assert platform.verdicts == ["bad_signature"]
    assert error.code == "auth_refused" and not error.retryable and not error.maybe_sent
    assert error.data["platform_code"] == "bad_signature" and "secret" in error.text


def test_rate_limited_is_retryable(url: str, platform: Platform) -> None:
    platform.mode = "rate_limit"
    with pytest.raises(SendError) as caught:
        HttpSmsChannel(settings(url)).send(low_balance())
    assert caught.value.code == "rate_limited" and caught.value.retryable
    assert not caught.value.maybe_sent


def test_an_invalid_number(url: str, platform: Platform) -> None:
    with pytest.raises(SendError) as caught:
        HttpSmsChannel(settings(url)).send(low_balance("+85291234567"))
    assert platform.verdicts == ["invalid_number"]
    assert caught.value.code == "bad_address" and not caught.value.retryable
    assert "+85291234567" in caught.value.text
    with pytest.raises(SendError) as caught:
        HttpSmsChannel(settings(url)).send(low_balance("zhang@example.org"))
    assert caught.value.code == "bad_address" and len(platform.received) == 1  # not sent


@pytest.mark.parametrize(
    ("mode", "code", "retryable"),
    [("http429", "rate_limited", True), ("http503", "connection", True)],
)
def test_http_status_without_a_code(
    mode: str, code: str, retryable: bool, url: str, platform: Platform
) -> None:
    platform.mode = mode
    with pytest.raises(SendError) as caught:
        HttpSmsChannel(settings(url)).send(low_balance())
    assert caught.value.code == code and caught.value.retryable is retryable
    assert caught.value.data["http_status"] == int(mode[4:])


def test_an_answer_nobody_understands_may_have_been_sent(url: str, platform: Platform) -> None:
    platform.mode = "garbage"
    with pytest.raises(SendError) as caught:
        HttpSmsChannel(settings(url)).send(low_balance())
    assert caught.value.maybe_sent and not caught.value.retryable


def test_dropped_after_the_request_may_have_been_sent(url: str, platform: Platform) -> None:
    platform.mode = "drop"
    with pytest.raises(SendError) as caught:
        HttpSmsChannel(settings(url)).send(low_balance())
    assert platform.verdicts == ["ok"]  # the platform had a valid request
    assert caught.value.maybe_sent and not caught.value.retryable
    assert "may have been sent" in caught.value.text


def test_nobody_listening_was_not_sent() -> None:
    set_secret(SMS_GATEWAY_SECRET, SECRET)
    channel = HttpSmsChannel(settings(f"http://127.0.0.1:{free_port()}/sms"))
    with pytest.raises(SendError) as caught:
        channel.send(low_balance())
    assert caught.value.code == "connection" and caught.value.retryable
    assert not caught.value.maybe_sent
    assert not channel.check().ready


def test_check_sends_nothing(url: str, platform: Platform) -> None:
    status = HttpSmsChannel(settings(url)).check()
    assert status.ready and "127.0.0.1" in status.text and not platform.received
    set_secret(SMS_GATEWAY_SECRET, SECRET)  # still there; now a setting missing:
    missing = HttpSmsChannel(settings(url, secret_name="sms/none")).check()
    assert not missing.ready and missing.facts["code"] == "config"
    assert "No secret is stored" in missing.text
    bad = HttpSmsChannel(settings("ftp://example.org/x")).check()
    assert not bad.ready and bad.facts["code"] == "config"
