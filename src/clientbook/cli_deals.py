"""`clientbook deal …`: list, add, move and show deals from the shell, and write a deal's memo of
terms or review. Through services/deals.py only; a problem is one line on stderr and a non-zero
exit (1: nothing matched, 2: bad input or a book error)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from datetime import date, datetime
from enum import Enum

from clientbook.i18n import language, t


def add_parser(commands) -> None:
    deal = commands.add_parser("deal", help=t("deals.cli.help"), description=t("deals.cli.help"))
    actions = deal.add_subparsers(dest="deal_command", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help=t("deals.cli.list.help"), description=t("deals.cli.list.help"))
    listing.add_argument("--grade", choices=["A", "B", "C", "D"], help=t("deals.cli.opt.grade"))
    listing.add_argument("--owner", help=t("deals.cli.opt.owner"))
    listing.add_argument("--stage", help=t("deals.cli.opt.stage_filter"))
    listing.add_argument("--json", action="store_true", help=t("deals.cli.opt.json"))

    add = actions.add_parser("add", help=t("deals.cli.add.help"), description=t("deals.cli.add.help"))
    add.add_argument("title", help=t("deals.cli.add.title"))
    add.add_argument("--company", required=True, help=t("deals.cli.add.company"))
    add.add_argument("--stage", default="", help=t("deals.cli.opt.stage"))
    add.add_argument("--value", default="", help=t("deals.cli.add.value"))
    add.add_argument("--close", default="", help=t("deals.cli.add.close"))
    add.add_argument("--owner", default="", help=t("deals.cli.opt.owner"))
    add.add_argument("--json", action="store_true", help=t("deals.cli.opt.json"))

    move = actions.add_parser("move", help=t("deals.cli.move.help"), description=t("deals.cli.move.help"))
    move.add_argument("deal", help=t("deals.cli.opt.deal"))
    move.add_argument("stage", help=t("deals.cli.opt.stage"))
    move.add_argument("--note", default="", help=t("deals.cli.move.note"))

    show = actions.add_parser("show", help=t("deals.cli.show.help"), description=t("deals.cli.show.help"))
    show.add_argument("deal", help=t("deals.cli.opt.deal"))
    show.add_argument("--json", action="store_true", help=t("deals.cli.opt.json"))

    for name in ("memo", "review"):
        text = actions.add_parser(name, help=t(f"deals.cli.{name}.help"), description=t(f"deals.cli.{name}.help"))
        text.add_argument("deal", help=t("deals.cli.opt.deal"))
        text.add_argument("--out", metavar="FILE", help=t("deals.cli.opt.out"))
    for command in actions.choices.values():   # as on every command: read before parsing (cli.resolve_language)
        command.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help=t("cli.opt.lang"))


READING = ("list", "show", "memo", "review")   # these only read: a read-only book will do


def cmd_deal(args: argparse.Namespace, prepare_book) -> int:
    """`prepare_book(args, reading=…)`: cli.py's check of the book before a command opens it."""
    from clientbook.services.book import opened
    from clientbook.services.deals import DealsService

    reading = args.deal_command in READING
    with opened(prepare_book(args, reading=reading), reading=reading, prepared=True) as book:
        deals = DealsService(book)
        return _COMMANDS[args.deal_command](deals, book, args)


def _plain(value):
    """A view as JSON values: dates in ISO form, enums (and enum keys) as their values."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _print_json(value) -> None:
    import json

    print(json.dumps(_plain(value), ensure_ascii=False, indent=2))


def _list(deals, _book, args) -> int:
    view = deals.pipeline(date.today(), grade=args.grade, owner=args.owner)
    stage = _stage_key(deals, args.stage) if args.stage else None
    if args.stage and stage is None:
        return 2
    rows = [row for column in view.columns if stage in (None, column.stage.key) for row in column.deals]
    if args.json:
        _print_json([asdict(row) for row in rows])
        return 0
    from clientbook.domain.money import money_text

    for row in rows:
        flags = (" ⚠" * bool(row.warnings)) + (f" {t('deals.cli.late')}" if row.late else "")
        close = row.expected_close.isoformat() if row.expected_close else "—"
        print(f"#{row.id}  {row.title}  {row.company}  [{row.stage_label}]  {money_text(row.value)}  "
              f"{close}  {row.owner or '—'}{flags}")
    m = view.measures
    days = "—" if m.days_to_sign is None else f"{m.days_to_sign:.0f}"
    print(t("deals.cli.measures", count=len(rows), won=m.won, lost=m.lost, days=days))
    return 0


def _stage_key(deals, text: str) -> str | None:
    """The stage a typed key or name means (either language, case aside); None after saying so."""
    wanted = " ".join(text.split()).casefold()
    for stage in deals.stages():
        names = {stage.key, stage.label, stage.name} | ({_label(stage, lang) for lang in ("en", "zh")})
        if wanted in {n.casefold() for n in names if n}:
            return stage.key
    print(f"clientbook: {t('deals.error.no_stage', stage=_safe(text))}", file=sys.stderr)
    print(t("deals.cli.stages", stages=", ".join(f"{s.key} ({s.label})" for s in deals.stages())), file=sys.stderr)
    return None


def _label(stage, lang: str) -> str:
    return stage.name or t(f"deals.stage.{stage.key}", lang=lang)


def _safe(text: str) -> str:
    from clientbook.domain.text import clean_text

    return " ".join(clean_text(text).split())   # echoed back: no terminal escape goes out


def _add(deals, book, args) -> int:
    from clientbook.domain.dates import DateParseError, parse_when
    from clientbook.domain.deals import DealInput
    from clientbook.domain.money import parse_money
    from clientbook.services.contacts import ContactsService

    now = datetime.now()
    try:
        value = parse_money(args.value)
    except ValueError:
        print(f"clientbook: {t('deals.cli.bad_value', value=_safe(args.value))}", file=sys.stderr)
        return 2
    try:
        close = parse_when(args.close, now).day if args.close.strip() else None
    except DateParseError as error:
        print(f"clientbook: {error.message(language())}", file=sys.stderr)
        return 2
    company = _company(ContactsService(book), args.company)
    if company is None:
        return 1
    stage = _stage_key(deals, args.stage) if args.stage else deals.stages()[0].key
    if stage is None:
        return 2
    deal_id = deals.add_deal(DealInput(args.title, company.id, stage=stage, value=value, expected_close=close,
                                       owner=args.owner), now)
    if args.json:
        _print_json({"id": deal_id, "company_id": company.id, "stage": stage})
    else:
        print(t("deals.cli.added", title=" ".join(args.title.split()), company=company.name, id=deal_id))
    return 0


def _the_one(found, exact, nothing: str, several: str, line):
    """The record meant: the only exact match, else the only one found; None after saying why
    not on stderr (nothing matched, or the candidates, one `line` each)."""
    if len(exact) == 1 or (not exact and len(found) == 1):
        return (exact or found)[0]
    print(f"clientbook: {several if found else nothing}", file=sys.stderr)
    for record in found[:20]:
        print(f"  {line(record)}", file=sys.stderr)
    return None


def _company(contacts, name: str):
    """The live company a typed name means: the same name (case and spaces aside), else the
    only one whose name holds it."""
    wanted = "".join(name.split()).casefold()
    found = contacts.company_list(name.strip())
    return _the_one(found, [c for c in found if "".join(c.name.split()).casefold() == wanted],
                    t("deals.cli.no_company", name=_safe(name)), t("deals.cli.which_company", name=_safe(name)),
                    lambda company: company.name)


def _one_deal(deals, text: str):
    """The one live deal `text` means (its id, #id, or words of its title or company)."""
    found = deals.find_deals(text, date.today())
    return _the_one(found, [row for row in found if row.title == text.strip()],
                    t("deals.cli.no_deal", text=_safe(text)),
                    t("deals.cli.which_deal", text=_safe(text), count=len(found)),
                    lambda row: f"#{row.id}  {row.title}  {row.company}  [{row.stage_label}]")


def _move(deals, _book, args) -> int:
    row = _one_deal(deals, args.deal)
    if row is None:
        return 1
    stage = _stage_key(deals, args.stage)
    if stage is None:
        return 2
    now = datetime.now()
    if not deals.move_stage(row.id, stage, now, note=args.note):
        print(t("deals.cli.already", title=row.title, stage=row.stage_label))
        return 0
    page = deals.deal_page(row.id, now.date())
    print(t("deals.cli.moved", title=row.title, before=row.stage_label, after=page.deal.stage_label))
    if page.deal.stage_meaning == "verbal" and page.people:
        print(t("deals.cli.sign_followup"))
    return 0


def _show(deals, _book, args) -> int:
    row = _one_deal(deals, args.deal)
    if row is None:
        return 1
    page = deals.deal_page(row.id, date.today())
    if args.json:
        data = asdict(page)
        data["moves"] = [dict(asdict(m.move), warnings=[w.message() for w in m.warnings]) for m in page.moves]
        data["conditions"] = [dict(asdict(c.condition), crossed=c.crossed, text=c.condition.text())
                              for c in page.conditions]
        data["timeline"] = [dict(asdict(item), warnings=[w.message() for w in item.warnings]) for item in page.timeline]
        data["warnings"] = [w.message() for w in page.warnings]
        _print_json(data)
        return 0
    from clientbook.domain.money import money_text

    d = page.deal
    print(f"#{d.id}  {d.title}  {d.company}" + (f" ({d.grade})" if d.grade else ""))
    print(t("deals.cli.show.line", stage=d.stage_label, value=money_text(d.value),
            close=d.expected_close.isoformat() if d.expected_close else "—", owner=d.owner or "—"))
    for person in page.people:
        from clientbook.domain.deals import DealRole

        role = DealRole(person.role).label() if person.role else "—"
        print(f"  {person.name}  {person.title}  [{role}]")
    for condition in page.conditions:
        print(f"  {'⚠' if condition.crossed else '·'} {condition.condition.text()}")
    for warning in page.warnings:
        print(f"⚠ {warning.message()}")
    for item in page.timeline[:10]:
        print(f"  {item.at.date().isoformat()}  {_entry(item)}" + "".join(f" ⚠ {w.message()}" for w in item.warnings))
    return 0


def _entry(item) -> str:
    """A timeline entry with what it is: "Stage: Verbal agreement", "Our concession: 降价 3%"."""
    from clientbook.domain.interactions import Kind

    if item.kind == "move":
        return t(f"deals.md.{item.side}.{item.subtype}", what=item.text)
    if item.kind == "interaction" and item.subtype in Kind._value2member_map_:
        label = Kind(item.subtype).label()
    else:
        label = t(f"deals.md.{item.kind}_event")
    return t("deals.md.field", label=label, value=item.text)


def _markdown(kind: str):
    def command(deals, _book, args) -> int:
        row = _one_deal(deals, args.deal)
        if row is None:
            return 1
        from clientbook.cli import _write_export   # the one way a command writes a file (or stdout)

        text = getattr(deals, kind)(row.id, language(), date.today())
        _write_export(args.out or "-", text.encode("utf-8"))
        if args.out and args.out != "-":
            print(t("deals.cli.written", path=args.out))
        return 0
    return command


_COMMANDS = {"list": _list, "add": _add, "move": _move, "show": _show,
             "memo": _markdown("memo"), "review": _markdown("review")}
