"""`clientbook team add-rep` and `set-manager`: the team's logins, run by the team's admin (the
role that ran `team init`). Wired under `clientbook team` by cli_team.py."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import datetime

from clientbook.errors import BookError
from clientbook.i18n import t


def add_commands(actions) -> None:
    add = actions.add_parser("add-rep", help=t("team.access.cli.add_rep.help"),
                             description=t("team.access.cli.add_rep.help"))
    add.add_argument("name", metavar="NAME", help=t("team.access.cli.name"))
    add.add_argument("--role", metavar="ROLE", help=t("team.access.cli.role"))
    add.add_argument("--password-env", metavar="VAR", help=t("team.access.cli.password_env"))
    manager = actions.add_parser("set-manager", help=t("team.access.cli.set_manager.help"),
                                 description=t("team.access.cli.set_manager.help"))
    manager.add_argument("name", metavar="NAME", help=t("team.access.cli.rep"))
    move = actions.add_parser("import", help=t("team.access.cli.import.help"),
                              description=t("team.access.cli.import.help"))
    move.add_argument("book", metavar="BOOK.db", help=t("team.access.cli.import.book"))
    move.add_argument("--yes", "-y", action="store_true", help=t("team.access.cli.import.yes"))


def _password(args: argparse.Namespace) -> str:
    """From the named environment variable, or typed twice without echo; never printed."""
    if args.password_env:
        value = os.environ.get(args.password_env)
        if value is None:
            raise BookError("team.access.error.no_password_env", var=args.password_env)
        return value
    if not sys.stdin.isatty():
        raise BookError("team.access.error.no_terminal")
    first = getpass.getpass(t("team.access.prompt.password"))
    if getpass.getpass(t("team.access.prompt.again")) != first:
        raise BookError("team.access.error.mismatch")
    return first


def cmd_add_rep(args: argparse.Namespace, book_path) -> int:
    from clientbook.cli_team import _server_book
    from clientbook.services import team_admin

    book = _server_book(args, book_path)
    team_admin.check_new_rep(args.name, args.role)     # a bad name is said before the password is asked
    rep = team_admin.add_rep(book, args.name, args.role, _password(args), datetime.now())
    print(t("team.access.added", name=rep.name, role=rep.role))
    return 0


def cmd_set_manager(args: argparse.Namespace, book_path) -> int:
    from clientbook.cli_team import _server_book
    from clientbook.services import team_admin

    rep = team_admin.set_manager(_server_book(args, book_path), args.name)
    print(t("team.access.manager_set", name=rep.name, role=rep.role))
    return 0


def cmd_import(args: argparse.Namespace, book_path) -> int:
    from clientbook.cli_team import _server_book
    from clientbook.services.book import opened
    from clientbook.services.team_import import open_import

    book = _server_book(args, book_path)
    with opened(book) as team:
        moving = open_import(team, args.book)
        try:
            print("\n".join(moving.lines()))
            if not args.yes:
                if not sys.stdin.isatty():
                    raise BookError("team.access.error.confirm")
                if input(t("team.access.import.confirm")).strip().lower() not in ("y", "yes", "是"):
                    print(t("team.access.import.cancelled"))
                    return 1
            counts = moving.apply(team, datetime.now())
        finally:
            moving.close()
    print(t("team.access.import.done", contacts=counts.get("contact", 0), interactions=counts.get("interaction", 0),
            rows=sum(counts.values())))
    return 0


HANDLERS = {"add-rep": cmd_add_rep, "set-manager": cmd_set_manager, "import": cmd_import}
