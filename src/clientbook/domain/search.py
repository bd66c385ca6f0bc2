"""Search keys: computed once when a record is saved, so typing never imports pypinyin.

A contact's key string holds, lower-cased and space-separated: the name as written, its full
pinyin and its initials (for every reading of a polyphonic surname), phone digits, WeChat id,
email, tags, and the same for its company. A query matches when every word of it is a
substring of the key string.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from clientbook.domain.contacts import CONTROL_CHARS

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


def pinyin_variants(text: str) -> list[tuple[str, str]]:
    """(full spelling, initials) for each reading of the first character, others in their usual reading."""
    if not re.search(_CJK, text):
        return []
    pypinyin = _pypinyin()
    syllables = pypinyin.lazy_pinyin(text, style=pypinyin.Style.NORMAL, errors=lambda s: list(s.lower()))
    first = text[0]
    readings: list[str] = []
    if re.match(_CJK, first):
        readings.extend(SURNAME_READINGS.get(first, ()))
        for reading in pypinyin.pinyin(first, style=pypinyin.Style.NORMAL, heteronym=True)[0]:
            if reading not in readings:
                readings.append(reading)
    variants = []
    for reading in readings or [syllables[0]]:
        parts = [reading, *syllables[1:]]
        parts = [p for p in parts if p.strip()]
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
    email: str = "",
    tags: Iterable[str] = (),
) -> str:
    keys = text_keys(name) + text_keys(company)
    keys += [digits(p) for p in phones if digits(p)]
    keys += [v.strip().lower() for v in (wechat, email, *tags) if v and v.strip()]
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
    """Alphabetical order for mixed Chinese and Latin names: by pinyin, then as written."""
    variants = pinyin_variants(name)
    spelled = variants[0][0] if variants else (name or "").lower()
    return f"{spelled} {name}"


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


def fts_query(query: str) -> str | None:
    """An FTS5 query where every word must appear: CJK runs as phrases, other words as prefixes.

    Punctuation and FTS operators typed by the user are dropped, so any input is safe.
    None when nothing searchable is left.
    """
    terms = []
    for word in re.findall(_FTS_WORD, (query or "").lower()):
        tokens = fts_document(word.replace("_", " ")).split()   # _ is \w here, a separator to unicode61
        phrase = " ".join(tokens).replace('"', "")
        if not phrase:
            continue
        terms.append(f'"{phrase}"' if re.search(_CJK, word) else f'"{phrase}"*')
    return " AND ".join(terms) if terms else None
