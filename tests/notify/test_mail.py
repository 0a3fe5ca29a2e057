"""The e-mail channel against a real SMTP server (aiosmtpd on 127.0.0.1): what arrives,
parsed back (headers, the UTF-8 subject, both parts, the PDF's bytes); logins over STARTTLS
and SSL with a certificate made here; and the faults the outbox must tell apart."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import default
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from app.notify import REGISTRY, Attachment, Message, SendError
from app.notify.mail import SmtpChannel, send_email
from app.notify.mime import SmtpSettings, message_id
from app.security.keystore import SMTP_PASSWORD, set_secret

from .smtpserver import PASSWORD, USER, Mailbox, free_port, self_signed, smtp_server

SUBJECT = "余额不足提醒：3号楼 502 室剩余 12.50 元"
TEXT = "尊敬的张先生：\n您的电费余额为 12.50 元，请及时充值。\n.a line that starts with a dot\n"
HTML = "<p>尊敬的张先生：您的电费余额为 <b>12.50 元</b>，请及时充值。</p>"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\r\n.\r\n\x00\xff trailer\n%%EOF\n"


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox()


@pytest.fixture
def plain(mailbox: Mailbox) -> Iterator[SmtpSettings]:
    """A server without TLS or login (an office relay); settings to reach it."""
    with smtp_server(mailbox) as port:
        yield SmtpSettings(
            host="127.0.0.1", port=port, security="none", from_address=USER, from_name="阳光物业"
        )


def secure(port: int, security: str, cert: Path | None, **more: object) -> SmtpSettings:
    values: dict[str, object] = {
        "host": "127.0.0.1",
        "port": port,
        "security": security,
        "user": USER,
        "from_name": "阳光物业",
        "ca_file": str(cert) if cert else "",
        "timeout": 10,
        **more,
    }
    return SmtpSettings.from_mapping(values)


def received(mailbox: Mailbox, index: int = 0) -> EmailMessage:
    parsed = email.message_from_bytes(mailbox.messages[index], policy=default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def statement(key: str = "outbox:17") -> Message:
    return Message(
        to="zhang.san@example.org",
        text=TEXT,
        subject=SUBJECT,
        html=HTML,
        attachments=(Attachment("对账单-2026-11.pdf", PDF),),
        key=key,
    )


def test_the_message_arrives_whole(plain: SmtpSettings, mailbox: Mailbox) -> None:
    result = SmtpChannel(plain).send(statement())
    assert result.reference.startswith("250 ") and "queued as 4F2A9" in result.reference
    assert mailbox.envelopes == [(USER, ["zhang.san@example.org"])]
    raw = mailbox.messages[0]
    assert raw.isascii()  # 7-bit headers and bodies: every server takes it
    assert b"Subject: =?utf-8?" in raw  # RFC 2047 encoded words
    mail = received(mailbox)
    assert mail["Subject"] == SUBJECT
    assert mail["From"].addresses[0].display_name == "阳光物业"
    assert mail["From"].addresses[0].addr_spec == USER
    assert mail["To"] == "zhang.san@example.org"
    assert parsedate_to_datetime(mail["Date"]).tzinfo is not None
    assert mail["Message-ID"] == message_id("outbox:17", USER)
    assert mail["Message-ID"].endswith("@example.com>") and "outbox-17" in mail["Message-ID"]
    assert mail.get_content_type() == "multipart/mixed"
    text = mail.get_body(("plain",))
    html = mail.get_body(("html",))
    assert text is not None and html is not None
    assert text.get_content() == TEXT  # the dot-stuffed line came back as written
    assert html.get_content().strip() == HTML
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_filename() == "对账单-2026-11.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == PDF
    assert result.detail == f"Message-ID {mail['Message-ID']}"


def test_text_only_and_the_same_message_id_on_a_resend(
    plain: SmtpSettings, mailbox: Mailbox
) -> None:
    channel = SmtpChannel(plain)
    try:
        once = Message(to="li.si@example.org", text="Balance low", subject="Low", key="outbox:9")
        channel.send(once)
        channel.send(once)  # the outbox resending a row after a crash: on the kept connection
        channel.send(Message(to="li.si@example.org", text="other", key="outbox:10"))
    finally:
        channel.close()
    assert len(mailbox.transports) == 1  # one connection kept for the three
    first, second, third = (received(mailbox, i) for i in range(3))
    assert first.get_content_type() == "text/plain"
    assert first.get_content().rstrip() == "Balance low"
    assert first["Message-ID"] == second["Message-ID"] == message_id("outbox:9", USER)
    assert third["Message-ID"] != first["Message-ID"]


def test_a_connection_the_server_closed_is_replaced(plain: SmtpSettings, mailbox: Mailbox) -> None:
    channel = SmtpChannel(plain)
    try:
        channel.send(Message(to="li.si@example.org", text="one", key="outbox:1"))
        mailbox.hang_up()  # the server's idle timeout: the kept connection is dead
        result = channel.send(Message(to="li.si@example.org", text="two", key="outbox:2"))
    finally:
        channel.close()
    assert result.reference.startswith("250")
    assert len(mailbox.transports) == 2  # a new connection for the second message
    assert [received(mailbox, i).get_content().rstrip() for i in range(2)] == ["one", "two"]


def test_send_email_for_the_command_line(plain: SmtpSettings, mailbox: Mailbox) -> None:
    result = send_email(
        plain, "wang@example.org", "收据 R-000123", "已收到 100.00 元", (Attachment("r.pdf", PDF),)
    )
    assert result.reference.startswith("250")
    mail = received(mailbox)
    assert mail["Subject"] == "收据 R-000123"
    assert [a.get_content() for a in mail.iter_attachments()] == [PDF]
    made = REGISTRY["email"](host="mail.example.cn", port="587", tls="starttls")
    assert isinstance(made, SmtpChannel)  # the registry's factory takes the CLI's names
    assert (made.settings.host, made.settings.port, made.settings.security) == (
        "mail.example.cn",
        587,
        "starttls",
    )


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_login_over_tls(security: str, cert: tuple[Path, Path], mailbox: Mailbox) -> None:
    set_secret(SMTP_PASSWORD, PASSWORD)
    with smtp_server(mailbox, security=security, cert=cert, auth=True) as port:
        channel = SmtpChannel(secure(port, security, cert[0]))
        status = channel.check()
        assert not mailbox.messages  # a check sends nothing
        channel.send(statement())
        channel.close()
    assert status.ready, status.text
    assert f"({security.upper()}) and logged in as {USER}" in status.text
    assert str(status.facts["tls"]).startswith("TLSv1.")
    assert "AUTH" in status.text and "starttls" not in status.facts["features"]  # type: ignore[operator]
    assert [login for login, _ in mailbox.logins] == [USER, USER]
    assert received(mailbox)["Subject"] == SUBJECT


def test_the_certificate_must_be_trusted(cert: tuple[Path, Path], mailbox: Mailbox) -> None:
    set_secret(SMTP_PASSWORD, PASSWORD)
    server = smtp_server(mailbox, security="starttls", cert=cert, auth=True)
    with server as port, pytest.raises(SendError) as caught:
        SmtpChannel(secure(port, "starttls", None)).send(statement())
    assert caught.value.code == "connection" and caught.value.data == {"tls": True}
    assert not caught.value.retryable and not caught.value.maybe_sent
    assert "certificate" in caught.value.text
    assert not mailbox.logins and not mailbox.messages


def test_ssl_against_a_plain_server(plain: SmtpSettings, mailbox: Mailbox) -> None:
    settings = SmtpSettings.from_mapping({**plain.__dict__, "security": "ssl", "timeout": "10"})
    with pytest.raises(SendError) as caught:
        SmtpChannel(settings).send(statement())
    assert caught.value.data == {"tls": True} and "TLS" in caught.value.text
    assert not mailbox.messages


def test_starttls_not_offered(plain: SmtpSettings) -> None:
    settings = SmtpSettings.from_mapping({**plain.__dict__, "security": "starttls"})
    status = SmtpChannel(settings).check()
    assert not status.ready and status.facts["code"] == "config"
    assert "does not offer STARTTLS" in status.text


def test_login_refused(cert: tuple[Path, Path], mailbox: Mailbox) -> None:
    set_secret(SMTP_PASSWORD, "the-web-password")
    with smtp_server(mailbox, security="starttls", cert=cert, auth=True) as port:
        channel = SmtpChannel(secure(port, "starttls", cert[0]))
        with pytest.raises(SendError) as caught:
            channel.send(statement())
        status = channel.check()
    error = caught.value
    assert error.code == "auth_refused" and error.data["smtp_code"] == 535
    assert not error.retryable and not error.maybe_sent
    assert USER in error.text and "authorisation code" in error.text
    assert not status.ready and status.text == error.text
    assert not mailbox.messages


def test_no_password_stored(cert: tuple[Path, Path], mailbox: Mailbox) -> None:
    server = smtp_server(mailbox, security="starttls", cert=cert, auth=True)
    with server as port, pytest.raises(SendError) as caught:
        SmtpChannel(secure(port, "starttls", cert[0])).send(statement())
    assert caught.value.code == "config" and "No password is stored" in caught.value.text


@pytest.mark.parametrize(
    "reply", ["550 5.1.1 <zhang.san@example.org>: no such user", "553 5.7.1 relay denied"]
)
def test_recipient_refused(reply: str, plain: SmtpSettings, mailbox: Mailbox) -> None:
    mailbox.rcpt_reply = reply
    with pytest.raises(SendError) as caught:
        SmtpChannel(plain).send(statement())
    error = caught.value
    assert error.code == "refused" and error.data["smtp_code"] == int(reply[:3])
    assert not error.retryable and not error.maybe_sent
    assert "zhang.san@example.org" in error.text and reply in error.text
    assert not mailbox.messages


@pytest.mark.parametrize(
    ("where", "reply", "code"),
    [
        ("mail_reply", "421 4.3.2 service not available, closing", "connection"),
        ("data_reply", "451 4.3.0 local error, try again later", "refused"),
        ("rcpt_reply", "450 4.7.1 too many messages, rate limited", "rate_limited"),
    ],
)
def test_busy_server_means_try_later(
    where: str, reply: str, code: str, plain: SmtpSettings, mailbox: Mailbox
) -> None:
    setattr(mailbox, where, reply)
    with pytest.raises(SendError) as caught:
        SmtpChannel(plain).send(statement())
    assert caught.value.code == code and caught.value.retryable
    assert not caught.value.maybe_sent and reply in caught.value.text


def test_link_dropped_after_the_message_may_have_been_sent(
    plain: SmtpSettings, mailbox: Mailbox
) -> None:
    mailbox.drop_after_data = True
    with pytest.raises(SendError) as caught:
        SmtpChannel(plain).send(statement())
    error = caught.value
    assert mailbox.data_seen.is_set() and len(mailbox.messages) == 1  # the server had it all
    assert error.maybe_sent and not error.retryable
    assert error.code == "connection" and "may have been sent" in error.text


def test_link_dropped_before_the_message_was_not_sent(
    plain: SmtpSettings, mailbox: Mailbox
) -> None:
    mailbox.drop_at_rcpt = True
    with pytest.raises(SendError) as caught:
        SmtpChannel(plain).send(statement())
    assert caught.value.code == "connection" and caught.value.retryable
    assert not caught.value.maybe_sent and not mailbox.messages


def test_nobody_listening() -> None:
    settings = SmtpSettings(host="127.0.0.1", port=free_port(), security="none", from_address=USER)
    with pytest.raises(SendError) as caught:
        SmtpChannel(settings).send(statement())
    assert caught.value.code == "connection" and caught.value.retryable
    assert "refused the connection" in caught.value.text


def test_unknown_host() -> None:
    settings = SmtpSettings(host="mail.nonexistent.invalid", from_address=USER)
    status = SmtpChannel(settings).check()
    assert not status.ready and status.facts == {"code": "connection", "retryable": True}
    assert "DNS" in status.text


def test_a_silent_server_times_out() -> None:
    with socket.socket() as listener:  # accepts connections (the kernel does) and never speaks
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        settings = SmtpSettings(
            host="127.0.0.1",
            port=listener.getsockname()[1],
            security="none",
            from_address=USER,
            timeout=0.5,
        )
        with pytest.raises(SendError) as caught:
            SmtpChannel(settings).send(statement())
    assert caught.value.code == "timeout" and caught.value.retryable
    assert not caught.value.maybe_sent and "0.5 s" in caught.value.text


def test_bad_addresses_never_reach_the_server(plain: SmtpSettings, mailbox: Mailbox) -> None:
    for address in ("zhang", "a@b", "x@example.org\r\nBcc: all@example.org", "张三@example.org"):
        with pytest.raises(SendError) as caught:
            SmtpChannel(plain).send(Message(to=address, text="x"))
        assert caught.value.code == "bad_address" and not caught.value.retryable
    with pytest.raises(SendError) as caught:
        SmtpChannel(SmtpSettings(host="", from_address=USER)).send(statement())
    assert caught.value.code == "config"
    missing_ca = SmtpSettings.from_mapping({**plain.__dict__, "ca_file": "/nonexistent/ca.pem"})
    with pytest.raises(SendError) as caught:
        SmtpChannel(missing_ca).send(statement())
    assert caught.value.code == "config" and "/nonexistent/ca.pem" in caught.value.text
    assert not mailbox.messages


def test_errors_in_chinese(
    plain: SmtpSettings, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    mailbox.drop_after_data = True
    with pytest.raises(SendError) as caught:
        SmtpChannel(plain).send(statement())
    assert "邮件可能已经发出" in caught.value.text and caught.value.maybe_sent
    status = SmtpChannel(
        SmtpSettings.from_mapping({**plain.__dict__, "security": "starttls"})
    ).check()
    assert "不支持 STARTTLS" in status.text
    ready = SmtpChannel(plain).check()
    assert ready.ready and "（不加密），未登录" in ready.text


def test_421_on_a_kept_connection_tries_a_new_one(plain: SmtpSettings, mailbox: Mailbox) -> None:
    channel = SmtpChannel(plain)
    try:
        channel.send(Message(to="li.si@example.org", text="one"))
        mailbox.mail_reply = "421 4.4.2 idle too long, closing"
        with pytest.raises(SendError) as caught:
            channel.send(Message(to="li.si@example.org", text="two"))
    finally:
        channel.close()
    assert len(mailbox.transports) == 2  # the 421 on the old one, then once more on a new one
    assert caught.value.code == "connection" and caught.value.retryable


def test_the_subject_stays_one_header_line(plain: SmtpSettings, mailbox: Mailbox) -> None:
    send_email(plain, "wang@example.org", "收据\r\nBcc: all@example.org\n R-1", "text")
    mail = received(mailbox)
    assert mail["Subject"] == "收据 Bcc: all@example.org R-1" and mail["Bcc"] is None
