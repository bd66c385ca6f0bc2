"""`clientbook team handover|claim|pool|recycle`: the team book's work from the shell, through
services/team.py only. cli_team.py adds these under `clientbook team` (add_commands, HANDLERS);
a problem is one line on stderr and a non-zero exit (1: nothing matched or nothing to do, 2: bad
input or a book error)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from clientbook.i18n import t


def add_commands(actions) -> None:
    handover = actions.add_parser("handover", help=t("team.work.cli.handover.help"),
                                  description=t("team.work.cli.handover.help"))
    handover.add_argument("source", metavar="FROM", help=t("team.work.cli.from"))
    handover.add_argument("target", metavar="TO", help=t("team.work.cli.to"))
    handover.add_argument("--company", help=t("team.work.cli.company"))

    claim = actions.add_parser("claim", help=t("team.work.cli.claim.help"), description=t("team.work.cli.claim.help"))
    claim.add_argument("name", help=t("team.work.cli.claim.name"))

    pool = actions.add_parser("pool", help=t("team.work.cli.pool.help"), description=t("team.work.cli.pool.help"))
    pool.add_argument("--json", action="store_true", help=t("team.work.cli.json"))

    recycle = actions.add_parser("recycle", help=t("team.work.cli.recycle.help"),
                                 description=t("team.work.cli.recycle.help"))
    recycle.add_argument("grade", nargs="?", metavar="GRADE", help=t("team.work.cli.recycle.grade"))
    recycle.add_argument("days", nargs="?", metavar="DAYS|never", help=t("team.work.cli.recycle.days"))


def _run(work, reading: bool = False, team_only: bool = True):
    def handler(args: argparse.Namespace, prepare_book) -> int:
        from clientbook.services.book import opened
        from clientbook.services.team import TeamService

        with opened(prepare_book(args, reading=reading), reading=reading, prepared=True) as book:
            team = TeamService(book)
            if team_only and not team.is_team():
                print(f"clientbook: {t('team.work.cli.solo')}", file=sys.stderr)
                return 1
            return work(team, book, args)
    return handler


def _safe(text: str) -> str:
    from clientbook.domain.text import clean_text

    return " ".join(clean_text(text).split())   # echoed back: no terminal escape goes out


def _handover(team, book, args) -> int:
    from clientbook.cli_deals import _company
    from clientbook.services.contacts import ContactsService
    from clientbook.services.team import rep_label

    source, target = team.find_rep(args.source), team.find_rep(args.target)
    company_id = None
    if args.company:
        company = _company(ContactsService(book), args.company)
        if company is None:
            return 1
        company_id = company.id
    handed = team.handover(source.id, target.id, datetime.now(), company_id)
    if not (handed.companies or handed.contacts or handed.followups):
        print(t("team.work.cli.nothing_handed", source=rep_label(source)))
        return 1
    print(t("team.work.cli.handed", source=rep_label(source), target=rep_label(target), companies=handed.companies,
            contacts=handed.contacts, followups=handed.followups))
    return 0


def _claim(team, book, args) -> int:
    from clientbook.cli_deals import _the_one

    now = datetime.now()
    wanted = "".join(args.name.split()).casefold()
    pooled = [item for item in team.pool(now) if wanted in "".join(item.name.split()).casefold()]
    item = _the_one(pooled, [i for i in pooled if "".join(i.name.split()).casefold() == wanted],
                    t("team.work.cli.no_match", name=_safe(args.name)), t("team.work.cli.ambiguous", name=_safe(args.name)),
                    _pool_line)
    if item is None:
        return 1
    claimed = team.claim(item.kind, item.id, item.name, now)
    people = claimed.contacts if item.kind == "company" else 0
    print(t("team.work.cli.claimed_people", name=item.name, count=people) if people
          else t("team.work.cli.claimed", name=item.name))
    return 0


def _pool_line(item) -> str:
    days = t("team.work.never_contacted") if item.days is None else t("team.work.days_ago", days=item.days)
    name = item.name + (f" {t('team.ui.pool.company_mark')}" if item.kind == "company" else
                        (f"  {item.company}" if item.company else ""))
    return f"{name}  [{item.grade or '—'}]  {days}  {item.previous_owner or '—'}"


def _pool(team, _book, args) -> int:
    items = team.pool(datetime.now())
    if args.json:
        import json
        from dataclasses import asdict

        print(json.dumps([asdict(item) for item in items], ensure_ascii=False, indent=2))
        return 0
    if not items:
        print(t("team.work.cli.pool_empty"))
        return 0
    for item in items:
        print(_pool_line(item))
    print(t("team.work.cli.pool_count", count=len(items)))
    return 0


def days_text(days: int | None) -> str:
    return t("team.work.never") if days is None else t("team.work.days", days=days)


def _recycle(team, _book, args) -> int:
    if args.grade is None:
        for grade, days in team.recycle_rules().items():
            print(t("team.work.cli.rule", grade=grade, days=days_text(days)))
        return 0
    if args.days is None:
        print(f"clientbook: {t('argparse.required') % 'DAYS|never'}", file=sys.stderr)
        return 2
    grade, days = team.set_recycle(args.grade, args.days)
    print(t("team.work.cli.rule_set", grade=grade, days=days_text(days)))
    return 0


HANDLERS = {
    "handover": _run(_handover),
    "claim": _run(_claim),
    "pool": _run(_pool, reading=True),
    "recycle": _run(_recycle, team_only=False),
}
