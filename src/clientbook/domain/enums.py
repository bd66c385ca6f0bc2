"""The vocabulary of domain.md §2–§4, with names in both languages."""

from __future__ import annotations

from enum import Enum, IntEnum

from clientbook.i18n import t


class Grade(str, Enum):
    """Company grade by contribution (domain §2): A develop hard … D drop."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"

    def label(self, lang: str | None = None) -> str:
        return t(f"grade.{self.value}", lang=lang)


class Position(str, Enum):
    """A contact's position tier (domain §3), highest first."""

    BOSS = "boss"
    MANAGER = "manager"
    STAFF = "staff"
    CLERK = "clerk"

    def label(self, lang: str | None = None) -> str:
        return t(f"position.{self.value}", lang=lang)

    @property
    def rank(self) -> int:
        return list(Position).index(self)


class Level(IntEnum):
    """Relationship level (domain §4), 陌生 0 … 死党 6."""

    STRANGER = 0
    ACQUAINTED = 1
    FRIEND = 2
    GOOD_FRIEND = 3
    BROTHER = 4
    CLOSE_BROTHER = 5
    CONFIDANT = 6

    def label(self, lang: str | None = None) -> str:
        return t(f"level.{int(self)}", lang=lang)


def as_grade(grade: Grade | str | None) -> Grade:
    """A grade, unknown (None, blank, anything else) counted as C."""
    if isinstance(grade, Grade):
        return grade
    try:
        return Grade(str(grade).strip().upper())
    except ValueError:
        return Grade.C


def as_position(position: Position | str | None) -> Position:
    """A position, unknown (None, blank, anything else) counted as staff."""
    if isinstance(position, Position):
        return position
    try:
        return Position(str(position).strip().lower())
    except ValueError:
        return Position.STAFF


# The keys are built from enum values above; listed here so the catalog check sees them used.
ENUM_MESSAGE_KEYS = (
    [f"grade.{g.value}" for g in Grade]
    + [f"position.{p.value}" for p in Position]
    + [f"level.{int(lv)}" for lv in Level]
)
