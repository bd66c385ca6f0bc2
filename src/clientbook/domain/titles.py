"""A job title's position tier (domain §3): 采购经理 is a manager, 总经理助理 a clerk. The contact
form offers it when the tier is still empty; the rep has the last word ("don't judge by the
business card")."""

from __future__ import annotations

import re

from clientbook.domain.enums import Position

# Title words, Chinese and English, by tier. A Chinese title names its tier last (采购 · 经理,
# 总经理 · 助理), most English ones too (Purchasing Manager, Senior Engineer): the word that
# ends last decides, the longer one when two end together (副总经理 over 经理, general manager
# over manager).
TITLE_WORDS: dict[Position, tuple[str, ...]] = {
    Position.BOSS: (
        "老板", "董事长", "董事", "总裁", "副总裁", "总经理", "副总经理", "副总", "厂长", "副厂长", "创始人", "合伙人",
        "ceo", "cto", "cfo", "coo", "president", "vice president", "vp", "owner", "founder", "chairman",
        "general manager", "gm", "managing director", "partner",
    ),
    Position.MANAGER: (
        "经理", "总监", "部长", "主任", "处长", "科长", "负责人",
        "manager", "director", "head",
    ),
    Position.STAFF: (
        "工程师", "技术员", "主管", "采购", "采购员", "研究员", "设计师",
        "engineer", "technician", "supervisor", "buyer", "purchaser", "designer", "researcher",
    ),
    Position.CLERK: (
        "文员", "助理", "秘书", "员工", "职员", "专员", "前台", "会计", "出纳", "仓管", "员",
        "clerk", "assistant", "secretary", "receptionist", "specialist", "accountant", "staff", "worker",
        "operator",
    ),
}

_LATIN = re.compile(r"[a-z]")


def _ends(title: str, word: str) -> list[int]:
    """Where `word` ends in `title`: Latin words whole only (engineer is not in engineering)."""
    if _LATIN.match(word):
        return [m.end() for m in re.finditer(rf"(?<![a-z]){re.escape(word)}(?![a-z])", title)]
    return [m.end() for m in re.finditer(re.escape(word), title)]


def position_for_title(title: str) -> Position | None:
    """The tier a title names, or None when none of its words says."""
    text = " ".join((title or "").casefold().split())
    best: tuple[int, int] | None = None
    found = None
    for position, words in TITLE_WORDS.items():
        for word in words:
            for end in _ends(text, word):
                if best is None or (end, len(word)) > best:
                    best, found = (end, len(word)), position
    return found
