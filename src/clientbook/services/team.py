"""The team book: its reps, handover (离职继承), the pool (公海) with its recycle periods, claims,
what came in, and dedupe across the team (撞单). The one door the `clientbook team` commands,
the Pool screen, Today's "came in" and the owner shown on a contact's or company's page ask
through. On a solo book (one rep, SQLite) nothing about owners or the pool is shown anywhere."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from clientbook.domain.team import CAME_IN_DAYS, GRADES, days_since, parse_grade, parse_recycle_days
from clientbook.errors import OwnedByAnother, TeamError
from clientbook.i18n import t
from clientbook.store.team import Handed, OwnerMove, RepRow  # noqa: F401  (views of this door)

MAX_REP_NAME = 40


@dataclass(frozen=True)
class PoolItem:
    kind: str                    # "contact" | "company"
    id: int
    name: str
    company: str
    grade: str | None
    days: int | None             # since the last contact; None: never contacted
    previous_owner: str          # the rep it was recycled from; "" when nobody's


@dataclass(frozen=True)
class CameIn:
    kind: str                    # "contact" | "company"
    id: int
    name: str
    company: str
    from_rep: str
    at: datetime


@dataclass(frozen=True)
class Claimed:
    name: str
    contacts: int                # the contacts claimed (a company's pooled people included)


def rep_label(rep: RepRow | None) -> str:
    """A rep as shown: their name; the solo book's unnamed rep is "me"; none: the pool."""
    return t("team.ui.pool_owner") if rep is None else name_shown(rep.name)


def name_shown(name: str) -> str:
    """A rep's name as shown: the solo book's unnamed rep 1 is "me"."""
    return name or t("team.ui.me")


def move_text(reason: str, from_rep: str | None, to_rep: str | None) -> str:
    """An owner move as its timeline says it: "handed over from 王芳 to 李雷". A rep's name as the
    store gives it ("" the unnamed rep 1, None the pool)."""
    def shown(name: str | None) -> str:
        return t("team.ui.pool_owner") if name is None else name_shown(name)

    return t(f"team.ui.timeline.{reason}", source=shown(from_rep), target=shown(to_rep))


class TeamService:
    def __init__(self, store) -> None:
        self._store = store

    @property
    def _team(self):
        return self._store.team

    # ------------------------------------------------------------ who
    def reps(self) -> tuple[RepRow, ...]:
        return tuple(self._team.reps())

    def me(self) -> int:
        return self._team.me()

    def is_team(self) -> bool:
        """More than one rep, or a PostgreSQL book: owners and the pool are shown."""
        return self._team.is_team()

    def rep_name(self, rep_id: int | None) -> str:
        return rep_label(next((r for r in self.reps() if r.id == rep_id), None))

    def find_rep(self, text: str) -> RepRow:
        """The rep a typed name means (case and spaces aside), "#id", or "me"; TeamError if none."""
        wanted = " ".join(text.split()).casefold()
        reps = self.reps()
        if wanted in ("me", "我", "") or wanted.lstrip("#").isdigit():
            rep_id = self.me() if wanted in ("me", "我", "") else int(wanted.lstrip("#"))
            found = next((r for r in reps if r.id == rep_id), None)
        else:
            found = next((r for r in reps if " ".join(r.name.split()).casefold() == wanted), None)
        if found is None:
            raise TeamError("team.work.error.no_rep", name=text, reps=", ".join(rep_label(r) for r in reps))
        return found

    def add_rep(self, name: str, now: datetime) -> int:
        """A rep as a row of the book (their PostgreSQL role is `clientbook team add-rep`'s)."""
        from clientbook.domain.text import clean_text

        name = " ".join(clean_text(name).split())
        if not name or len(name) > MAX_REP_NAME:
            raise TeamError("team.work.error.rep_name", max=MAX_REP_NAME)
        if any(" ".join(r.name.split()).casefold() == name.casefold() for r in self.reps()):
            raise TeamError("team.work.error.rep_exists", name=name)
        return self._team.add_rep(name, now)

    def owner_id(self, *, contact_id: int | None = None, company_id: int | None = None) -> int | None:
        return self._team.owners(contact_id=contact_id, company_id=company_id)

    def owner_of(self, *, contact_id: int | None = None, company_id: int | None = None) -> str | None:
        """Who owns it, as shown on its page; None on a solo book (nothing about owners is shown)."""
        if not self.is_team():
            return None
        return self.rep_name(self._team.owners(contact_id=contact_id, company_id=company_id))

    def company_moves(self, company_id: int) -> tuple:
        """A company's owner moves, newest first, as timeline entries (store.capture_views.TimelineEntry)."""
        return tuple(self._team.owner_timeline(company_id=company_id))

    # ------------------------------------------------------------ handover
    def handover(self, from_rep: int, to_rep: int, now: datetime, company_id: int | None = None) -> Handed:
        if from_rep == to_rep:
            raise TeamError("team.work.error.same_rep")
        to = next((r for r in self.reps() if r.id == to_rep), None)
        if to is None or not to.active:
            raise TeamError("team.work.error.inactive", name=rep_label(to))
        return self._team.handover(from_rep, to_rep, now, company_id)

    # ------------------------------------------------------------ the pool
    def recycle_rules(self) -> dict[str, int | None]:
        rules = self._team.recycle_rules()
        return {grade: rules.get(grade) for grade in GRADES}

    def set_recycle(self, grade_text: str, days_text: str) -> tuple[str, int | None]:
        """A grade's recycle period from what was typed; TeamError when either is not one."""
        grade = parse_grade(grade_text)
        if grade is None:
            raise TeamError("team.work.error.grade", grade=grade_text, grades="/".join(GRADES))
        days, error = parse_recycle_days(days_text)
        if error is not None:
            raise TeamError("team.work.error.field", problem=error)
        self._team.set_recycle_days(grade, days)
        return grade, days

    def pool(self, now: datetime) -> tuple[PoolItem, ...]:
        names = {r.id: r for r in self.reps()}
        return tuple(PoolItem(row.kind, row.id, row.name, row.company, row.grade, days_since(row.last_contact, now),
                              rep_label(names[row.owner_id]) if row.owner_id in names else "")
                     for row in self._team.pool(now))

    def claim(self, kind: str, row_id: int, name: str, now: datetime) -> Claimed:
        """Make a pooled contact or company mine (a company with its pooled people); TeamError
        when it is not in the pool (someone kept it, or another rep claimed it first)."""
        if not self._team.in_pool(kind, row_id, now):
            raise TeamError("team.work.error.not_pooled", name=name)
        return Claimed(name, len(self._team.claim(kind, row_id, now)))

    # ------------------------------------------------------------ the log
    def came_in(self, now: datetime) -> tuple[CameIn, ...]:
        """What was handed over to me in the last CAME_IN_DAYS days (Today); nothing on a solo book."""
        if not self.is_team():
            return ()
        moves = self._team.came_in(self.me(), now - timedelta(days=CAME_IN_DAYS))
        return tuple(CameIn(m.kind, m.id, m.name, m.company, self.rep_name(m.from_rep_id), m.at) for m in moves)

    # ------------------------------------------------------------ dedupe across the team
    def check_not_owned_elsewhere(self, data) -> None:
        """Raise OwnedByAnother when another rep owns a contact with this mobile or WeChat id
        (domain/dedupe.py's keys); on a solo book nothing is checked."""
        from clientbook.domain.contact_card import is_personal_phone
        from clientbook.domain.dedupe import phone_key, wechat_key

        if not self.is_team():
            return
        phones = {key for p in data.phones if is_personal_phone(p) and (key := phone_key(p.value))}
        found = self._team.owned_elsewhere(phones, wechat_key(data.wechat), self.me())
        if found is not None:
            raise OwnedByAnother(self.rep_name(found.owner_id), found.name, found.contact_id, found.reason)
