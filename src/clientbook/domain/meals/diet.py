"""What guests cannot eat, and what kind of meal a cuisine is (domain §9, "Assess first" and
"Ordering"): the one table both the plan checks (checks.py) and the dish suggestions
(dishes.py) read, so a warning and a suggestion never disagree.

Restrictions (`RESTRICTIONS`)
- Each one is found in a guest's taboos or diet by its words (negated mentions skipped: 不忌辣,
  non-vegetarian), clashes with a cuisine by other words, and may rule dish categories out for
  the whole table (dishes are shared at a round table): seafood for gout or a seafood allergy.
- A vegetarian does not rule meat out for the others, but wants at least half of the hot dishes
  without meat; every meat-centred cuisine clashes with it.
- Spicy food, pork, beef, lamb and alcohol rule no category out (the categories are broader);
  the suggestions name the guest to mind instead.

Styles (`cuisine_style`)
- hotpot (火锅, 涮肉, 打边炉, 串串) and grill (烧烤, 烤肉): plates cooked at the table, no cold
  starters, no N+1, no dishes to go with rice; buffet (自助): nothing to order; western (西餐,
  牛排, 法餐, 意大利菜): everyone orders their own course. Anything else is a Chinese meal of
  shared dishes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# The categories of §9's "spread across categories", in its order.
DISH_CATEGORIES = ("poultry", "meat", "seafood", "vegetables", "tofu", "bamboo", "mushrooms", "seaweed")
MEATLESS = ("vegetables", "tofu", "mushrooms", "bamboo", "seaweed")


@dataclass(frozen=True)
class Restriction:
    why: str                              # meals.clash.<why>
    cuisine: tuple[str, ...]              # words in a plan's cuisine that clash with it
    guest: tuple[str, ...]                # words in a guest's taboos or diet that state it
    rules_out: tuple[str, ...] = ()       # dish categories the whole table goes without
    meatless: bool = False                # wants hot dishes without meat


_SPICY = ("川菜", "湘菜", "火锅", "麻辣", "重庆", "四川", "湖南", "贵州菜", "香辣", "串串", "冒菜", "水煮",
          "酸菜鱼", "sichuan", "szechuan", "hunan", "chongqing", "hot pot", "hotpot", "spicy", "mala")
_SEAFOOD = ("海鲜", "日料", "日本料理", "刺身", "潮汕", "寿司", "生蚝", "螃蟹", "龙虾", "鱼生", "海胆",
            "seafood", "sushi", "sashimi", "japanese", "oyster", "crab", "lobster", "shellfish")
_MEAT = ("烧烤", "牛排", "烤肉", "烤鸭", "烧腊", "涮肉", "羊蝎子", "烤全羊", "肉蟹煲", "韩式烤肉",
         "bbq", "barbecue", "steak", "steakhouse", "grill", "churrasco")
_PORK = ("猪", "叉烧", "烧腊", "红烧肉", "东坡肉", "pork", "char siu")
_BEEF = ("牛排", "牛肉", "潮汕牛肉", "肥牛", "steak", "beef")
_LAMB = ("羊肉", "涮羊肉", "烤全羊", "羊蝎子", "烤串", "lamb", "mutton")

RESTRICTIONS = (
    Restriction(
        "spicy", _SPICY,
        ("不吃辣", "不能吃辣", "忌辣", "怕辣", "不吃辣椒", "不太能吃辣", "吃不了辣",
         "no spicy", "not spicy", "can't eat spicy", "cannot eat spicy", "can't take spicy",
         "no chili", "avoid spicy", "no spice"),
    ),
    Restriction(
        "seafood", _SEAFOOD,
        ("海鲜过敏", "对海鲜过敏", "不吃海鲜", "不能吃海鲜", "痛风", "虾过敏", "蟹过敏", "贝类过敏",
         "seafood allergy", "allergic to seafood", "no seafood", "gout", "shellfish allergy",
         "allergic to shellfish"),
        rules_out=("seafood",),
    ),
    Restriction(
        # Every meat-centred cuisine, not only the grills: a beef hotpot is no place for a vegetarian.
        "meat", tuple(dict.fromkeys(_MEAT + _PORK + _BEEF + _LAMB)),
        ("素食", "吃素", "全素", "茹素", "vegetarian", "vegan"),
        meatless=True,
    ),
    Restriction("pork", _PORK, ("不吃猪肉", "忌猪肉", "no pork", "don't eat pork", "doesn't eat pork")),
    Restriction("beef", _BEEF, ("不吃牛肉", "忌牛肉", "no beef", "don't eat beef", "doesn't eat beef")),
    Restriction("lamb", _LAMB, ("不吃羊肉", "忌羊肉", "no lamb", "no mutton", "don't eat lamb", "doesn't eat lamb")),
    Restriction(
        "alcohol",
        ("白酒", "喝酒", "酒局", "啤酒", "红酒", "茅台", "五粮液", "酒吧", "baijiu", "wine", "beer",
         "drinks", "bar", "pub"),
        ("不喝酒", "不能喝酒", "不会喝酒", "戒酒", "滴酒不沾", "酒精过敏", "don't drink",
         "doesn't drink", "does not drink", "no alcohol", "teetotal", "sober"),
    ),
)
HALAL_NEEDS = ("清真", "穆斯林", "回族", "回民", "halal", "muslim")
HALAL_VENUE = ("清真", "halal")
_NEGATIONS = ("不", "没", "无", "非")
_EN_NEGATIONS = ("not ", "non-", "non ", "no longer ")


def normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower().replace("’", "'")


def find_word(words: tuple[str, ...], text: str) -> str | None:
    """The first of `words` in `text` (already `normal`), skipping negated mentions (不忌辣, non-vegetarian)."""
    for word in sorted(words, key=len, reverse=True):
        if word.isascii():
            pattern = re.compile(rf"(?<![a-z]){re.escape(word)}s?(?![a-z])")
            for match in pattern.finditer(text):
                if not any(text[: match.start()].endswith(neg) for neg in _EN_NEGATIONS):
                    return word
        else:
            start = text.find(word)
            while start >= 0:
                negated = start > 0 and text[start - 1] in _NEGATIONS and word[0] not in _NEGATIONS
                if not negated:
                    return word
                start = text.find(word, start + 1)
    return None


def guest_restrictions(taboos: str, diet: str) -> list[tuple[Restriction, str]]:
    """The restrictions a guest's taboos and diet state, each with the word that states it."""
    theirs = normal(f"{taboos}\n{diet}")
    found = []
    for restriction in RESTRICTIONS:
        word = find_word(restriction.guest, theirs)
        if word:
            found.append((restriction, word))
    return found


def needs_halal(taboos: str, diet: str) -> bool:
    return find_word(HALAL_NEEDS, normal(f"{taboos}\n{diet}")) is not None


STYLES = ("shared", "hotpot", "grill", "buffet", "western")
_STYLE_WORDS = (
    ("buffet", ("自助", "buffet")),
    ("hotpot", ("火锅", "涮锅", "涮肉", "涮羊肉", "打边炉", "串串", "hot pot", "hotpot", "shabu")),
    ("grill", ("烧烤", "烤肉", "韩式烤肉", "烤串", "bbq", "barbecue", "korean bbq", "yakiniku")),
    ("western", ("西餐", "牛排", "法餐", "法国菜", "意大利菜", "意餐", "steak", "steakhouse", "western",
                 "french", "italian")),
)


def cuisine_style(cuisine: str) -> str:
    """How a meal of this cuisine is ordered: one of STYLES ("shared" when nothing says otherwise)."""
    text = normal(cuisine)
    for style, words in _STYLE_WORDS:
        if find_word(words, text):
            return style
    return "shared"
