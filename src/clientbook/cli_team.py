"""`clientbook team …`: a team book on a PostgreSQL server. Each sub-command adds its parser in
its own function below (`add_parser` calls them) and its handler to COMMANDS; a problem is one
line on stderr and a non-zero exit, as for every command (cli.main)."""

from __future__ import annotations

import argparse

from clientbook.errors import BookError
from clientbook.i18n import t


def add_parser(commands) -> None:
    team = commands.add_parser("team", help=t("cli.team.help"), description=t("cli.team.help"))
    actions = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    _add_init(actions)
    upgrade = actions.add_parser("upgrade", help=t("cli.team.upgrade.help"), description=t("cli.team.upgrade.help"))
    upgrade.add_argument("url", nargs="?", metavar="URL", help=t("cli.team.url"))
    from clientbook import cli_team_access, cli_team_work

    cli_team_access.add_commands(actions)   # add-rep, set-manager (the team's logins), import
    cli_team_work.add_commands(actions)     # handover, claim, pool, recycle
    for command in actions.choices.values():   # as on every command: read before parsing (cli.resolve_language)
        command.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help=t("cli.opt.lang"))


def cmd_team(args: argparse.Namespace, book_path, prepare_book) -> int:
    """`book_path(args)`: cli.py's choice of the book (--db, config.toml's [book] url), for the
    commands that set up the server; `prepare_book(args, reading=…)`: its check before a command
    opens it, for the day-to-day ones (handover, claim…), which work on a file book too."""
    from clientbook.cli_team_work import HANDLERS as WORK

    if args.team_command in WORK:
        return WORK[args.team_command](args, prepare_book)
    return COMMANDS[args.team_command](args, book_path)


def _server_book(args: argparse.Namespace, book_path):
    """The team book a sub-command works on: its URL argument, else --db or config.toml's."""
    from clientbook.location import ServerBook, book_at

    book = book_at(args.url) if getattr(args, "url", None) else book_path(args)
    if not isinstance(book, ServerBook):
        raise BookError("book.error.bad_url", scheme="file")
    return book


# ---------------------------------------------------------------- team init
def _add_init(actions) -> None:
    init = actions.add_parser("init", help=t("cli.team.init.help"), description=t("cli.team.init.help"))
    init.add_argument("url", nargs="?", metavar="URL", help=t("cli.team.url"))


def cmd_init(args: argparse.Namespace, book_path) -> int:
    from clientbook.store.server import create_team_book

    book = _server_book(args, book_path)
    create_team_book(book)
    print(t("team.init.done", path=book))
    return 0


def cmd_upgrade(args: argparse.Namespace, book_path) -> int:
    from clientbook.store.book import LATEST_VERSION
    from clientbook.store.server import upgrade_team_book

    book = _server_book(args, book_path)
    upgraded = upgrade_team_book(book)
    print(t("team.upgrade.done" if upgraded else "team.upgrade.nothing", path=book, version=LATEST_VERSION))
    return 0


def _commands() -> dict:
    from clientbook.cli_team_access import HANDLERS as ACCESS

    return {"init": cmd_init, "upgrade": cmd_upgrade, **ACCESS}


COMMANDS = _commands()
