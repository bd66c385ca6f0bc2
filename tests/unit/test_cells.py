"""Text in terminal cells (domain/cells.py, ui/widgets/tables.py): where a line may break under
the Chinese rules, and cutting to a width with "…" on a whole character."""

from __future__ import annotations

import io
import random

import pytest
from rich._wrap import divide_line
from rich.cells import cell_len
from rich.console import Console

from clientbook.domain.cells import NO_LINE_END, NO_LINE_START, fit, line_breaks
from clientbook.ui.widgets.tables import CutText, column_widths


def wrapped(text: str, width: int) -> list[str]:
    cuts = [0, *line_breaks(text, width), len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


def assert_kinsoku(lines: list[str], width: int) -> None:
    for line in lines:
        assert cell_len(line.rstrip()) <= width, lines
    for line in lines[1:]:
        assert line[0] not in NO_LINE_START, lines
    for line in lines[:-1]:
        assert line.rstrip()[-1] not in NO_LINE_END, lines


CHINESE = "我方领导坐主位（0号），主宾坐其右手，我坐上菜位。王建国：“痛风”（海鲜），但计划的是潮汕牛肉火锅。"


@pytest.mark.parametrize("width", range(6, 40))  # narrower than "号），" it must fold anyway
def test_chinese_never_starts_a_line_with_closing_punctuation(width):
    lines = wrapped(CHINESE, width)
    assert "".join(lines) == CHINESE
    assert_kinsoku(lines, width)


def test_a_chinese_line_breaks_between_characters_and_keeps_punctuation_behind():
    # "，" would have started the third line at 12 cells: 其 goes down with it instead.
    assert wrapped("主宾坐其右手，我坐上菜位。", 12) == ["主宾坐其右", "手，我坐上菜", "位。"]
    assert wrapped("（0号）在左", 6) == ["（0", "号）在", "左"]
    # an opening bracket goes down with what it opens
    assert wrapped("计划的是（潮汕）", 10) == ["计划的是", "（潮汕）"]


def test_ascii_punctuation_touching_chinese_stays_with_it():
    assert wrapped("请在周五前发过去,谢谢!(急)", 16) == ["请在周五前发过", "去,谢谢!(急)"]
    assert wrapped("请在周五前(急)发", 12) == ["请在周五前", "(急)发"]


def test_mixed_text_breaks_at_spaces_and_between_chinese_characters():
    text = "拜访 Huawei 采购部 2026-12-03 之后，报价 N+1 dishes。"
    for width in range(8, 30):
        lines = wrapped(text, width)
        assert "".join(lines) == text
        assert_kinsoku(lines, width)
        assert not any("N+1" not in line and "N+" in line for line in lines)  # a word is not split


def test_markup_looking_text_is_just_text():
    text = "[bold]张三[/bold]：[VIP] 客户，[link=x]看[/link]。"
    for width in range(16, 40):  # "[/bold]：[VIP] " holds together: 15 cells
        lines = wrapped(text, width)
        assert "".join(lines) == text
        assert_kinsoku(lines, width)


def test_emoji_and_joined_emoji_are_never_split():
    family = "👨\u200d👩\u200d👧"
    text = f"生日快乐🎂！{family}全家👍，好。"
    for width in range(2, 20):
        lines = wrapped(text, width)
        assert "".join(lines) == text
        assert not any(line.startswith("\u200d") or line.endswith("\u200d") for line in lines)
        if width >= 4:  # "🎂！" holds together
            assert_kinsoku(lines, width)


def test_english_wraps_exactly_as_rich_does():
    rng = random.Random(13)
    for _ in range(3000):
        text = "".join(rng.choice("ab cd efg  \t.,!?()-") for _ in range(rng.randint(0, 50)))
        width = rng.randint(1, 20)
        for fold in (True, False):
            assert line_breaks(text, width, fold) == divide_line(text, width, fold), (text, width, fold)


def test_fit_cuts_on_a_whole_character_with_an_ellipsis():
    assert fit("张总提到下周内部评审", 9) == "张总提到…"
    assert fit("张总提到下周内部评审", 10) == "张总提到…"  # not half of 下
    assert fit("abc", 3) == "abc"
    assert fit("a华为", 4) == "a华…"
    assert fit("👍👍👍", 5) == "👍👍…"
    for width in range(1, 12):
        assert cell_len(fit("华为技术 · 总经理助理", width)) <= width


def rendered(cell: CutText, width: int) -> list:
    """The cell's segments as DataTable draws it in a column `width` cells wide."""
    console = Console(width=80, file=io.StringIO(), color_system=None)
    [line] = console.render_lines(cell, console.options.update(width=width, no_wrap=True))
    return line


def test_a_cut_cell_ends_with_an_ellipsis_and_keeps_its_style():
    cell = CutText("谈了二期报价，对方希望单价再降3%")
    cell.stylize("bold", 0, 2)
    assert "".join(s.text for s in rendered(cell, 9)) == "谈了二期…"
    assert "".join(s.text for s in rendered(cell, 10)) == "谈了二期… "  # not half of 报
    assert "".join(s.text for s in rendered(CutText("[VIP] 张三"), 20)).rstrip() == "[VIP] 张三"
    assert [s.text for s in rendered(cell, 9) if s.style and s.style.bold] == ["谈了"]


def test_column_widths_narrow_the_widest_first():
    assert column_widths([10, 4, 60], 80) == [10, 4, 60]  # fits: as is
    assert column_widths([10, 4, 60], 50) == [10, 4, 36]
    assert column_widths([10, 30, 30], 50) == [10, 20, 20]
    assert column_widths([10, 30, 31], 51) == [10, 21, 20]  # the spare cell goes left
    assert sum(column_widths([12, 8, 80, 40], 70)) == 70
    assert column_widths([12, 30, 30], 10) == [8, 8, 8]  # no narrower than 8: the table scrolls
    assert column_widths([4, 30], 10) == [4, 8]
