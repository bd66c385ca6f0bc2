"""`clientbook serve` (the book on the phone over CardDAV/CalDAV) and `clientbook remind` (what is
due now, on the computer). Through services/phone.py and services/reminders.py only."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from clientbook.i18n import language, t


def add_parsers(commands) -> None:
    # No defaults from services/phone here: every command builds this parser, and `clientbook log`
    # imports nothing it does not need (tests/cli/test_lean_start.py). cmd_serve fills them in.
    serve = commands.add_parser("serve", help=t("phone.cli.serve.help"), description=t("phone.cli.serve.description"),
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    serve.add_argument("--host", default="127.0.0.1", help=t("phone.cli.serve.host"))
    serve.add_argument("--port", type=int, help=t("phone.cli.serve.port"))
    serve.add_argument("--cert", metavar="FILE", help=t("phone.cli.serve.cert"))
    serve.add_argument("--key", metavar="FILE", help=t("phone.cli.serve.key"))
    serve.add_argument("--set-password", action="store_true", help=t("phone.cli.serve.set_password"))
    serve.add_argument("--user", help=t("phone.cli.serve.user"))

    remind = commands.add_parser("remind", help=t("phone.cli.remind.help"),
                                 description=t("phone.cli.remind.description"),
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    remind.add_argument("--notify", action="store_true", help=t("phone.cli.remind.notify"))
    remind.add_argument("--install", action="store_true", help=t("phone.cli.remind.install"))


def _ask_password() -> str | None:
    """The password typed twice without echo; None when the two differ or it is empty."""
    import getpass

    first = getpass.getpass(t("phone.password.ask"))
    second = getpass.getpass(t("phone.password.again"))
    if first != second:
        print(f"clientbook: {t('phone.password.mismatch')}", file=sys.stderr)
        return None
    if not first:
        print(f"clientbook: {t('phone.password.empty')}", file=sys.stderr)
        return None
    return first


def cmd_serve(args: argparse.Namespace, prepare_book) -> int:
    from clientbook.services import phone

    try:
        import radicale  # noqa: F401  (the `phone` extra)
    except ImportError:
        print(f"clientbook: {t('phone.error.no_radicale')}", file=sys.stderr)
        return 2
    if args.set_password:
        password = _ask_password()
        if password is None:
            return 2
        user = args.user or phone.DEFAULT_USER
        path = phone.set_password(user, password)
        print(t("phone.password.saved", user=user, path=path))
        return 0
    if bool(args.cert) != bool(args.key):
        print(f"clientbook: {t('phone.error.cert_and_key')}", file=sys.stderr)
        return 2
    if phone.account_user() is None:
        print(f"clientbook: {t('phone.error.no_password')}", file=sys.stderr)
        return 2
    book = prepare_book(args, reading=True)
    server = phone.PhoneServer(book, args.host, args.port or phone.DEFAULT_PORT, language(),
                               cert=Path(args.cert).expanduser() if args.cert else None,
                               key=Path(args.key).expanduser() if args.key else None)
    server.start()
    synced = server.last_sync
    print(t("phone.serving", url=server.url, put=synced.put, deleted=synced.deleted), flush=True)
    if args.host not in ("127.0.0.1", "localhost", "::1") and not args.cert:
        print(t("phone.warning.plain_http"), file=sys.stderr, flush=True)
    try:
        server.wait()
    finally:
        server.stop()
    return 0


def cmd_remind(args: argparse.Namespace, prepare_book) -> int:
    from clientbook.services import reminders

    if args.install:
        book = None if not (args.db or args.demo) else prepare_book(args, reading=True)
        done = reminders.install(book, reminders.has_systemd())
        print("\n".join(done.lines))
        return 0
    from clientbook.services.book import opened

    now = datetime.now()
    with opened(prepare_book(args), now) as store:
        given = reminders.remind(store, now, language())
    for reminder in given:
        print(reminders.reminder_text(reminder))
    if args.notify and given and not reminders.notify(given):
        print(t("remind.no_notifications"), file=sys.stderr)
    return 0
