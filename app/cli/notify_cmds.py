"""Messages on the command line (app.notify): ``notify send``, ``notify list``, ``notify retry``.

``notify send --channel sms|email --to ADDRESS --text TEXT`` builds the channel by its
registered name (``app.notify.channel.REGISTRY``) from Settings → Messages, with the
options given here on top (``--modem-port``/``--baud`` for the modem, ``--smtp-*`` for
e-mail), and sends one message through the outbox: the row is written and audited first,
so it shows in ``notify list`` whatever happens. ``notify retry ID`` queues a failed or
"may have been sent" message again (operators and administrators; audited). Refusals are
sentences (exit 1), never a traceback.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..i18n import tr
from ..security import Permission
from .auth import actor_for, login_required

# how the options of this command become a channel's keyword arguments
SMS_OPTIONS = {"modem_port": "port", "baud": "baud"}
MAIL_OPTIONS = {
    "smtp_host": "host",
    "smtp_port": "port",
    "smtp_tls": "tls",
    "smtp_user": "user",
    "smtp_from": "from_address",
}


def register(sub: argparse._SubParsersAction[Any]) -> None:
    group = sub.add_parser("notify", help="messages to tenants and staff: SMS, e-mail (消息通知)")
    group.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    cmds = group.add_subparsers(dest="notify_command", metavar="SUBCOMMAND", required=True)
    send = cmds.add_parser("send", help="send one message now (a test)")
    send.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    send.add_argument("--channel", required=True, help="sms, email or http_sms")
    send.add_argument("--to", required=True, help="a mobile number or an e-mail address")
    send.add_argument("--text", required=True)
    send.add_argument("--subject", default="", help="e-mail subject")
    send.add_argument("--modem-port", help="the GSM modem's serial port or socket:// URL")
    send.add_argument("--baud", type=int, help="the modem's baud rate")
    send.add_argument("--smtp-host")
    send.add_argument("--smtp-port", type=int)
    send.add_argument("--smtp-tls", choices=("none", "starttls", "ssl"))
    send.add_argument("--smtp-user", help="the mail account (its password: Settings → Messages)")
    send.add_argument("--smtp-from", help="the sender address (default: the mail account)")
    send.set_defaults(handler=cmd_send)
    login_required(send, Permission.NOTIFY_RESEND)
    lst = cmds.add_parser("list", help="the outbox, newest first")
    lst.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    lst.add_argument("--failed", action="store_true", help="only failed and uncertain ones")
    lst.add_argument("--limit", type=int, default=100)
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=cmd_list)
    login_required(lst, Permission.VIEW)
    again = cmds.add_parser("retry", help="send a failed or uncertain message again")
    again.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    again.add_argument("id", type=int)
    again.set_defaults(handler=cmd_retry)
    login_required(again, Permission.NOTIFY_RESEND)


def _db_actor(args: argparse.Namespace) -> tuple[Any, Any]:
    from .site_cmds import _open

    db = _open(args)
    return db, actor_for(args, db)


def channel_options(args: argparse.Namespace, stored: dict[str, Any]) -> dict[str, Any]:
    """The stored options of the channel with this command's on top."""
    options = dict(stored)
    table = MAIL_OPTIONS if args.channel == "email" else SMS_OPTIONS
    for attr, name in table.items():
        value = getattr(args, attr, None)
        if value is not None:
            options[name] = value
    return options


def cmd_send(args: argparse.Namespace) -> int:
    from ..notify.export import status_word
    from ..notify.kinds import NotifyError
    from ..notify.outbox import settings_of
    from ..notify.sender import build_channel, send_now
    from ..notify.views import reason_text
    from . import CommandError

    db, actor = _db_actor(args)
    options = channel_options(args, settings_of(db).channels.get(args.channel, {}))
    try:
        channel = build_channel(args.channel, options)
    except KeyError as exc:
        raise CommandError(
            tr("--channel: no channel named {name} is installed", name=args.channel)
        ) from exc
    except (TypeError, ValueError) as exc:
        raise CommandError(
            tr("channel {name} cannot be set up: {why}", name=args.channel, why=str(exc))
        ) from exc
    try:
        done = send_now(db, actor, args.channel, channel, args.to, args.text, args.subject)
    except NotifyError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        channel.close()
    if done.status != "sent":
        raise CommandError(
            tr(
                "message {id} {status}: {detail}",
                id=done.id,
                status=status_word(done.status),
                detail=reason_text(done.detail),
            )
        )
    print(tr("message {id} sent: {detail}", id=done.id, detail=done.detail))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from ..notify.outbox import list_messages

    db, _actor = _db_actor(args)
    rows = list_messages(
        db, status=("failed", "uncertain") if args.failed else (), limit=args.limit
    )
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "created_at": r.created_at.isoformat(),
                        "channel": r.channel,
                        "to": r.recipient,
                        "kind": r.kind,
                        "status": r.status,
                        "attempts": r.attempts,
                        "reason": r.reason,
                        "reference": r.reference,
                        "text": r.text,
                    }
                    for r in rows
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    if not rows:
        print(tr("no messages"))
        return 0
    from ..notify.views import reason_text

    for r in rows:
        note = reason_text(r.reason) if r.reason else r.reference
        print(
            f"{r.id:>6}  {r.created_at.astimezone():%Y-%m-%d %H:%M}  {r.status:<9}  "
            f"{r.channel:<6}  {r.recipient:<24}  {r.kind:<16}  {r.attempts}  {note}"
        )
    return 0


def cmd_retry(args: argparse.Namespace) -> int:
    from ..notify.kinds import NotifyError
    from ..notify.outbox import retry
    from . import CommandError

    db, actor = _db_actor(args)
    try:
        retry(db, actor, args.id)
    except NotifyError as exc:
        raise CommandError(str(exc)) from exc
    print(tr("message {id} queued again", id=args.id))
    return 0
