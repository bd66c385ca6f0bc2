"""A title's position tier (domain/titles.py): what the contact form offers when the tier is empty."""

from __future__ import annotations

import pytest

from clientbook.demo import CONTACTS
from clientbook.domain.enums import Position
from clientbook.domain.titles import position_for_title


@pytest.mark.parametrize(("name", "title", "position"), [(row[0], row[2], row[3]) for row in CONTACTS])
def test_every_demo_title_names_the_tier_the_demo_gives_it(name, title, position):
    assert position_for_title(title) == Position(position), name


@pytest.mark.parametrize(("title", "position"), [
    ("采购经理", Position.MANAGER),          # the example: the last word decides
    ("总经理助理", Position.CLERK),          # the assistant of a boss is an assistant
    ("副总经理", Position.BOSS),             # not a manager: the longer word ending there
    ("Purchasing Manager", Position.MANAGER),
    ("General Manager", Position.BOSS),
    ("VP of Sales", Position.BOSS),
    ("Director of Engineering", Position.MANAGER),   # engineer is a whole word only
    ("Senior  ENGINEER", Position.STAFF),
    ("Executive Assistant", Position.CLERK),
])
def test_titles_in_both_languages(title, position):
    assert position_for_title(title) == position


@pytest.mark.parametrize("title", ["", "   ", "顾问", "Consultant", "managerial"])
def test_a_title_that_names_no_tier_suggests_none(title):
    assert position_for_title(title) is None
