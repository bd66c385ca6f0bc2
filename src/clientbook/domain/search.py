"""Search keys: computed once when a record is saved, so typing never imports pypinyin.

A contact's key string holds, lower-cased and space-separated: the name as written, its full
pinyin and its initials (for every reading of a polyphonic surname), phone digits, WeChat id,
email, tags, and the same for its company. A query matches when every word of it is a
substring of the key string.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator

from clientbook.domain.text import CONTROL_CHARS

# Surnames read differently from the character's everyday reading (stack.md).
SURNAME_READINGS = {
    "单": ("shan",),
    "曾": ("zeng",),
    "解": ("xie",),
    "仇": ("qiu",),
    "区": ("ou",),
    "查": ("zha",),
    "朴": ("piao",),
    "覃": ("qin",),
    "尉": ("yu",),
    "乐": ("yue", "le"),
    "盖": ("ge",),
    "缪": ("miao",),
    "繁": ("po",),
    "秘": ("bi",),
    "种": ("chong",),
    "员": ("yun",),
    "褚": ("chu",),
    "沈": ("shen",),
    "翟": ("zhai",),
    "黑": ("he",),
}

# CJK ideographs. The patterns below are kept as text: re compiles one on first use and keeps
# it in its own cache; compiled at import, each class this wide cost ~1.5 ms of a command's start.
_CJK_RANGES = r"\u3400-\u9fff\uf900-\ufaff"
_CJK = f"[{_CJK_RANGES}]"


def _pypinyin():
    # Smaller and faster without phrase dictionaries (stack.md: 76 ms instead of 347 ms).
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
    import pypinyin

    return pypinyin


# Two-character surnames (复姓). A name starting with one is spelled with the whole surname
# first, so 欧阳锋 sorts as ouyang|feng, and the ones pypinyin reads otherwise are found by
# their surname reading (万俟 by moqi; its everyday reading wanqi still finds it too).
COMPOUND_SURNAMES = {
    "欧阳": ("ou", "yang"), "司马": ("si", "ma"), "诸葛": ("zhu", "ge"), "上官": ("shang", "guan"),
    "司徒": ("si", "tu"), "司空": ("si", "kong"), "东方": ("dong", "fang"), "皇甫": ("huang", "fu"),
    "尉迟": ("yu", "chi"), "公孙": ("gong", "sun"), "慕容": ("mu", "rong"), "长孙": ("zhang", "sun"),
    "宇文": ("yu", "wen"), "令狐": ("ling", "hu"), "夏侯": ("xia", "hou"), "端木": ("duan", "mu"),
    "西门": ("xi", "men"), "南宫": ("nan", "gong"), "独孤": ("du", "gu"), "澹台": ("tan", "tai"),
    "公冶": ("gong", "ye"), "宗政": ("zong", "zheng"), "濮阳": ("pu", "yang"), "淳于": ("chun", "yu"),
    "单于": ("chan", "yu"), "太叔": ("tai", "shu"), "申屠": ("shen", "tu"), "轩辕": ("xuan", "yuan"),
    "钟离": ("zhong", "li"), "闻人": ("wen", "ren"), "万俟": ("mo", "qi"), "呼延": ("hu", "yan"),
    "赫连": ("he", "lian"), "百里": ("bai", "li"), "东郭": ("dong", "guo"), "拓跋": ("tuo", "ba"),
    "左丘": ("zuo", "qiu"), "公羊": ("gong", "yang"), "乐正": ("yue", "zheng"),
}


def split_name(name: str) -> tuple[str, str]:
    """(surname, given name) of a Chinese name: a compound surname when it starts with one, else
    its first character. A name not starting with a Chinese character has no surname here."""
    name = (name or "").strip()
    if not name or not re.match(_CJK, name[0]):
        return "", name
    if name[:2] in COMPOUND_SURNAMES and len(name) > 2:
        return name[:2], name[2:]
    return name[:1], name[1:]


def _spellings(text: str) -> list[tuple[tuple[str, ...], list[str]]]:
    """For each reading of the surname, surname reading first: (its syllables, the rest's syllables)."""
    pypinyin = _pypinyin()
    syllables = [s for s in pypinyin.lazy_pinyin(text, style=pypinyin.Style.NORMAL,
                                                 errors=lambda s: list(s.lower())) if s.strip()]
    surname, _given = split_name(text)
    if not surname:
        return [((), syllables)]
    size = len(surname)
    readings: list[tuple[str, ...]] = []
    if surname in COMPOUND_SURNAMES:
        readings.append(COMPOUND_SURNAMES[surname])
    else:
        readings.extend((r,) for r in SURNAME_READINGS.get(surname, ()))
        readings.extend((r,) for r in pypinyin.pinyin(surname, style=pypinyin.Style.NORMAL, heteronym=True)[0])
    readings.append(tuple(syllables[:size]))
    return [(reading, syllables[size:]) for reading in dict.fromkeys(readings)]


def pinyin_variants(text: str) -> list[tuple[str, str]]:
    """(full spelling, initials) for each reading of the surname, the rest in its usual reading."""
    if not re.search(_CJK, text):
        return []
    variants = []
    for reading, rest in _spellings(text):
        parts = [*reading, *rest]
        variants.append(("".join(parts), "".join(p[0] for p in parts)))
    return variants


def text_keys(text: str) -> list[str]:
    """Keys for one name: as written (lower-case, spaces removed too) plus its pinyin forms."""
    text = (text or "").strip()
    if not text:
        return []
    lowered = text.lower()
    keys = [lowered]
    if " " in lowered:
        keys.append(lowered.replace(" ", ""))
    for full, initials in pinyin_variants(text):
        keys.extend([full, initials])
    return keys


def digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def build_keys(
    name: str,
    company: str = "",
    phones: Iterable[str] = (),
    wechat: str = "",
    emails: Iterable[str] = (),
    tags: Iterable[str] = (),
    nickname: str = "",
) -> str:
    keys = text_keys(name) + text_keys(company) + text_keys(nickname)
    keys += [digits(p) for p in phones if digits(p)]
    keys += [v.strip().lower() for v in (wechat, *emails, *tags) if v and v.strip()]
    unique = dict.fromkeys(k.replace(" ", "") for k in keys if k)
    return " ".join(unique)


def query_words(query: str) -> list[str]:
    """The words of a search box, lower-cased; punctuation like % _ ' is kept as plain text.

    Control characters are dropped: no stored key holds one (clean_text), and SQLite's LIKE
    stops reading a pattern at a NUL, so "ab\\x00cd" would have matched every "…ab".
    """
    return [w for w in CONTROL_CHARS.sub("", query or "").lower().split() if w]


def like_pattern(word: str) -> str:
    """A LIKE pattern matching `word` anywhere, with %, _ and \\ taken literally (ESCAPE '\\')."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matches(keys: str, query: str) -> bool:
    """The same rule as the store's query, for domain tests and in-memory lists."""
    return all(word in keys for word in query_words(query))


def sort_key(name: str) -> str:
    """Phone-book order for mixed Chinese and Latin names: by the surname's pinyin, then the
    given name's, then as written ("chen jing 陈静" before "cheng hao 程浩": a space sorts
    before any letter). The store keeps it in Contact.sort_key and orders by it."""
    name = name or ""
    if not re.search(_CJK, name):
        return f"{name.lower()} {name}"
    reading, rest = _spellings(name)[0]
    if not reading:   # starts with a Latin letter: no surname to put first
        return f"{''.join(rest)} {name}"
    return f"{''.join(reading)} {''.join(rest)} {name}"


# Full-text search of notes: SQLite FTS5 with unicode61, one token per CJK character
# (stack.md: the trigram tokenizer silently finds nothing for 1–2 character words like 茶, 月饼).
_FTS_WORD = rf"[\w{_CJK_RANGES}]+"
# The characters of _CJK_RANGES as their UTF-8 bytes (U+3400-3FFF, U+4000-9FFF, U+F900-FAFF):
# `re` compiles a class of 28,000 characters by visiting each one (~5 ms, every `clientbook log`
# paid it), these byte ranges in 0.2 ms. A lead byte never matches inside another character.
_CJK_CHAR_UTF8 = rb"(\xe3[\x90-\xbf][\x80-\xbf]|[\xe4-\xe9][\x80-\xbf]{2}|\xef[\xa4-\xab][\x80-\xbf])"


def fts_document(text: str) -> str:
    """Text as stored in the index: every CJK character a token of its own."""
    data = (text or "").encode("utf-8", "surrogatepass")   # surrogatepass: any str goes through unchanged
    return re.sub(_CJK_CHAR_UTF8, rb" \1 ", data).decode("utf-8", "surrogatepass")


def _query_words(query: str) -> Iterator[tuple[list[str], bool]]:
    """The words of a note search as index tokens, and whether each is CJK (a phrase) or not (a prefix)."""
    for word in re.findall(_FTS_WORD, (query or "").lower()):
        tokens = fts_document(word.replace("_", " ")).split()   # _ is \w here, a separator to unicode61
        if tokens:
            yield tokens, bool(re.search(_CJK, word))


def fts_query(query: str) -> str | None:
    """An FTS5 query where every word must appear: CJK runs as phrases, other words as prefixes.

    Punctuation and FTS operators typed by the user are dropped, so any input is safe.
    None when nothing searchable is left.
    """
    terms = [f'"{" ".join(tokens)}"' if cjk else f'"{" ".join(tokens)}"*' for tokens, cjk in _query_words(query)]
    return " AND ".join(terms) if terms else None


def tsquery(query: str) -> str | None:
    """fts_query for a team book's note search (PostgreSQL to_tsquery('simple', …) over the
    same per-character documents): a CJK run a phrase of its characters, another word a prefix."""
    terms = []
    for tokens, cjk in _query_words(query):
        quoted = [f"'{token}'" for token in tokens]
        terms.append(" <-> ".join(quoted) if cjk else " <-> ".join(quoted[:-1] + [quoted[-1] + ":*"]))
    return " & ".join(f"({term})" for term in terms) if terms else None


def note_pairs_query(query: str) -> tuple[str | None, bool]:
    """For a team book's pair index (store/server.py NOTE_PAIRS_SQL): a tsquery of the CJK
    character pairs every word of `query` holds ('月饼' & '饼干'; None when no word has two),
    and whether the pairs say it all, so the phrase check adds nothing: every word two CJK
    characters (a longer word's pairs may sit apart; a Latin word or a single character has none)."""
    pairs, exact = [], True
    for tokens, cjk in _query_words(query):
        chars = [token for token in tokens if re.fullmatch(_CJK, token)]
        pairs += [a + b for a, b in zip(chars, chars[1:])]
        exact = exact and cjk and len(tokens) == len(chars) == 2
    return (" & ".join(f"'{pair}'" for pair in dict.fromkeys(pairs)) or None), exact and bool(pairs)


# Company names as the contact form is typed: the existing company the text leads to, and the
# existing ones a new name is close to (华为技术 beside 华为), so a second company is made only
# on purpose. `companies` are (name, search keys) pairs: the keys build_keys stored.
def folded(text: str) -> str:
    """`text` with case and spaces aside: how two names are told to be the same (华 为 is 华为,
    IBM China is ibm china) by the company box, the store and import's duplicate check."""
    return "".join((text or "").casefold().split())


def company_suggestion(typed: str, companies: Iterable[tuple[str, str]]) -> str | None:
    """The first company whose name starts with `typed` (case and spaces aside), else the first
    one with a pinyin spelling or initials starting with it (hw, huawei -> 华为); None for none."""
    text = folded(CONTROL_CHARS.sub("", typed or ""))
    if not text:
        return None
    companies = list(companies)
    by_name = next((name for name, _keys in companies if folded(name).startswith(text)), None)
    if by_name is not None:
        return by_name
    return next((name for name, keys in companies if any(key.startswith(text) for key in keys.split())), None)


def same_company(typed: str, names: Iterable[str]) -> str | None:
    """The existing company `typed` names, case and spaces aside (as import's duplicate check
    reads a company): the one a contact joins."""
    text = folded(typed)
    return next((name for name in names if text and folded(name) == text), None)


def close_companies(typed: str, companies: Iterable[tuple[str, str]]) -> list[str]:
    """Existing companies a new name is close to: one name holds the other (华为技术 and 华为,
    深圳华为 and 华为: the shorter of two characters at least), or in Latin letters one starts
    with the other (IBM, IBM China: three letters at least). Empty when `typed` is one of them."""
    text = folded(typed)
    close = []
    for name, _keys in companies:
        other = folded(name)
        if other == text:
            return []   # not new: the contact joins it
        shorter, longer = sorted((other, text), key=len)
        if re.search(_CJK, shorter):
            near = len(shorter) >= 2 and shorter in longer
        else:
            near = len(shorter) >= 3 and longer.startswith(shorter)
        if near:
            close.append(name)
    return close
