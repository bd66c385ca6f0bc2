"""Command line: parses arguments, then runs the TUI or a plain command.

Only what every command needs is imported here (services.book opens the store only when
called). The store, Textual, the other services and even the domain rules are imported by the
commands that use them: the TUI's first frame waits for none of them, and `--version` and
`--help` answer at once.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path

from clientbook import __version__, config, paths
from clientbook.errors import BookError, OwnedByAnother, translate
from clientbook.location import Book, book_at, from_config
from clientbook.i18n import language, language_from_locale, set_language, t
from clientbook.services.book import latest_version, opened, prepare, reading_today, writing_log


def _language_from_argv(argv: list[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def resolve_language(argv: list[str]) -> str:
    chosen = _language_from_argv(argv)
    if chosen in ("en", "zh"):
        return chosen
    return config.load().language or language_from_locale(dict(os.environ))


def _argparse_messages() -> dict[str, str]:
    """argparse's own words (usage, errors) in the UI language."""
    return {
        "usage: ": t("argparse.usage"),
        "options": t("argparse.options"),
        "positional arguments": t("argparse.positional"),
        "show this help message and exit": t("argparse.help"),
        "show program's version number and exit": t("argparse.version"),
        "the following arguments are required: %s": t("argparse.required"),
        "unrecognized arguments: %s": t("argparse.unrecognized"),
        "invalid choice: %(value)r (choose from %(choices)s)": t("argparse.invalid_choice"),
        "expected one argument": t("argparse.expected_one"),
        "expected at least one argument": t("argparse.expected_at_least_one"),
        "%(prog)s: error: %(message)s\n": t("argparse.error"),
    }


def build_parser() -> argparse.ArgumentParser:
    messages = _argparse_messages()
    argparse._ = lambda text: messages.get(text, text)  # argparse looks its words up through gettext
    parser = argparse.ArgumentParser(
        prog="clientbook",
        description=t("cli.description"),
        epilog=t("cli.epilog"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"clientbook {__version__}", help=t("argparse.version"))
    parser.add_argument("--db", metavar="PATH|URL", help=t("cli.opt.db"))
    parser.add_argument("--lang", choices=["zh", "en"], help=t("cli.opt.lang"))
    parser.add_argument("--demo", action="store_true", help=t("cli.opt.demo"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title=t("cli.commands"))

    add = commands.add_parser("add", help=t("cli.add.help"), description=t("cli.add.help"))
    add.add_argument("name", help=t("cli.add.name"))
    add.add_argument("--company", default="", help=t("cli.add.company"))
    add.add_argument("--title", default="", help=t("cli.add.title"))
    add.add_argument("--position", choices=["boss", "manager", "staff", "clerk"], help=t("cli.add.position"))
    add.add_argument("--phone", action="append", default=[], help=t("cli.add.phone"))
    add.add_argument("--wechat", default="", help=t("cli.add.wechat"))
    add.add_argument("--email", action="append", default=[], help=t("cli.add.email"))
    add.add_argument("--nickname", default="", help=t("cli.add.nickname"))
    add.add_argument("--address", action="append", default=[], help=t("cli.add.address"))
    add.add_argument("--url", action="append", default=[], help=t("cli.add.url"))
    add.add_argument("--birthday", default="", help=t("cli.add.birthday"))
    add.add_argument("--level", default="", help=t("cli.add.level"))
    add.add_argument("--tag", action="append", default=[], help=t("cli.add.tag"))
    add.add_argument("--note", default="", help=t("cli.add.note"))
    add.add_argument("--force", action="store_true", help=t("cli.add.force"))

    log = commands.add_parser("log", help=t("cli.log.help"), description=t("cli.log.description"),
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    log.add_argument("name", help=t("cli.log.name"))
    log.add_argument("kind", help=t("cli.log.kind"))
    log.add_argument("note", nargs="?", default="", help=t("cli.log.note"))
    log.add_argument("--when", default="", help=t("cli.log.when"))
    log.add_argument("--follow-up", nargs="+", metavar=("WHEN", "WHAT"), help=t("cli.log.follow_up"))
    log.add_argument("--theirs", action="store_true", help=t("cli.log.theirs"))
    log.add_argument("--private", action="store_true", help=t("cli.log.private"))
    log.add_argument("--place", default="", help=t("cli.log.place"))
    log.add_argument("--cost", default="", help=t("cli.log.cost"))
    log.add_argument("--cc", action="append", default=[], metavar="NAME", help=t("email.cli.cc"))

    backup = commands.add_parser("backup", help=t("cli.backup.help"), description=t("cli.backup.help"))
    backup.add_argument("path", nargs="?", help=t("cli.backup.path"))
    restore = commands.add_parser("restore", help=t("cli.restore.help"), description=t("cli.restore.help"))
    restore.add_argument("path", help=t("cli.restore.path"))

    today = commands.add_parser("today", help=t("cli.today.help"), description=t("cli.today.help"))
    today.add_argument("--json", action="store_true", help=t("cli.today.json"))
    today.add_argument("--digest", action="store_true", help=t("digest.cli.digest"))
    today.add_argument("--out", metavar="FILE", help=t("digest.cli.out"))

    report = commands.add_parser("report", help=t("insights.cli.help"), description=t("insights.cli.help"))
    when = report.add_mutually_exclusive_group()
    when.add_argument("--week", metavar="YYYY-Www", help=t("insights.cli.week"))
    when.add_argument("--month", metavar="YYYY-MM", help=t("insights.cli.month"))
    report.add_argument("--out", metavar="FILE", help=t("insights.cli.out"))
    report.add_argument("--json", action="store_true", help=t("insights.cli.json"))

    # One option per format (each a key of EXPORTERS below); more formats add theirs here.
    export = commands.add_parser("export", help=t("interop.cli.export.help"), description=t("interop.cli.export.help"))
    export.add_argument("--ics", metavar="FILE", help=t("giftui.cli.export.ics"))
    export.add_argument("--years", type=int, default=EXPORT_YEARS, metavar="N",
                        help=t("giftui.cli.export.years", years=EXPORT_YEARS))
    export.add_argument("--vcf", metavar="FILE", help=t("interop.cli.export.vcf"))
    export.add_argument("--vcard-version", choices=("3.0", "4.0"), default="3.0",
                        help=t("interop.cli.export.vcard_version"))
    export.add_argument("--csv", metavar="FILE", help=t("interop.cli.export.csv"))
    export.add_argument("--json", metavar="FILE", help=t("interop.cli.export.json"))

    from clientbook import cli_deals, cli_phone, cli_team   # `clientbook deal …`, `serve`, `remind`, `team …`

    cli_deals.add_parser(commands)
    cli_phone.add_parsers(commands)
    cli_team.add_parser(commands)

    imp = commands.add_parser("import", help=t("interop.cli.import.help"),
                              description=t("interop.cli.import.description"),
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    imp.add_argument("file", help=t("interop.cli.import.file"))
    imp.add_argument("--dry-run", action="store_true", help=t("interop.cli.import.dry_run"))
    imp.add_argument("--yes", "-y", action="store_true", help=t("interop.cli.import.yes"))
    imp.add_argument("--duplicates", choices=["skip", "merge", "add"], default="skip",
                     help=t("interop.cli.import.duplicates"))
    imp.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD", help=t("interop.cli.import.map"))
    imp.add_argument("--format", choices=["vcard", "csv", "json"], help=t("interop.cli.import.format"))
    imp.add_argument("--problems", metavar="FILE", help=t("interop.cli.import.problems"))
    # --lang after the command too (`clientbook export --ics - --lang zh`): read by resolve_language
    # before parsing, so here it is only accepted.
    for command in commands.choices.values():
        command.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help=t("cli.opt.lang"))
    return parser


def book_path(args: argparse.Namespace) -> Book:
    """The book a command works on: the demo's, --db's (a file or a server's URL), config.toml's
    [book] url, else the rep's own file."""
    if args.demo:
        return paths.demo_book()
    if args.db:
        return book_at(args.db)
    url = config.load().book_url
    if url:
        return from_config(url)
    return paths.default_book()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    set_language(resolve_language(argv))
    args = build_parser().parse_args(argv)
    try:
        if args.command == "add":
            return cmd_add(args)
        if args.command == "log":
            return cmd_log(args)
        if args.command == "today":
            return cmd_today(args)
        if args.command == "report":
            return cmd_report(args)
        if args.command == "backup":
            return cmd_backup(args)
        if args.command == "export":
            return cmd_export(args)
        if args.command == "import":
            return cmd_import(args)
        if args.command == "restore":
            return cmd_restore(args)
        if args.command == "serve":
            from clientbook.cli_phone import cmd_serve

            return cmd_serve(args, _prepare_book)
        if args.command == "remind":
            from clientbook.cli_phone import cmd_remind

            return cmd_remind(args, _prepare_book)
        if args.command == "deal":
            from clientbook.cli_deals import cmd_deal

            return cmd_deal(args, _prepare_book)
        if args.command == "team":
            from clientbook.cli_team import cmd_team

            return cmd_team(args, book_path, _prepare_book)
        return cmd_tui(args)
    except BookError as exc:
        print(f"clientbook: {exc.message()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `clientbook today | head`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        # A full disk, a folder we may not write to, a damaged page met outside the Store:
        # one line like any BookError. Anything else is a bug and keeps its traceback.
        try:
            where = book_path(args)
        except BookError:   # a bad URL: already said, the error is elsewhere
            where = ""
        error = translate(exc, where)
        if error is None:
            raise
        print(f"clientbook: {error.message()}", file=sys.stderr)
        return 2


def _prepare_book(args: argparse.Namespace, reading: bool = False) -> Book:
    """Check (and create or upgrade) the book before anything else touches it. `reading`:
    the command only reads, so a read-only book of the latest version will do."""
    path = book_path(args)
    if args.demo:
        from clientbook.demo import build_demo_book

        build_demo_book(path, datetime.now())
    backup = prepare(path, reading=reading)
    if backup:
        print(t("book.upgraded", version=latest_version(), backup=backup), file=sys.stderr)
    return path


def cmd_tui(args: argparse.Namespace) -> int:
    path = _prepare_book(args)
    from clientbook.ui.app import run_app

    settings = config.load()
    ask = should_ask_name(settings, demo=args.demo, terminal=sys.stdin.isatty())
    if args.demo:  # the demo's rep has a name of its own; config.toml is left as it is
        from clientbook.demo import DEMO_REP_NAME

        settings.my_name = DEMO_REP_NAME
    return run_app(path, settings, ask_name=ask)


def should_ask_name(settings: config.Settings, *, demo: bool, terminal: bool) -> bool:
    """The first run asks the rep's name: never asked before (a skip counts as asked), not the
    demo (its rep has a name), and only with someone at the keyboard."""
    return settings.my_name is None and not demo and terminal


_CLI_FIELDS = ("name", "position", "level", "phones", "wechat", "emails", "nickname", "addresses", "urls", "birthday", "company", "title", "notes",
               "tags", "summary", "place", "when", "cost", "followup_when", "followup_what")


def _field_labels() -> dict[str, str]:
    """The form fields `add` and `log` fill, as the shell names them in an error."""
    return {name: t(f"cli.field.{name}") for name in _CLI_FIELDS}


def cmd_add(args: argparse.Namespace) -> int:
    from clientbook.domain.contacts import validate_contact
    from clientbook.services.contacts import ContactsService

    raw = {
        "name": args.name, "company": args.company, "title": args.title,
        "position": args.position or "", "phones": ",".join(args.phone), "wechat": args.wechat,
        "emails": ",".join(args.email), "nickname": args.nickname, "addresses": "\n".join(args.address),
        "urls": ",".join(args.url), "birthday": args.birthday, "level": args.level,
        "tags": " ".join(args.tag), "notes": args.note,
    }
    data, errors = validate_contact(raw)
    if errors:
        for field, error in errors.items():
            print(f"clientbook: {_field_labels().get(field, field)}: {error.message()}", file=sys.stderr)
        return 2
    with opened(_prepare_book(args), prepared=True) as book:
        contacts = ContactsService(book)
        existing = contacts.same_contact(data.name, data.company)
        if existing is not None and not args.force:
            print(t("cli.add.exists", name=data.name, company=data.company or "—", id=existing), file=sys.stderr)
            return 1
        try:
            contact_id = contacts.add_contact(data, datetime.now())
        except OwnedByAnother as owned:   # a team book: another rep has them (撞单)
            print(f"clientbook: {owned.message()}", file=sys.stderr)
            return 1
        print(t("cli.add.done", name=data.name, company=data.company or "—", id=contact_id))
        return 0


def _pick_one(store, name: str):
    """The one live contact a typed name means, or None after telling the user why not."""
    from clientbook.domain.text import clean_text

    name = clean_text(name)   # echoed below: no terminal escape typed or pasted goes back out
    matches = store.find_contacts(name)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        print(t("cli.no_match", name=name), file=sys.stderr)
    else:
        print(t("cli.ambiguous", name=name, count=len(matches)), file=sys.stderr)
        for row in matches[:20]:
            print(f"  #{row.id}  {row.name}  {row.company or '—'}  {row.title}", file=sys.stderr)
    return None


def cmd_log(args: argparse.Namespace) -> int:
    from clientbook.domain.dates import When, describe_when
    from clientbook.domain.interactions import parse_kind, validate_log
    from clientbook.domain.text import clean_text
    from clientbook.services.capture import CaptureService

    kind = parse_kind(args.kind)
    if kind is None:
        print(t("cli.log.bad_kind", kind=clean_text(args.kind)), file=sys.stderr)
        return 2
    follow_when, follow_what = "", ""
    if args.follow_up:
        if len(args.follow_up) > 2:
            print(t("cli.log.follow_up_usage"), file=sys.stderr)
            return 2
        follow_when = args.follow_up[0]
        follow_what = args.follow_up[1] if len(args.follow_up) > 1 else ""
    with writing_log(_prepare_book(args)) as book:
        capture = CaptureService(book)
        contact = _pick_one(capture, args.name)   # asks capture.find_contacts
        cc = [_pick_one(capture, name) for name in args.cc]
        if contact is None or None in cc:
            return 1
        now = datetime.now()
        raw = {"kind": kind.value, "summary": _note_text(args.note), "when": args.when, "place": args.place,
               "cost": args.cost, "followup_when": follow_when, "followup_what": follow_what,
               "promise": "0" if args.theirs else "1", "private": "1" if args.private else ""}
        data, errors = validate_log(raw, [contact.id], now, [c.id for c in cc])
        if errors:
            for field, error in errors.items():
                print(f"clientbook: {_field_labels().get(field, field)}: {error.message()}", file=sys.stderr)
            return 2
        capture.log_interaction(data, now)
        print(t("cli.log.done", kind=kind.label(), name=contact.name, when=data.occurred_at.strftime("%Y-%m-%d %H:%M")))
        if data.followup:
            due = describe_when(When(data.followup.due, data.followup.due_time), language())
            print(t("cli.log.followup_done", what=data.followup.what, due=due))
        return 0


def _note_text(note: str) -> str:
    """The note as typed, or for "-" read from standard input: a pasted e-mail in Chinese is
    longer than one shell argument may be (128 KiB). Read one character past the limit, so an
    over-long note is refused by the validator, not cut here."""
    if note != "-":
        return note
    from clientbook.domain.text import MAX_TEXT

    return sys.stdin.read(MAX_TEXT + 1)


def cmd_today(args: argparse.Namespace) -> int:
    from clientbook.services.today import agenda_json, agenda_text, collect_today

    with reading_today(_prepare_book(args, reading=True)) as book:
        today = collect_today(book, datetime.now(), config.load().cadence_days, with_gifts=True)
    if args.digest:
        from clientbook.services.today import agenda_markdown

        text = agenda_markdown(today)
        if args.out:
            _write_export(args.out, text.encode("utf-8"))
        else:
            sys.stdout.write(text)
    elif args.json:
        import json

        print(json.dumps(agenda_json(today), ensure_ascii=False, indent=2))
    else:
        print(agenda_text(today))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """The weekly or monthly report, read on plain sqlite3 as `clientbook today` is."""
    import json

    from clientbook.domain.insights import parse_period
    from clientbook.domain.insights_report import report_markdown, report_numbers
    from clientbook.services.insights import InsightsService

    today = datetime.now().date()
    try:
        period = parse_period(args.week, args.month, today)
    except ValueError:
        print(f"clientbook: {t('insights.cli.bad_period', value=args.week or args.month)}", file=sys.stderr)
        return 2
    with reading_today(_prepare_book(args, reading=True)) as book:
        data = InsightsService(book, config.load().cadence_days).report(period, today)
    text = (json.dumps(report_numbers(data), ensure_ascii=False, indent=2) + "\n" if args.json
            else report_markdown(data, language()))
    if args.out:
        Path(args.out).expanduser().write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from clientbook.services.backup import backup_book

    path = _prepare_book(args, reading=True)
    target = backup_book(path, datetime.now(), Path(args.path).expanduser() if args.path else None)
    print(t("backup.done", path=target) if target else t("team.access.backup.server", path=path))
    return 0


def _file_only(book: Book) -> Path:
    """Restores replace a book file; a team book is restored on its server (pg_restore)."""
    if not isinstance(book, Path):
        raise BookError("team.error.server_backups", path=book)
    return book


def cmd_restore(args: argparse.Namespace) -> int:
    from clientbook.services.backup import restore

    source = Path(args.path).expanduser()
    kept = restore(source, _file_only(book_path(args)), datetime.now())
    print(t("restore.done", source=source))
    if kept:
        print(t("restore.kept", path=kept))
    return 0


# ------------------------------------------------------------------ export
EXPORT_YEARS = 5
EXPORT_MAX_YEARS = 50


def _export_ics(interop, args: argparse.Namespace, now: datetime, target: str) -> tuple[bytes, str]:
    data, count = interop.ics(now, args.years, language())
    return data, t("giftui.cli.export.ics_done", count=count, path=target, years=args.years)


# `clientbook export --FORMAT FILE`: option name -> writer(interop, args, now, target) returning
# (the bytes to write, the line to print). A new format: its option in build_parser, its writer here.
def _export_vcf(interop, args: argparse.Namespace, now: datetime, target: str) -> tuple[bytes, str]:
    data, count = interop.vcard(version=args.vcard_version)
    return data, t("interop.cli.export.vcf_done", count=count, path=target, version=args.vcard_version)


def _export_csv(interop, args: argparse.Namespace, now: datetime, target: str) -> tuple[bytes, str]:
    data, count = interop.csv(language())
    return data, t("interop.cli.export.csv_done", count=count, path=target)


def _export_json(interop, args: argparse.Namespace, now: datetime, target: str) -> tuple[bytes, str]:
    data, dump = interop.json(now)
    tables = dump["tables"]
    return data, t("interop.cli.export.json_done", path=target, contacts=len(tables["contact"]),
                   companies=len(tables["company"]), rows=sum(len(rows) for rows in tables.values()))


EXPORTERS = {"ics": _export_ics, "vcf": _export_vcf, "csv": _export_csv, "json": _export_json}


def _write_export(target: str, data: bytes) -> None:
    """Write to FILE through a temporary file beside it (never half a file), or stdout for "-"."""
    if target == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from clientbook.services.interop import write_private

    path = Path(target).expanduser()
    try:
        write_private(path, data)
    except OSError as exc:
        raise BookError("giftui.cli.export.cannot_write", path=path, error=exc.strerror or exc) from None


def cmd_export(args: argparse.Namespace) -> int:
    chosen = [(name, getattr(args, name)) for name in EXPORTERS if getattr(args, name, None)]
    if not chosen:
        print(f"clientbook: {t('giftui.cli.export.no_format')}", file=sys.stderr)
        return 2
    if not 1 <= args.years <= EXPORT_MAX_YEARS:
        print(f"clientbook: {t('giftui.cli.export.bad_years', max=EXPORT_MAX_YEARS, value=args.years)}", file=sys.stderr)
        return 2
    from clientbook.services.interop import InteropService

    with opened(_prepare_book(args, reading=True), reading=True, prepared=True) as book:
        interop = InteropService(book)
        now = datetime.now()
        for name, target in chosen:
            data, message = EXPORTERS[name](interop, args, now, target)
            _write_export(target, data)
            print(message, file=sys.stderr if target == "-" else sys.stdout)
        return 0


# ------------------------------------------------------------------ import
def cmd_import(args: argparse.Namespace) -> int:
    """`clientbook import FILE`: the preview first; --dry-run stops there, --yes applies it."""
    from clientbook.services import interop

    source = interop.open_source(args.file, args.format)
    if args.map:
        if source.kind != interop.CSV:
            print(f"clientbook: {t('interop.error.map_not_csv')}", file=sys.stderr)
            return 2
        interop.apply_map_options(source, args.map)

    with opened(_prepare_book(args), prepared=True) as book:
        service = interop.InteropService(book)
        if source.kind == interop.JSON:
            return _import_book(service, source, args)
        preview = service.preview(source)
        try:
            return _import_preview(service, source, preview, args)
        finally:
            preview.close()


def _import_preview(service, source, preview, args: argparse.Namespace) -> int:
    from clientbook.domain.dedupe import COMPANY, DUPLICATE, NEW
    from clientbook.services import interop

    for line in interop.preview_lines(preview, source):
        print(line)
    if args.problems:
        path = Path(args.problems).expanduser()
        try:
            count = interop.write_problems(preview, source, path)
        except OSError as exc:
            raise BookError("giftui.cli.export.cannot_write", path=path, error=exc.strerror or exc) from None
        print(t("interop.cli.problems_written", count=count, path=path))
    if args.dry_run:
        print(t("interop.cli.dry_run_done"))
        return 0
    new, duplicates = preview.count(NEW) + preview.count(COMPANY), preview.count(DUPLICATE)
    if not new and not (duplicates and args.duplicates != "skip"):
        print(t("interop.cli.nothing"))
        return 0
    if not args.yes and not _confirm(t("interop.cli.confirm", new=new, duplicates=duplicates,
                                       choice=t(f"interop.choice.{args.duplicates}"))):
        return 1
    result = service.apply(preview, datetime.now(), default=args.duplicates)
    print(t("interop.cli.done", added=result.added, merged=result.merged, skipped=result.skipped,
            companies=result.companies))
    for line in interop.owned_lines(result):   # a team book: rows another rep has (撞单)
        print(line)
    return 0


def _import_book(service, source, args: argparse.Namespace) -> int:
    from clientbook.services import interop

    for line in interop.book_lines(source):
        print(line)
    if not service.is_empty():
        print(f"clientbook: {t('interop.error.not_empty')}", file=sys.stderr)
        return 2
    if args.dry_run:
        print(t("interop.cli.dry_run_done"))
        return 0
    if not args.yes and not _confirm(t("interop.cli.confirm_book")):
        return 1
    counts = service.load_book(source)
    print(t("interop.cli.book_done", contacts=counts.get("contact", 0), rows=sum(counts.values())))
    return 0


def _confirm(question: str) -> bool:
    """Ask on a terminal; anywhere else (a script, a pipe) nothing is written without --yes."""
    if not sys.stdin.isatty():
        print(t("interop.cli.needs_yes"), file=sys.stderr)
        return False
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes", "是", "好", "确定")
