"""domain/targets.py: the target relationship level by company grade × position (domain §4)."""

from __future__ import annotations

from clientbook.domain.enums import Grade, Level, Position
from clientbook.domain.targets import TargetCell, default_targets, next_level, target_for, targets_from_cells


def test_the_default_matrix_rises_with_grade_and_position():
    matrix = default_targets()
    assert len(matrix) == len(Grade) * len(Position)
    assert matrix[(Grade.A, Position.BOSS)] is Level.CONFIDANT          # the highest level
    assert min(matrix.values()) == matrix[(Grade.D, Position.CLERK)]    # the lowest
    grades, positions = list(Grade), list(Position)
    for grade, position in matrix:
        if grade is not Grade.D:   # a better grade never calls for less, nor a higher position
            assert matrix[(grade, position)] >= matrix[(grades[grades.index(grade) + 1], position)]
        if position is not Position.CLERK:
            assert matrix[(grade, position)] >= matrix[(grade, positions[positions.index(position) + 1])]


def test_the_target_and_the_gap_to_the_current_level():
    matrix = default_targets()
    target = target_for(matrix, "A", "manager", Level.FRIEND)
    assert target.level == matrix[(Grade.A, Position.MANAGER)]
    assert target.gap == int(target.level) - 2 and target.below
    reached = target_for(matrix, Grade.A, Position.MANAGER, target.level)
    assert reached.gap == 0 and not reached.below
    above = target_for(matrix, "D", "clerk", Level.CONFIDANT)
    assert above.gap < 0 and not above.below


def test_an_unknown_grade_counts_as_c_and_an_unknown_position_as_staff():
    matrix = default_targets()
    assert target_for(matrix, None, None, 0).level == matrix[(Grade.C, Position.STAFF)]
    assert target_for(matrix, "", "chef", 0).level == matrix[(Grade.C, Position.STAFF)]
    assert target_for(matrix, "b", "BOSS", 0).level == matrix[(Grade.B, Position.BOSS)]


def test_edited_cells_apply_over_the_defaults():
    edited = targets_from_cells([TargetCell(Grade.D, Position.BOSS, Level.BROTHER)])
    assert edited[(Grade.D, Position.BOSS)] is Level.BROTHER
    assert {k: v for k, v in edited.items() if k != (Grade.D, Position.BOSS)} == {
        k: v for k, v in default_targets().items() if k != (Grade.D, Position.BOSS)}
    assert targets_from_cells([]) == default_targets()


def test_a_cell_cycles_through_every_level_and_wraps():
    assert next_level(Level.FRIEND, 1) is Level.GOOD_FRIEND
    assert next_level(Level.CONFIDANT, 1) is Level.STRANGER
    assert next_level(Level.STRANGER, -1) is Level.CONFIDANT
