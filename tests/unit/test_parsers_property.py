"""Property-based tests (issue #6) for every parser, validator and free-text input of domain/
that had none: whatever is typed or read from a file is refused with a message in both
languages or kept as its cleaned self, and never raises anything but the documented error.

Audit (what already had a property test elsewhere is not repeated here):
  dates.parse_when ............ tests/unit/test_dates.py (never crashes, ISO round trip ...);
                                here only 10,000-character / control-character input
  vcard.read_vcards bytes ..... tests/unit/test_vcard.py (any bytes), escape/fold
  lunar storage/format ........ tests/unit/test_lunar.py (generated Birthday values)
  validate_contact name/notes . tests/reliability/test_bad_input.py (via the store)
Everything else below is new.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace
import unicodedata
from datetime import date, datetime, timezone

import pytest
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from clientbook.domain import csv_import, gift_forms, meal_forms, money, vcard
from clientbook.domain.contact_card import PHONE_KINDS, Address, Typed, parse_addresses, typed_text
from clientbook.domain.text import MAX_NAME
from clientbook.domain.contacts import (
    CONTACT_TEXT_FIELDS,
    ContactInput,
    split_list,
    split_tags,
    validate_company,
    validate_contact,
)
from clientbook.domain.dates import DateParseError, parse_when
from clientbook.domain.dedupe import (
    DUPLICATE,
    INVALID,
    NEW,
    Existing,
    RawRow,
    build_preview,
    name_key,
    phone_key,
    problem_text,
    wechat_key,
)
from clientbook.domain.enums import Grade, Position
from clientbook.domain.gifts.shopping import normalise_gift, same_gift_warning
from clientbook.domain.ics import build_calendar, followup_event, make_uid
from clientbook.domain.interactions import KIND_WORDS, Kind, parse_kind, validate_followup, validate_log
from clientbook.domain.lunar import Birthday, BirthdayParseError, parse_birthday
from clientbook.domain.meals.checks import SAFE_TOPICS, GuestFacts, cuisine_clashes, safe_topics
from clientbook.domain.meals.minutes import ActionItem, MinutesFacts, minutes_markdown, parse_action_item, parse_learned
from clientbook.domain.search import (
    build_keys,
    digits,
    fts_document,
    fts_query,
    like_pattern,
    matches,
    query_words,
    sort_key,
)
from clientbook.domain.text import FieldError, clean_text
from clientbook.i18n import catalog, t
from conftest import NOW

TODAY = NOW.date()


def fast(n: int):
    return settings(max_examples=n, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


# ---------------------------------------------------------------- strategies and helpers

# What reps really paste: SQL wildcards, quotes, backslashes, Rich markup, emoji (with ZWJ),
# C0 and C1 control characters, escape sequences, odd spaces and line breaks, full width.
SPECIAL = [
    "%", "_", "'", '"', "\\", "[bold]", "[/]", "[/bold]", "😀", "👨‍👩‍👧", "张三", "月饼", "茶",
    "\x00", "\x07", "\x1b", "\x1b[31m", "\x7f", "\x85", "\x9b", "\t", "\n", "\r", "\r\n",
    "\u2028", "\u200b", "\ufeff", "\u202e", " ", "\u3000", "１２", "ﬁ", "İ", "ß", "*", "#", ",", ";",
    "、", ":", "：", "=", "-", "+", "(", ")", "/", "\\n", "\\,",
]  # fmt: skip
CHARS = st.characters(codec="utf-8", exclude_categories=("Cs",))


def nasty(max_size: int = 40, min_size: int = 0) -> st.SearchStrategy[str]:
    pieces = st.sampled_from(SPECIAL) | st.text(alphabet=CHARS, min_size=1, max_size=3)
    return st.one_of(
        st.text(alphabet=CHARS, min_size=min_size, max_size=max_size),
        st.lists(pieces, min_size=min_size, max_size=max(1, max_size // 3)).map("".join),
    )


def long_text(n: int = 10_000) -> st.SearchStrategy[str]:
    """n characters: a nasty unit repeated (generating 10,000 random characters is slow)."""
    unit = nasty(12, min_size=1).filter(bool)
    return unit.map(lambda u: (u * (n // len(u) + 1))[:n])


def is_control(ch: str) -> bool:
    """A control character that must not be stored or shown (newline and tab are text), or the
    invisible byte-order mark U+FEFF."""
    return (unicodedata.category(ch) == "Cc" and ch not in "\t\n") or ch == "\ufeff"


def no_controls(text: str) -> bool:
    return not any(is_control(ch) for ch in text)


def assert_bilingual(error: FieldError) -> None:
    assert isinstance(error, FieldError), error
    assert error.key in catalog(), error.key
    english, chinese = catalog()[error.key]
    assert english and chinese
    for lang in ("en", "zh"):
        message = error.message(lang)                    # never a KeyError from a placeholder
        assert message and message != error.key


def assert_errors(errors: dict) -> None:
    assert errors
    for value in errors.values():
        for error in value if isinstance(value, list) else [value]:
            assert_bilingual(error)


# ================================================================ contacts.py


@fast(300)
@given(nasty(60) | long_text())
@example("a\x9bb\x85c\x1b[31m")   # C1 controls (CSI!) were kept
def test_clean_text_drops_every_control_character_and_keeps_the_rest(value):
    cleaned = clean_text(value)
    assert no_controls(cleaned)
    kept = "".join(ch for ch in value if not is_control(ch)).strip()
    assert cleaned == kept                                # nothing else is touched, in order, never cut
    assert clean_text(cleaned) == cleaned                 # idempotent: an edit form saves it unchanged


@fast(200)
@given(nasty(60))
def test_split_list_and_split_tags_give_clean_separate_items(value):
    for item in split_list(value):
        assert item and item == item.strip()
        assert not re.search(r"[,;，；、\n]", item)
    tags = split_tags(value)
    assert len(tags) == len(set(tags))
    for tag in tags:
        assert tag and not tag.startswith("#") and not re.search(r"[\s,;，；、]", tag)


PHONE = st.from_regex(r"\+?[0-9]{3,4}([ \-]?[0-9]{3,4}){1,3}", fullmatch=True)   # 6+ digits
KIND_WORD = st.sampled_from(["", "手机 ", "办公：", "传真: ", "Mobile ", "Work Fax: ", "助理: ", "home "])
TYPED_PHONE = st.tuples(KIND_WORD, PHONE).map("".join)
EMAIL = st.from_regex(r"[a-z0-9._%+'\-]{1,10}@[a-z0-9\-]{1,8}\.[a-z]{2,4}", fullmatch=True)
TYPED_EMAIL = st.tuples(st.sampled_from(["", "办公 ", "home: ", "私人邮箱: "]), EMAIL).map("".join)
URL = st.sampled_from(["https://www.huawei.com", "www.midea.com.cn", "wechat:zs_wx", "办公 https://x.cn/a?b=1"])
CARD_PARTS = {   # the card's fields the form shows besides the old ones
    "nickname": nasty(20),
    "addresses": st.lists(st.tuples(st.sampled_from(["", "办公: ", "家庭: ", "Warehouse: "]), nasty(30)).map("".join),
                          max_size=2).map("\n".join),
}
CONTACT_RAW = st.fixed_dictionaries({
    "name": nasty(40, min_size=1),
    "company": nasty(40),
    "title": nasty(40),
    "position": st.sampled_from(["", *[p.value for p in Position], "bogus"]) | nasty(8),
    "level": st.sampled_from(["", "0", "3", "6", "7", "²", "-1"]) | nasty(4),
    "phones": st.lists(TYPED_PHONE, max_size=3).map(", ".join) | nasty(30),
    "wechat": st.from_regex(r"[A-Za-z0-9_\-.]{1,20}", fullmatch=True) | st.just("") | nasty(12),
    "emails": st.lists(TYPED_EMAIL, max_size=2).map(", ".join) | nasty(12),
    "urls": st.lists(URL, max_size=2).map(", ".join) | nasty(12),
    "birthday": st.sampled_from(["", "1985-04-17", "04-17", "农历三月初八", "lunar:1987-L06-10",
                                 "农历腊月廿三", "2月29日", "solar:--02-29", "1985-02-29"]) | nasty(12),
    "cadence_days": st.sampled_from(["", "1", "30", "3650", "0", "3651", "٣"]) | nasty(4),
    "tags": nasty(40),
    **CARD_PARTS,
    **{name: nasty(40) for name in CONTACT_TEXT_FIELDS},
})


# Every field valid, the free-text ones nasty: what the store can hold.
VALID_CONTACT_RAW = st.fixed_dictionaries({
    "name": nasty(40, min_size=1).filter(lambda v: clean_text(v)),
    "company": nasty(40),
    "title": nasty(40),
    "position": st.sampled_from(["", *[p.value for p in Position]]),
    "level": st.sampled_from(["", *map(str, range(7))]),
    "phones": st.lists(TYPED_PHONE, max_size=3).map(", ".join),
    "wechat": st.from_regex(r"[A-Za-z0-9_\-.]{1,20}", fullmatch=True) | st.just(""),
    "emails": st.lists(TYPED_EMAIL, max_size=2).map(", ".join),
    "urls": st.lists(URL, max_size=2).map(", ".join),
    "birthday": st.sampled_from(["", "1985-04-17", "04-17", "农历三月初八", "lunar:1987-L06-10", "农历腊月廿三",
                                 "2月29日", "solar:--02-29", "1984-02-29"]),
    "cadence_days": st.sampled_from(["", "1", "30", "3650"]),
    "tags": nasty(40),
    **CARD_PARTS,
    **{name: nasty(40) for name in CONTACT_TEXT_FIELDS},
})


def contact_as_raw(data: ContactInput, lang: str) -> dict[str, str]:
    """The stored values as the edit form shows them again."""
    return {
        "name": data.name, "company": data.company, "title": data.title,
        "position": data.position.value if data.position else "", "level": str(int(data.level)),
        "phones": typed_text(data.phones, lang), "wechat": data.wechat, "emails": typed_text(data.emails, lang),
        "urls": typed_text(data.urls, lang), "nickname": data.nickname,
        "addresses": "\n".join(a.form_text(lang) for a in data.addresses),
        "birthday": data.birthday, "cadence_days": str(data.cadence_days or ""), "tags": " ".join(data.tags),
        **{name: getattr(data, name) for name in CONTACT_TEXT_FIELDS},
    }


@fast(250)
@given(CONTACT_RAW | VALID_CONTACT_RAW)
@example({"name": "张三", "tags": "vip\x1b[31m a\x00b \x07bell", "phones": "138\x1f0013\x858000"})
def test_validate_contact_refuses_with_messages_or_keeps_the_cleaned_text(raw):
    data, errors = validate_contact(raw)
    event("refused" if errors else "accepted")
    if errors:
        assert data is None
        assert_errors(errors)
        return
    assert data.name == clean_text(raw["name"]) and 0 < len(data.name) <= MAX_NAME
    assert data.company == clean_text(raw.get("company"))
    for name in CONTACT_TEXT_FIELDS:
        assert getattr(data, name) == clean_text(raw.get(name))
    # Nothing stored holds a control character: not the tags, not the phones either.
    typed = [part for value in (*data.phones, *data.emails, *data.urls) for part in (value.value, value.label)]
    for text in [data.name, data.company, data.wechat, data.birthday, data.nickname, *typed, *data.tags,
                 *(a.one_line() for a in data.addresses), *(getattr(data, name) for name in CONTACT_TEXT_FIELDS)]:
        assert no_controls(text), repr(text)
    assert all(p.value and p.value == p.value.strip() for p in data.phones)
    assert all(p.kind in PHONE_KINDS + ("",) for p in data.phones)
    assert all(tag and not re.search(r"\s", tag) for tag in data.tags)
    assert 0 <= int(data.level) <= 6
    assert data.cadence_days is None or 1 <= data.cadence_days <= 3650
    if data.birthday:
        assert Birthday.from_storage(data.birthday)
    # The edit form shows what was stored; saving it again changes nothing, in either language.
    assert validate_contact(contact_as_raw(data, "zh"), data) == (data, {})
    assert validate_contact(contact_as_raw(data, "en"), data) == (data, {})


PRINTABLE_10000 = st.sampled_from(["谈了二期报价，月饼 ", "😀 [bold]x[/] %_'\"\\ ", "ab\tc\n", "👨‍👩‍👧"]).map(
    lambda u: (u * 10_000)[:10_000].strip())


@fast(40)
@given(long_text() | PRINTABLE_10000, long_text() | PRINTABLE_10000)
def test_contact_10000_characters_notes_are_kept_whole_a_name_is_refused(notes, name):
    data, errors = validate_contact({"name": "张三", "notes": notes, "title": notes, "tags": notes})
    assert errors == {}
    assert data.notes == clean_text(notes) and data.title == clean_text(notes)
    if no_controls(notes) and notes == notes.strip():
        assert data.notes == notes and len(notes) >= 9_999            # kept whole
    assert "".join(data.tags) == "".join(split_tags(clean_text(notes)))
    data, errors = validate_contact({"name": "张三", "company": notes})
    if len(clean_text(notes)) > MAX_NAME:                              # refused, never cut
        assert data is None and errors["company"].key == "form.error.too_long"
    else:
        assert data.company == clean_text(notes)
    data, errors = validate_contact({"name": name})
    if len(clean_text(name)) > MAX_NAME:
        assert data is None and errors["name"].key == "form.error.too_long"
        assert_errors(errors)
    elif clean_text(name):
        assert errors == {} and data.name == clean_text(name)
    else:
        assert errors["name"].key == "form.error.required"


YEARLY_VALUE = st.one_of(
    st.floats(0, 1e11, allow_nan=False).map(lambda v: f"{v:.2f}"),
    st.integers(0, 10**9).map(lambda v: f"¥{v:,}"),
    st.integers(0, 10**5).map(lambda v: f"{v}万"),
    st.sampled_from(["", "nan", "inf", "-1", "1e400", "万", "¥", "1,2,3", "１２"]),
    nasty(12),
)


@fast(200)
@given(st.fixed_dictionaries({"name": nasty(30, 1), "grade": st.sampled_from(["", "a", " B ", "E"]) | nasty(3),
                              "yearly_value": YEARLY_VALUE, "industry": nasty(20), "city": nasty(20),
                              "address": nasty(30), "notes": nasty(40) | long_text(),
                              "switchboard": st.sampled_from(["", "400-830-8300", "+86 755 2878 0808"]) | nasty(12),
                              "website": URL | st.just("") | nasty(12)}))
def test_validate_company_values(raw):
    data, errors = validate_company(raw)
    event("refused" if errors else "accepted")
    if errors:
        assert data is None
        assert_errors(errors)
        return
    assert data.name == clean_text(raw["name"]) and 0 < len(data.name) <= MAX_NAME
    assert data.notes == clean_text(raw["notes"])
    assert data.city == clean_text(raw["city"]) and data.address == clean_text(raw["address"])
    assert (data.switchboard, data.website) == (clean_text(raw["switchboard"]), clean_text(raw["website"]))
    assert data.grade is None or isinstance(data.grade, Grade)
    if data.yearly_value is not None:
        assert 0 <= data.yearly_value < float("inf")
    typed = raw["yearly_value"]
    if re.fullmatch(r"¥?\d[\d,]*(\.\d+)?", typed):   # a lone "," is no number: nothing
        assert data.yearly_value == pytest.approx(float(typed.lstrip("¥").replace(",", "")))
    if re.fullmatch(r"\d+万", typed):
        assert data.yearly_value == int(typed[:-1]) * 10_000


# ================================================================ search.py


@fast(300)
@given(nasty(60) | long_text())
def test_query_words_are_lower_case_words_without_spaces(query):
    words = query_words(query)
    for word in words:
        assert word and not re.search(r"\s", word) and word == word.lower()
        assert no_controls(word)
    assert " ".join(words) == " ".join(clean_text(query).lower().split())


_LIKE = re.compile(r"(?<!\\)[%_]")


def _like_db(rows: list[str]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE company (id INTEGER PRIMARY KEY, search_keys TEXT)")
    db.executemany("INSERT INTO company (id, search_keys) VALUES (?, ?)", list(enumerate(rows, 1)))
    return db


@fast(300)
@given(st.lists(nasty(30), max_size=6), nasty(20), st.booleans())
@example(["ab", "xabcdy"], "ab\x00cd", False)   # SQLite cut the pattern at the NUL: "ab" matched
@example(["100%", "100x", "a_b", "axb", "a\\b", "it's"], "% _ \\ '", True)
def test_like_pattern_matches_exactly_the_rows_containing_the_word(rows, query, plant):
    """As store/contacts.py searches companies: search_keys LIKE like_pattern(word) ESCAPE '\\'."""
    rows = [clean_text(r).lower() for r in rows]              # search keys are cleaned, lower case
    words = query_words(query)
    if plant and words:
        rows.append(f"x{words[0]}y")                          # at least one row that must be found
    db = _like_db(rows)
    for word in words:
        pattern = like_pattern(word)
        assert pattern.startswith("%") and pattern.endswith("%")
        assert not _LIKE.search(pattern[1:-1])                # every % and _ inside is escaped
        found = {i for (i,) in db.execute(
            "SELECT id FROM company WHERE search_keys LIKE ? ESCAPE '\\'", (pattern,))}
        assert found == {i for i, row in enumerate(rows, 1) if word in row}, (word, rows)
        event("some rows found" if found else "no row found")
        assert found == {i for i, row in enumerate(rows, 1) if matches(row, word)}
    if plant and words:
        assert all(db.execute("SELECT count(*) FROM company WHERE search_keys LIKE ? ESCAPE '\\'",
                              (like_pattern(w),)).fetchone()[0] for w in words[:1])


@pytest.mark.parametrize("unit", ["%", "\\", "_", "😀", "月", "'"])
def test_like_pattern_of_a_10000_character_word_runs(unit):
    word = query_words(unit * 10_000)[0]
    db = _like_db([word, word[:-1]])
    found = db.execute("SELECT id FROM company WHERE search_keys LIKE ? ESCAPE '\\'", (like_pattern(word),)).fetchall()
    assert found == [(1,)]


# FTS5, as store/book.py creates it and store/capture.py indexes and searches it.
def _fts_db(docs: list[str]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE note_fts USING fts5(body, kind UNINDEXED, ref_id UNINDEXED, "
               "tokenize = 'unicode61')")
    db.executemany("INSERT INTO note_fts (rowid, body, kind, ref_id) VALUES (?, ?, 'interaction', ?)",
                   [(i, fts_document(doc), i) for i, doc in enumerate(docs, 1)])
    return db


def _fts_search(db: sqlite3.Connection, query: str) -> set[int] | None:
    match = fts_query(query)
    if match is None:
        return None
    return {r for (r,) in db.execute("SELECT rowid FROM note_fts WHERE note_fts MATCH ? ORDER BY rowid DESC",
                                     (match,))}


FTS_SYNTAX = ["AND", "OR", "NOT", "NEAR", "NEAR(", "(", ")", '"', "*", "^", ":", "body:", "kind:", "-",
              "+", "{", "}", ",", "'", "''", "_", "__", " ", "a", "b", "月", "饼", "茶", "x_", "😀", "\x00",
              "\\", "%", "[bold]", "ǅ", "²", "\ue000", "e\u0301"]
FTS_DB = _fts_db(["月饼 送了两盒", "tea 茶 with Mr. Li", "a_b c", "NEAR(a b) AND OR", "😀 emoji only",
                  "x" * 10_000, "e\u0301 ǆ ² \ue000"])


@fast(400)
@given(nasty(60) | st.lists(st.sampled_from(FTS_SYNTAX), max_size=12).map(" ".join)
       | st.lists(st.sampled_from(FTS_SYNTAX), max_size=12).map("".join))
def test_fts_query_never_makes_fts5_raise(query):
    match = fts_query(query)
    if match is not None:
        assert match.strip() and '""' not in match
    _fts_search(FTS_DB, query)                               # sqlite3.OperationalError would fail here


@pytest.mark.parametrize("query", [
    "月" * 10_000, "x" * 10_000, " ".join(f"w{i}" for i in range(5_000)), "_ " * 5_000, '"' * 10_000,
])
def test_fts_query_of_10000_characters_runs(query):
    _fts_search(FTS_DB, query)


# A small alphabet whose tokens SQLite's unicode61 and Python agree on, so a model can say
# exactly which notes must be found: every word of the query, as a prefix (a CJK word as a
# phrase), with every operator and punctuation mark taken as plain text.
FTS_ALPHABET = st.sampled_from(list("abAB01 _-'\"*():^+.,") + ["月", "饼", "茶", "AND", "OR", "NOT", "NEAR"])
FTS_TEXT = st.lists(FTS_ALPHABET, max_size=10).map("".join)
_TOKEN = re.compile(r"[a-z0-9]+|[\u4e00-\u9fff]")


def _model_found(doc: str, query: str) -> bool | None:
    doc_tokens = _TOKEN.findall(doc.lower())
    terms = []
    for word in re.findall(r"[a-z0-9_\u4e00-\u9fff]+", query.lower()):
        tokens = _TOKEN.findall(word)
        if tokens:
            terms.append((tokens, not re.search(r"[\u4e00-\u9fff]", word)))
    if not terms:
        return None

    def found(tokens: list[str], prefix: bool) -> bool:
        n = len(tokens)
        for i in range(len(doc_tokens) - n + 1):
            window = doc_tokens[i:i + n]
            if window[:-1] == tokens[:-1] and (
                    window[-1].startswith(tokens[-1]) if prefix else window[-1] == tokens[-1]):
                return True
        return False

    return all(found(tokens, prefix) for tokens, prefix in terms)


@fast(400)
@given(st.lists(FTS_TEXT, min_size=1, max_size=5), FTS_TEXT)
@example(["x 月饼"], "x _")          # a lone "_" became the empty phrase "_"*: nothing was found
@example(["a b"], "a OR c")          # OR is a word, not an operator
@example(["a c"], 'NEAR(a "c")')
def test_fts_query_finds_exactly_the_notes_holding_every_word(docs, query):
    db = _fts_db(docs)
    found = _fts_search(db, query)
    expected = [_model_found(doc, query) for doc in docs]
    if found is None:
        assert all(e is None for e in expected)
        return
    assert found == {i for i, hit in enumerate(expected, 1) if hit}, (docs, query, fts_query(query))
    event(f"found {len(found)} of {len(docs)}" if found else "none found")
    for i, doc in enumerate(docs, 1):                        # a note is found by its own text
        if _fts_search(db, doc) is not None:
            assert i in _fts_search(db, doc)


KEY_TEXT = nasty(30).map(clean_text)


@fast(150)
@given(nasty(30).map(lambda v: clean_text(v) or "名"), KEY_TEXT, st.lists(PHONE, max_size=2), KEY_TEXT,
       st.lists(KEY_TEXT, max_size=2), st.lists(KEY_TEXT, max_size=3), KEY_TEXT)
def test_build_keys_find_the_contact_by_every_thing_stored(name, company, phones, wechat, emails, tags, nickname):
    keys = build_keys(name, company, phones, wechat, emails, tags, nickname)
    assert isinstance(keys, str) and keys == keys.lower()
    assert matches(keys, name)
    assert matches(keys, company)
    for phone in phones:
        assert matches(keys, digits(phone))
    for value in (wechat, *emails, *tags):
        assert matches(keys, value.replace(" ", ""))
    assert matches(keys, nickname)
    assert matches(keys, "")                                   # an empty box lists everyone
    spelled = sort_key(name)
    assert spelled.endswith(f" {name}")
    if not re.search(r"[\u3400-\u9fff\uf900-\ufaff]", name):
        assert spelled == f"{name.lower()} {name}"


@fast(100)
@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=4))
def test_chinese_names_are_found_by_their_pinyin_and_initials(name):
    import pypinyin

    keys = build_keys(name)
    syllables = pypinyin.lazy_pinyin(name, style=pypinyin.Style.NORMAL)
    assert matches(keys, name)
    assert matches(keys, "".join(syllables))
    assert matches(keys, "".join(s[0] for s in syllables))
    assert sort_key(name).endswith(f" {name}")


# ================================================================ interactions.py

KIND_RAW = st.sampled_from(["", "bogus", *[k.value for k in Kind]])
MARKS = st.sampled_from(["", "work", "private", "public", "effective", "passive_private", "active_private",
                         "gives_info", "guides", "commits", "recommends", "greeting", "hobbies",
                         "business", "opinions", "bogus"])
LOG_WHEN = st.sampled_from(["", "昨天下午3点", "11-20", "fri", "-3d", "上周五 10:30", "2026-11-20 15:00",
                            "bogus", "2026-02-30"]) | nasty(10)
FOLLOWUP_WHEN = st.sampled_from(["", "+1d", "下周五", "明天下午3点", "12-01", "bogus"]) | nasty(8)
COST = st.sampled_from(["", "¥1,280", "1280.5", "￥300", "-3", "nan", "inf", "1e12", "1e11", "1_000"]) | nasty(8)
LEVEL = st.sampled_from(["", "0", "3", "6", "7", "²", "٣"]) | nasty(3)


LOG_VALID = st.fixed_dictionaries({
    "kind": st.sampled_from(["", *[k.value for k in Kind]]),
    "when": st.sampled_from(["", "昨天下午3点", "11-20", "fri", "-3d", "上周五 10:30", "2026-11-20 15:00"]),
    "summary": nasty(40) | long_text(), "notes": nasty(40) | long_text(), "place": nasty(20),
    "cost": st.sampled_from(["", "¥1,280", "1280.5", "￥300", "1e11", "1_000"]),
    "space": st.sampled_from(["", "work", "private"]), "info_quality": st.sampled_from(["", "public", "effective"]),
    "coach": st.sampled_from(["", "guides"]), "topic_depth": st.sampled_from(["", "business"]),
    "followup_when": st.sampled_from(["", "+1d", "下周五", "明天下午3点", "12-01"]), "followup_what": nasty(30),
    "promise": st.sampled_from(["", "0", "1"]), "new_level": st.sampled_from(["", "0", "3", "6"]),
})


@fast(200)
@given(LOG_VALID | st.fixed_dictionaries({
    "kind": KIND_RAW, "when": LOG_WHEN, "summary": nasty(40) | long_text(), "notes": nasty(40) | long_text(),
    "place": nasty(20), "cost": COST, "space": MARKS, "info_quality": MARKS, "coach": MARKS,
    "topic_depth": MARKS, "followup_when": FOLLOWUP_WHEN, "followup_what": nasty(30),
    "promise": st.sampled_from(["", "0", "1"]), "new_level": LEVEL,
}), st.lists(st.integers(1, 50), max_size=3))
def test_validate_log_refuses_with_messages_or_keeps_the_cleaned_text(raw, contact_ids):
    data, errors = validate_log(raw, contact_ids, NOW)
    event("refused" if errors else "accepted")
    if errors:
        assert data is None
        assert_errors(errors)
        return
    assert data.contact_ids == contact_ids and contact_ids
    assert data.summary == clean_text(raw["summary"])
    assert data.notes == clean_text(raw["notes"])                   # 10,000 characters kept whole
    assert data.place == clean_text(raw["place"])
    assert data.cost is None or 0 <= data.cost < 1e12
    assert data.new_level is None or 0 <= data.new_level <= 6
    if not raw["when"].strip():
        assert data.occurred_at == NOW and data.has_time
    else:
        when = parse_when(raw["when"].strip(), NOW, past=True)
        assert (data.occurred_at, data.has_time) == (when.as_datetime(), when.time is not None)
    if raw["followup_when"].strip():
        what = clean_text(raw["followup_what"]) or data.summary
        assert data.followup is not None and data.followup.what == what and what
        assert data.followup.promise == (raw["promise"] != "0")
    else:
        assert data.followup is None and not clean_text(raw["followup_what"])


@fast(150)
@given(st.fixed_dictionaries({"what": nasty(30) | long_text(), "due": FOLLOWUP_WHEN,
                              "promise": st.sampled_from(["", "0", "1"])}))
def test_validate_followup(raw):
    data, errors = validate_followup(raw, NOW)
    event("refused" if errors else "accepted")
    if errors:
        assert data is None
        assert_errors(errors)
        return
    assert data.what == clean_text(raw["what"]) and data.what
    assert data.due == parse_when(raw["due"], NOW).day
    assert data.promise == (raw["promise"] != "0")


@fast(200)
@given(nasty(20), st.sampled_from(sorted(KIND_WORDS)), st.sampled_from(["", " ", "\t", "  "]))
def test_parse_kind(anything, word, pad):
    assert parse_kind(anything) is None or isinstance(parse_kind(anything), Kind)
    assert parse_kind(pad + word.upper() + pad) == KIND_WORDS[word]


# ================================================================ dates.py (long and control input only)


@fast(60)
@given(long_text() | nasty(80) | st.tuples(st.sampled_from(["", " ", "\t", "\u3000"]),
                                          st.sampled_from(["明天下午3点", "fri 10:30", "+3d", "12月1日"])).map(
    lambda p: p[0] + p[1] + p[0]))
@example("明天\x1b[2J下午3点")
def test_parse_when_refuses_long_or_control_text_with_a_safe_message(text):
    try:
        parse_when(text, NOW)
        event("parsed")
    except DateParseError as error:
        event("refused")
        assert len(error.text) <= 41 and error.text.isprintable()
        assert error.message("en") and error.message("zh")
    else:   # only spacing controls (\t \n \r \x1c-\x1f \x85) pass, read as spaces
        assert len(text) <= 200 and not any(is_control(c) and not c.isspace() for c in text)


# ================================================================ lunar.py


BIRTHDAY_TEXT = st.one_of(
    st.from_regex(r"\s*((19[0-9]{2}|20[0-2][0-9])[-/.])?(0?[1-9]|1[0-2])[-/.](0?[1-9]|1[0-9]|2[0-8])\s*", fullmatch=True),
    st.tuples(st.sampled_from(["农历", "阴历", "农历1987年", "农历 2023 年 "]), st.sampled_from(["", "闰"]),
              st.sampled_from(["正", "二", "六", "十", "冬", "腊", "3"]), st.sampled_from(["月"]),
              st.sampled_from(["初一", "初十", "十五", "廿三", "三十", "8", "二十"])).map("".join),
    st.from_regex(r"lunar:((19|20)[0-9]{2}-|--)L?(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|30)", fullmatch=True),
    st.from_regex(r"(1[0-2]|[1-9])月([1-9]|1[0-9]|2[0-8])[日号]", fullmatch=True),
)


@fast(300)
@given(BIRTHDAY_TEXT | nasty(30) | st.lists(st.sampled_from(["农历", "阴历", "lunar:", "solar:", "闰", "L", "l", "正", "腊", "冬",
                                             "十", "廿", "初", "三", "月", "日", "号", "年", "-", "/", ".",
                                             "--", "1987", "2400", "06", "10", "30", "31", "02", "29", "1",
                                             "〇", "二", "(", ")", "leap"]), max_size=8).map("".join))
def test_parse_birthday_reads_or_explains(text):
    try:
        birthday = parse_birthday(text)
        event("parsed")
    except BirthdayParseError as error:
        event("refused")
        assert error.message("en") and error.message("zh")
        assert error.text == text
        return
    assert isinstance(birthday, Birthday)
    assert Birthday.from_storage(birthday.to_storage()) == birthday
    assert parse_birthday(birthday.to_storage()) == birthday


@fast(200)
@given(nasty(24) | st.from_regex(r"(solar|lunar):(\d{4}-|--)L?\d{2}-\d{2}", fullmatch=True)
       | st.from_regex(r"(solar|lunar):((1[89]|2[0-3])[0-9]{2}-|--)(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])",
                       fullmatch=True)
       | st.from_regex(r"lunar:((1[89]|2[0-3])[0-9]{2}-|--)L(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|30)", fullmatch=True))
def test_birthday_from_storage_reads_or_explains(text):
    try:
        birthday = Birthday.from_storage(text)
        event("parsed")
    except BirthdayParseError as error:
        event("refused")
        assert error.message("en") and error.message("zh")
        return
    assert Birthday.from_storage(birthday.to_storage()) == birthday
    if text.isascii():
        assert birthday.to_storage() == text


# ================================================================ money.py


MONEY = st.one_of(
    st.integers(0, 10**8).map(lambda v: f"¥{v:,}"),
    st.integers(0, 10**8).map(lambda v: f"￥{v}.5"),
    st.integers(0, 9999).map(lambda v: f"{v / 10}万"),
    st.integers(0, 9999).map(lambda v: f"{v / 100}w"),
    st.integers(0, 9999).map(lambda v: f"{v}千"),
    st.integers(0, 9999).map(lambda v: f"{v}元"),
    st.integers(0, 9999).map(lambda v: "".join(chr(ord(c) + 0xFEE0) for c in str(v))),   # full width
    st.sampled_from(["", "nan", "inf", "-1", "1e9", "1e400", "万", "¥", "1_0", "1，280"]),
    nasty(10),
)


@fast(300)
@given(MONEY)
def test_parse_money_reads_or_raises_value_error(text):
    """One reading of amounts for meal budgets and costs, gift values and interaction costs."""
    try:
        value = money.parse_money(text)
    except ValueError:
        event("refused")
        return
    event("parsed")
    assert value is None or 0 <= value < money.MAX_MONEY
    plain = unicodedata.normalize("NFKC", text)
    if m := re.fullmatch(r"[¥￥]?([\d,]*\d[\d,]*(?:\.\d+)?)(万|w|W|千|元)?", plain):
        factor = {"万": 10_000, "w": 10_000, "W": 10_000, "千": 1_000}.get(m[2], 1)
        assert value == pytest.approx(float(m[1].replace(",", "")) * factor)


# ================================================================ meal_forms.py


PLAN_WHEN = st.sampled_from(["", "周五 18:30", "明天晚上6点", "fri", "bogus", "2026-12-01 12:00"]) | nasty(8)


PLAN_VALID = st.fixed_dictionaries({
    "title": nasty(40), "purpose": st.sampled_from(["", "business", "relationship"]),
    "phase": st.sampled_from(["", "kickoff", "near_close"]),
    "when": st.sampled_from(["周五 18:30", "明天晚上6点", "2026-12-01 12:00", "fri 7pm"]),
    "venue": nasty(30) | long_text(), "venue_level": st.sampled_from(["", "upscale", "casual"]),
    "cuisine": nasty(30), "private_room": st.sampled_from(["", "1", "0", "yes"]),
    "budget": st.sampled_from(["", "¥1,280", "0.3万", "800元"]), "channel": st.sampled_from(["", "wechat"]),
    "deadline": st.sampled_from(["", "12-20"]), "me": st.sampled_from(["", "0", "1"]), "boss": nasty(20),
    "colleagues": st.lists(nasty(10), max_size=3).map(", ".join),
})


@fast(150)
@given(PLAN_VALID | st.fixed_dictionaries({
    "title": nasty(40) | long_text(), "purpose": st.sampled_from(["", "business", "bogus"]),
    "phase": st.sampled_from(["", "milestone", "bogus"]), "when": PLAN_WHEN, "venue": nasty(30) | long_text(),
    "venue_level": st.sampled_from(["", "mid_range", "bogus"]), "cuisine": nasty(30),
    "private_room": st.sampled_from(["", "1", "0", "yes"]), "budget": MONEY,
    "channel": st.sampled_from(["", "bogus"]), "deadline": st.sampled_from(["", "12-20", "bogus"]),
    "me": st.sampled_from(["", "0", "1"]), "boss": nasty(20), "colleagues": nasty(30),
}), st.lists(st.tuples(st.integers(1, 30), nasty(10)), min_size=1, max_size=8) | st.just([]))
def test_validate_plan_refuses_with_messages_or_keeps_the_cleaned_text(raw, guests):
    data, errors = meal_forms.validate_plan(raw, guests, NOW, me_name="我")
    event("refused" if errors else "accepted")
    if errors:
        assert data is None
        assert_errors(errors)
        if len(clean_text(raw["title"])) > meal_forms.MAX_TITLE:
            assert errors["title"].key == "form.error.too_long"
        return
    assert data.title == clean_text(raw["title"]) and len(data.title) <= meal_forms.MAX_TITLE
    assert data.venue == clean_text(raw["venue"]) and data.cuisine == clean_text(raw["cuisine"])
    assert data.planned_at is not None and 2 <= data.seats <= 14
    for diner in data.ours:
        assert diner.name and no_controls(diner.name) and len(diner.name) <= 100
    assert data.budget is None or 0 <= data.budget < money.MAX_MONEY


NUMBERED = st.sampled_from(["", "1. ", "2、", "3) ", "- ", "* ", "• "])
ACTION_LINES = st.lists(st.tuples(NUMBERED, st.sampled_from(["我方: 发报价单 周五", "us: send quote fri",
                                                           "对方（张伟）：确认样品 下周一", "them: x"]) | nasty(20)),
                        max_size=4).map(lambda lines: "\n".join(a + b for a, b in lines))


MINUTES_VALID = st.fixed_dictionaries({
    "discussed": nasty(40) | long_text(), "agreements": nasty(60),
    "actions": st.lists(st.tuples(NUMBERED, st.sampled_from(["我方: 发报价单 周五", "us: send quote fri",
                                                            "对方（张伟）：确认样品 下周一"])), max_size=3).map(
        lambda lines: "\n".join(a + b for a, b in lines)),
    "learned": st.sampled_from(["", "张伟: 女儿明年高考", "1. Li: plays golf\n2、王总：不喝酒"]),
    "cost": st.sampled_from(["", "¥1,280", "0.3万"]), "next_step": nasty(30) | long_text(),
})


@fast(120)
@given(MINUTES_VALID | st.fixed_dictionaries({
    "discussed": nasty(40) | long_text(), "agreements": nasty(60), "actions": ACTION_LINES,
    "learned": st.lists(nasty(20), max_size=3).map("\n".join) | st.just("张伟: 女儿明年高考"),
    "cost": MONEY, "next_step": nasty(30) | long_text(),
}), st.lists(st.integers(1, 5), max_size=4) | st.just([1, 3]),
   st.dictionaries(st.integers(1, 5), LEVEL, max_size=3) | st.just({1: "4", 2: ""}))
def test_validate_minutes_names_every_bad_line_or_keeps_the_text(raw, attended, levels):
    data, errors = meal_forms.validate_minutes(raw, attended, {1, 2}, NOW, levels)
    event("refused" if errors else "accepted")
    if errors:
        assert data is None
        assert_errors(errors)
        return
    assert data.discussed == clean_text(raw["discussed"])          # 10,000 characters kept whole
    assert data.next_step == clean_text(raw["next_step"])
    for line in data.agreements:
        assert line and "\n" not in line and no_controls(line)
    assert all(0 <= v <= 6 for v in data.levels.values())
    assert set(data.attended) & {1, 2}


# ================================================================ meals.py (typed lines, free text)

OWNERS = {"我方": "us", "我们": "us", "us": "us", "we": "us", "对方": "them", "客户": "them", "them": "them",
          "client": "them"}
WHAT_WORDS = st.sampled_from(["发报价单", "样品", "quote", "samples", "合同", "😀", "100%", "a_b", "'x'",
                              '"q"', "[bold]", "C:\\temp"])
DUE = st.sampled_from(["周五", "fri", "next mon", "明天下午3点", "12月1日", "+3d", "2026-12-01", "下周一"])


@fast(150)
@given(st.sampled_from(sorted(OWNERS)), st.sampled_from([": ", "：", " : "]),
       st.lists(WHAT_WORDS, min_size=1, max_size=4).map(" ".join), DUE)
def test_parse_action_item_round_trip(owner, colon, what, due):
    item = parse_action_item(f"{owner}{colon}{what} {due}", NOW)
    assert isinstance(item, ActionItem), item
    assert item.owner == OWNERS[owner] and item.what == what
    when = parse_when(due, NOW)
    assert (item.due, item.due_time) == (when.day, when.time)


@fast(200)
@given(nasty(60) | long_text() | st.tuples(st.sampled_from(sorted(OWNERS)), nasty(30), DUE).map(
    lambda p: f"{p[0]}: {p[1]} {p[2]}"))
@example("我方: " + "很" * 9_990 + " 周五")
def test_parse_action_item_never_raises_and_names_the_line_safely(line):
    item = parse_action_item(line, NOW)
    event(item.key if isinstance(item, FieldError) else "parsed")
    if isinstance(item, FieldError):
        assert_bilingual(item)
        shown = item.values["line"]
        assert len(shown) <= 41 and shown.isprintable()
    else:
        assert item.what and "\n" not in item.what and no_controls(item.what)
        assert len(item.who) <= 40 and item.due is not None


PERSON = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"),
                                        exclude_characters=":："), min_size=1, max_size=40)
FACT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=60)


@fast(200)
@given(PERSON, st.sampled_from([":", "：", " : "]), FACT)
def test_parse_learned_round_trip(person, colon, fact):
    found = parse_learned(f"{person}{colon}{fact}")
    event("refused" if isinstance(found, FieldError) else "parsed")
    if not person.strip() or not fact.strip():
        assert isinstance(found, FieldError)
        assert_bilingual(found)
        return
    assert found == (person.strip(), fact.strip())


@fast(150)
@given(nasty(60) | long_text())
def test_parse_learned_never_raises(line):
    found = parse_learned(line)
    event(found.key if isinstance(found, FieldError) else "parsed")
    if isinstance(found, FieldError):
        assert_bilingual(found)
        assert len(found.values["line"]) <= 41 and found.values["line"].isprintable()
    else:
        person, fact = found
        assert 0 < len(person) <= 40 and fact and no_controls(person + fact)


@fast(150)
@given(nasty(60) | long_text(), st.sampled_from(["en", "zh"]))
def test_safe_topics_from_any_hobbies(hobbies, lang):
    topics = safe_topics(hobbies, lang)
    assert len({x.casefold() for x in topics}) == len(topics)
    builtin = {t(f"meals.topic.{name}", lang=lang) for name in SAFE_TOPICS}
    for topic in topics:
        assert topic and topic != "meals.topic"
        if topic not in builtin:
            assert no_controls(topic) and len(topic) <= 40
    folded = {x.casefold() for x in topics}
    for part in split_list(hobbies.replace("/", ",")):
        part = clean_text(part)[:40]
        if part:
            assert part.casefold() in folded
    assert {b.casefold() for b in builtin} <= folded                 # the always-safe topics are there too


@fast(150)
@given(nasty(40) | long_text() | st.sampled_from(["牛排", "粤菜 白酒", "清真", "steak & wine"]),
       nasty(30) | st.sampled_from(["不吃牛肉", "no alcohol", "清真", "不忌辣"]), nasty(20))
def test_cuisine_clashes_from_any_text(cuisine, taboos, diet):
    warnings = cuisine_clashes(cuisine, GuestFacts(name="张总", taboos=taboos, diet=diet))
    event(f"{len(warnings)} warnings")
    for warning in warnings:
        for lang in ("en", "zh"):
            assert warning.message(lang) and warning.message(lang) != warning.key
        assert cell_len(warning.values["cuisine"]) <= 40         # cut to 40 terminal cells


@fast(80)
@given(nasty(30), nasty(40) | long_text(), st.lists(nasty(20), max_size=3), nasty(20), nasty(20),
       st.sampled_from(["en", "zh"]))
def test_minutes_markdown_from_any_text(title, discussed, agreements, person, fact, lang):
    text = minutes_markdown(MinutesFacts(title=title, discussed=discussed, agreements=agreements,
                                         action_items=[("us", person, fact, TODAY)], learned=[(person, fact)],
                                         cost=1280.0, next_step=discussed), lang)
    assert no_controls(text) and text.endswith("\n")
    one_line = [" ".join(clean_text(a).split()) for a in agreements]
    numbered = [f"{i}. {a}" for i, a in enumerate(filter(None, one_line), 1)]
    for line in numbered:
        assert line in text.splitlines()


# ================================================================ gift_forms.py and gifts.py

@fast(300)
@given(st.one_of(
    st.tuples(st.integers(0, 800), st.sampled_from(["-", "–", "~", "～", " to ", " 到 ", "至", " "]),
              st.integers(0, 800), st.sampled_from(["", "天", " days"])).map(lambda p: f"{p[0]}{p[1]}{p[2]}{p[3]}"),
    st.integers(0, 1200).map(str),
    st.sampled_from(["", "40-80", "４０－８０", "0", "1", "730", "731", "١٢"]),
    nasty(10),
))
def test_parse_rhythm_reads_or_raises_value_error(text):
    try:
        rhythm = gift_forms.parse_rhythm(text)
    except ValueError:
        event("refused")
        return
    event("parsed" if rhythm else "empty")
    if rhythm is None:
        assert not unicodedata.normalize("NFKC", text).strip().lower().removesuffix("天").removesuffix("days").strip()
        return
    low, high = rhythm
    assert 1 <= low <= high <= gift_forms.RHYTHM_MAX_DAYS
    if m := re.fullmatch(r"(\d+)(?:-|–|~|～| to | 到 |至| )(\d+)(?:天| days)?", text):
        assert (low, high) == tuple(sorted((int(m[1]), int(m[2]))))
    if text.isdigit() and text.isascii():
        n = int(text)
        assert (low, high) == (n - n // 3, n + n // 3)


@fast(200)
@given(st.fixed_dictionaries({"what": nasty(30) | long_text(), "value": MONEY,
                              "given_on": st.sampled_from(["", "昨天", "11-20", "12-25", "+3d", "bogus"]) | nasty(8),
                              "note": nasty(30) | long_text()}),
       st.sampled_from([None, "", "mid_autumn", "birthday:3"]))
def test_validate_gift(raw, occasion):
    data, errors = gift_forms.validate_gift(raw, 7, occasion, NOW)
    event("refused" if errors else "accepted")
    if errors:
        assert data is None
        assert_errors(errors)
        return
    assert data.what == clean_text(raw["what"]) and data.what
    assert data.note == clean_text(raw["note"])
    assert data.given_on <= TODAY and data.occasion_key == (occasion or None)
    assert data.value is None or 0 <= data.value < money.MAX_MONEY


OCCASION_VALID = st.fixed_dictionaries({
    "name": nasty(30, min_size=1).map(lambda v: clean_text(v) or "周年"),
    "date": st.sampled_from(["05-18", "2027-05-18", "农历八月十五", "lunar:2027-03-08", "农历1987年闰六月初十"]),
    "yearly": st.sampled_from(["", "1"]), "lead_days": st.sampled_from(["", "0", "7", "90", "٣", "７"]),
})


@fast(200)
@given(OCCASION_VALID | st.fixed_dictionaries({
    "name": nasty(30) | long_text(),
    "date": st.sampled_from(["", "05-18", "2027-05-18", "农历八月十五", "lunar:2027-03-08", "农历1987年闰六月初十",
                             "lunar:1988-L06-10", "bogus", "02-30"]) | nasty(10),
    "yearly": st.sampled_from(["", "0", "1"]), "lead_days": st.sampled_from(["", "0", "90", "91", "-1", "٣", "７"])
    | nasty(3),
}))
def test_validate_occasion(raw):
    data, errors = gift_forms.validate_occasion(raw, contact_id=3)
    event("refused" if errors else "accepted")
    if errors:
        assert data is None
        assert_errors(errors)
        return
    assert data.name == clean_text(raw["name"]) and data.name
    assert 0 <= data.lead_days <= gift_forms.LEAD_MAX_DAYS
    assert Birthday(data.calendar, data.month, data.day, data.year, data.leap)
    assert data.yearly or data.year is not None


@fast(200)
@given(nasty(40), st.sampled_from(["en", "zh"]))
def test_same_gift_is_noticed_whatever_the_width_case_or_spacing(gift, lang):
    key = normalise_gift(gift)
    assert key == key.casefold() and not any(unicodedata.category(c)[0] in "PSZC" for c in key)
    variant = unicodedata.normalize("NFKC", gift).upper() + " "
    assume(normalise_gift(variant) == key)        # upper() may change some letters' folding (ß -> SS)
    warning = same_gift_warning(variant, [(gift, date(2026, 9, 1), "mid_autumn")], lang)
    event("warned" if warning else "nothing to compare")
    if key:
        assert warning and "2026-09-01" in warning
    else:
        assert warning is None


# ================================================================ csv_import.py


@fast(200)
@given(st.text(alphabet=CHARS, max_size=60))
def test_decode_round_trips_utf8_bom_utf16_and_gb18030(text):
    assume(not text.startswith("\ufeff"))
    assert csv_import.decode(text.encode("utf-8")) == (text, "utf-8")
    assert csv_import.decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "utf-8-sig")
    assert csv_import.decode(text.encode("utf-16")) == (text, "utf-16")
    gb = text.encode("gb18030")
    decoded, encoding = csv_import.decode(gb)
    if encoding == "gb18030":
        assert decoded == text
    elif not gb.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        assert encoding == "utf-8"                       # the bytes happen to be UTF-8 too


@fast(300)
@given(st.binary(max_size=400) | nasty(80).map(lambda s: s.encode("utf-8")))
def test_any_bytes_read_as_a_csv_table_without_raising(data):
    table = csv_import.read_table(data)
    assert all(isinstance(h, str) for h in table.headers)
    lines = [line for line, _cells in table.rows()]
    assert lines == sorted(lines) and all(n >= 1 for n in lines)
    mapping = csv_import.guess_mapping(table.headers)
    rows = csv_import.read_rows(table, mapping)
    preview = build_preview(rows, [])
    for row in preview.invalid:
        for _field, error in row.errors:
            assert_bilingual(error)
    csv_import.looks_like_csv(data)


@fast(300)
@given(st.lists(nasty(20), max_size=8))
def test_guess_mapping_gives_known_fields_single_ones_once(headers):
    mapping = csv_import.guess_mapping(headers)
    assert len(mapping) == len(headers)
    assert all(m is None or m in csv_import.FIELDS for m in mapping)
    single = [m for m in mapping if m and m not in csv_import.MULTI]
    assert len(single) == len(set(single))


def _export_raw(raw: dict[str, str]) -> dict[str, str]:
    raw = {**raw, "tags": raw["tags"].replace("*", "").replace(":", "")}
    raw.setdefault("emails", raw.pop("email", ""))
    return raw


def _one_line_street(street: str) -> bool:
    """A street a card may hold and a text cell can carry. One that reads as "label: street" by
    itself ("老家：…", or "0：0") comes back labelled: in the form and in a CSV cell a word before
    a colon is the address's label (a known limit of the text form; vCard and JSON keep it)."""
    return bool(street) and clean_text(street) == street and "\n" not in street \
        and parse_addresses(street)[0].label == ""


EXPORT_RAW = VALID_CONTACT_RAW.map(_export_raw)
# What a file gives beyond the form's text: kinds, and labels of its own (a comma in one too).
TYPED_HOW = st.sampled_from([("", ""), ("mobile", ""), ("work", ""), ("home", ""), ("fax", ""), ("other", ""),
                             ("", "Assistant"), ("", "助理, 秘书"), ("", "Main; old")])
CARD_EXTRAS = st.fixed_dictionaries({
    "phones": st.lists(st.builds(lambda value, how: Typed(value, *how), PHONE, TYPED_HOW), max_size=3),
    "emails": st.lists(st.builds(lambda value, how: Typed(value, *how),
                                 st.from_regex(r"[a-z0-9._%+\-]{1,10}@[a-z0-9\-]{1,8}\.[a-z]{2,4}", fullmatch=True),
                                 TYPED_HOW.filter(lambda how: how[0] in ("", "work", "home", "other"))), max_size=2),
    "urls": st.lists(st.builds(Typed, st.sampled_from(["https://www.huawei.com", "www.dji.com/cn?a=1,2"]),
                               st.sampled_from(["", "work", "home"])), max_size=2, unique=True),
    "nickname": nasty(20),
    "addresses": st.lists(st.builds(Address, nasty(30).filter(_one_line_street),
                                    kind=st.sampled_from(["", "work", "home"])), max_size=2, unique=True),
})


def _valid_contact(raw: dict[str, str]) -> ContactInput:
    data, errors = validate_contact(raw)
    assert errors == {}, errors
    return data


def _export_row(c: ContactInput) -> dict:
    row = {name: getattr(c, name) for name in (*csv_import.EXPORT_COLUMNS, "name_parts")}
    row["position"], row["level"] = (c.position.value if c.position else ""), int(c.level)
    return row


@fast(120)
@given(st.lists(st.tuples(EXPORT_RAW, CARD_EXTRAS), min_size=1, max_size=3), st.sampled_from(["en", "zh"]))
@example([({"name": "'Tis Lee", "emails": "'@0.aa", "notes": "'quoted' note"}, {})], "en")   # the ' was dropped
@example([({"name": "王五", "phones": "0101234", "notes": '="x"', "title": "'0101'"}, {})], "zh")
@example([({"name": "王五"}, {"phones": [Typed("0101234", "", "助理, 秘书")]})], "en")   # Excel's 0 and a comma
@example([({"name": "王五", "emails": "0@0.aa, '@0.aa"}, {})], "en")   # a ' on a later line is no export guard
def test_exported_csv_reads_back_the_same_contacts(raws, lang):
    contacts = []
    for raw, extras in raws:
        c = _valid_contact(raw)
        for name, value in extras.items():      # a file's kinds and labels, beside what the form took
            setattr(c, name, list(dict.fromkeys([*getattr(c, name), *value])) if isinstance(value, list)
                    else clean_text(value))
        contacts.append(c)
    data = csv_import.contacts_csv([_export_row(c) for c in contacts], lang)
    table = csv_import.read_table(data)
    assert table.broken_at is None and table.row_count == len(contacts)
    preview = build_preview(csv_import.read_rows(table, csv_import.guess_mapping(table.headers)), [])
    assert preview.invalid == []
    assert len(preview.rows) == len(contacts)
    for c, row in zip(contacts, preview.rows):
        got = row.data
        text_fields = ("name", "company", "title", "nickname", *CONTACT_TEXT_FIELDS)
        for name in text_fields:
            assert getattr(got, name) == clean_text(getattr(c, name)), name
        ignored = ("mycontacts", "starred")
        assert got.tags == [tag for tag in c.tags if tag.lower() not in ignored]
        assert (got.phones, got.emails, got.urls, got.addresses) == (c.phones, c.emails, c.urls, c.addresses)
        assert got.wechat == c.wechat and got.birthday == c.birthday
        assert got.position == c.position and got.level == c.level


# ================================================================ vcard.py


@fast(120)
@given(st.lists(VALID_CONTACT_RAW, min_size=1, max_size=3), st.sampled_from(["3.0", "4.0"]))
def test_written_vcards_read_back_the_same_contacts(raws, version):
    contacts = [_valid_contact(raw) for raw in raws]
    data = vcard.write_vcards([vcard.CardValues.of(c) for c in contacts], version)
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
    assert vcard.looks_like_vcard(data)
    rows = list(vcard.read_vcards(data))
    assert len(rows) == len(contacts) and all(row.problem is None for row in rows)
    for c, row in zip(contacts, rows):
        got, errors = validate_contact(row.raw, row.base)
        assert errors == {}, errors
        # Phone books' full width undone; Google's and Apple's own groups are no tags.
        phones = [replace(p, value=unicodedata.normalize("NFKC", p.value).strip()) for p in c.phones]
        ignored = {"mycontacts", "starred", "contacts"}
        assert got == replace(c, phones=list(dict.fromkeys(phones)),
                              tags=[tag for tag in c.tags if tag.lower() not in ignored])


@fast(300)
@given(nasty(40))
def test_vcard_value_helpers_never_raise(text):
    assert isinstance(vcard.bday_text(text), str)
    assert ";" not in vcard.clean_phone(text)
    parts = vcard.split_structured(text)
    assert parts and all(p == p.strip() for p in parts)
    assert vcard.unescape(vcard.escape(text.replace("\r", ""))) == text.replace("\r", "")
    if text.strip():
        family, given = vcard.split_name(text)
        assert isinstance(family, str) and isinstance(given, str)


# ================================================================ ics.py


@fast(300)
@given(st.lists(nasty(12) | st.integers(), max_size=4))
def test_make_uid_is_always_a_valid_uid(parts):
    uid = make_uid(*parts)
    assert uid == make_uid(*parts) and uid.isascii() and uid.endswith("@clientbook")
    assert not any(c.isspace() for c in uid)


@fast(60)
@given(nasty(40) | long_text(), nasty(20), st.sampled_from(["en", "zh"]), st.booleans())
@example("copy to C:\\New; then \\N, \\n", "", "en", False)   # icalendar's vText read a typed \N as a line break
def test_followup_events_with_any_text_read_back(what, name, lang, timed):
    import icalendar

    what, name = clean_text(what), clean_text(name)
    when = datetime(2026, 12, 1, 15, 0) if timed else date(2026, 12, 1)
    data = build_calendar([followup_event(1, what, name, when, lang, alarm_days_before=1)], lang,
                          stamp=datetime(2026, 12, 1, tzinfo=timezone.utc))
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
    [event] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    summary = t("gifts.ics.followup", lang=lang, mark=t("today.promise_mark", lang=lang), what=what, name=name)
    assert str(event["SUMMARY"]) == summary


# ================================================================ dedupe.py


@fast(200)
@given(nasty(30) | PHONE, st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_phone_key(phone, mobile):
    key = phone_key(phone)
    assert key is None or (key.isdigit() and len(key) >= 7)
    spaced = f"{mobile[:3]} {mobile[3:7]}-{mobile[7:]}"
    assert phone_key(mobile) == phone_key(spaced) == phone_key(f"+86 {spaced}") == phone_key(f"0086{mobile}") == mobile


@fast(200)
@given(nasty(30), nasty(30))
def test_name_and_wechat_keys(name, company):
    key = name_key(name, company)
    assert (key is None) == (not re.sub(r"\s+", "", name))
    assert name_key(f" {name} ", company) == key
    assert wechat_key(name) == (name.strip().lower() or None)


@fast(100)
@given(st.lists(CONTACT_RAW | st.dictionaries(st.sampled_from(["name", "company", "phones", "wechat", "notes"]),
                                              nasty(20)), max_size=4), st.sampled_from(["en", "zh"]))
def test_build_preview_of_any_rows(raws, lang):
    rows = [RawRow(i, i + 1, raw) for i, raw in enumerate(raws, 1)]
    rows.append(RawRow(len(rows) + 1, 99, {}, FieldError("interop.problem.truncated")))
    book = [Existing(1, "张三", "华为", (Typed("13800138000"),), "zs", (Typed("zs@huawei.com"),))]
    preview = build_preview(rows, book)
    event(" ".join(sorted({r.status for r in preview.rows})))
    assert [r.number for r in preview.rows] == [r.number for r in rows]
    for row in preview.rows:
        assert row.status in (NEW, DUPLICATE, INVALID)
        if row.status == INVALID:
            assert row.errors and problem_text(row, lambda f: f or "-", lang)
            for _field, error in row.errors:
                assert_bilingual(error)
        else:
            assert isinstance(row.data, ContactInput)


@fast(100)
@given(VALID_CONTACT_RAW)
def test_the_same_row_twice_in_a_file_is_a_duplicate(raw):
    preview = build_preview([RawRow(1, 2, raw), RawRow(2, 3, dict(raw))], [])
    first, second = preview.rows
    assert first.status == NEW and second.status == DUPLICATE
    assert (second.match_row, second.match_line) == (1, 2)


def test_csv_export_keeps_formula_looking_text_as_text_and_reads_it_back():
    """Excel would run "=HYPERLINK(…)" or "@SUM(…)" typed in a note: the export guards them with
    an apostrophe (Excel does not show it), and an import of that file gives the text back."""
    rows = [{"name": "=HYPERLINK(\"http://x\")", "phones": [Typed("+86 138 0013 8000")], "tags": ["@vip"],
             "notes": "-5% 折扣", "company": "华为", "level": 0, "position": ""}]
    data = csv_import.contacts_csv(rows, "en")
    table = csv_import.read_table(data)
    cells = dict(zip(table.headers, next(table.rows())[1]))
    assert cells["Name"] == "'=HYPERLINK(\"http://x\")" and cells["Notes"] == "'-5% 折扣"
    assert cells["Phones"] == "'+86 138 0013 8000" and cells["Tags"] == "'@vip"
    preview = build_preview(csv_import.read_rows(table, csv_import.guess_mapping(table.headers)), [])
    got = preview.rows[0].data
    assert (got.name, got.notes, got.phones, got.tags) == ("=HYPERLINK(\"http://x\")", "-5% 折扣",
                                                         [Typed("+86 138 0013 8000")], ["@vip"])
