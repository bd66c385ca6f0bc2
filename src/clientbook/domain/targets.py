"""The target relationship level (domain §4): the level a contact should reach, by company grade
× position tier, and the gap between it and where the relationship is now. The matrix is kept as
the gift policy is: a default grid, and the rep's edited cells over it. An unknown grade counts as
C and an unknown position as staff, as in the gift policy (domain.enums.as_grade)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from clientbook.domain.enums import Grade, Level, Position, as_grade, as_position

TargetMatrix = dict[tuple[Grade, Position], Level]

# Per grade, one level per position (boss, manager, staff, clerk): an A company's boss deserves
# the highest level, a D company's clerk the lowest (domain §4); effort follows the grade (§2).
_DEFAULTS: dict[Grade, tuple[int, int, int, int]] = {
    Grade.A: (6, 5, 4, 3),
    Grade.B: (5, 4, 3, 2),
    Grade.C: (3, 2, 2, 1),
    Grade.D: (1, 1, 0, 0),
}

# The grades whose people below target Today lists: the top 20% a rep develops and maintains (§2).
TODAY_GRADES = (Grade.A, Grade.B)


@dataclass(frozen=True)
class TargetCell:
    """One edited cell of the matrix."""

    grade: Grade
    position: Position
    level: Level


@dataclass(frozen=True)
class Target:
    """Where a relationship should be and how far it is from there."""

    level: Level
    gap: int          # target − current: above 0 the relationship is below target

    @property
    def below(self) -> bool:
        return self.gap > 0


def default_targets() -> TargetMatrix:
    """The default matrix:

        grade  boss  manager  staff  clerk
        A      6     5        4      3
        B      5     4        3      2
        C      3     2        2      1
        D      1     1        0      0
    """
    return {(grade, position): Level(level)
            for grade, row in _DEFAULTS.items() for position, level in zip(Position, row, strict=True)}


def targets_from_cells(cells: Iterable[TargetCell], base: Mapping[tuple[Grade, Position], Level] | None = None
                       ) -> TargetMatrix:
    """Edited cells applied over `base` (default: the default matrix)."""
    matrix = dict(default_targets() if base is None else base)
    for cell in cells:
        matrix[(cell.grade, cell.position)] = cell.level
    return matrix


def target_for(matrix: Mapping[tuple[Grade, Position], Level], grade: Grade | str | None,
               position: Position | str | None, current: int) -> Target:
    """The target level for this grade and position, and the gap from `current` to it."""
    level = matrix.get((as_grade(grade), as_position(position)), Level.STRANGER)
    return Target(level, int(level) - int(current))


def next_level(level: Level, step: int) -> Level:
    """The level one step up (step 1) or down (step -1), wrapping round: how a cell is cycled."""
    return Level((int(level) + step) % len(Level))
