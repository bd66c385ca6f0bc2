"""The CSV export's formula guard: a cell Excel would run as a formula (= + - @, or a tab or a
carriage return in front) is written with an apostrophe, and the import takes it off again."""

from __future__ import annotations

import csv
import io

import pytest

from clientbook.domain.csv_import import contacts_csv, guess_mapping, read_rows, read_table


@pytest.mark.parametrize("note", ["\t=HYPERLINK(\"http://x\")", "\r=cmd|' /C calc'!A0", "\t@SUM(1)", "=1+1"])
def test_a_cell_starting_with_a_formula_tab_or_return_is_kept_text(note):
    data = contacts_csv([{"name": "王五", "notes": note, "title": note}], "en")
    header, row = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    cells = dict(zip(header, row))
    assert cells["Notes"] == "'" + note and cells["Title"] == "'" + note

    table = read_table(data)
    [raw] = [r.raw for r in read_rows(table, guess_mapping(table.headers))]
    # Read back as typed, the guard taken off (and the outer spaces, as every cell's).
    assert raw["notes"] == note.strip() and raw["title"] == note.strip()
