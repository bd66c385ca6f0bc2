"""The message catalogs: every message in both languages, same placeholders, every key used exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

import clientbook
from clientbook.domain.enums import ENUM_MESSAGE_KEYS
from clientbook.i18n import catalog, language_from_locale, set_language, t

SRC = Path(clientbook.__file__).resolve().parent
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Chinese entries that may be the same as the English one: names, not words.
SAME_IN_BOTH = {"clientbook"}
LITERAL_KEY = re.compile(r"""\bt\(\s*(["'])([A-Za-z0-9_.\-]+)\1""")


def placeholders(text: str) -> set[str]:
    return {field for _lit, field, _spec, _conv in string.Formatter().parse(text) if field is not None}


def test_catalog_is_not_empty_and_keys_are_strings():
    messages = catalog()
    assert len(messages) > 50
    for key, pair in messages.items():
        assert isinstance(key, str) and key == key.strip()
        assert isinstance(pair, tuple) and len(pair) == 2, key


def test_every_entry_has_english_and_chinese():
    missing = [key for key, (en, zh) in catalog().items() if not en.strip() or not zh.strip()]
    assert missing == []


def test_chinese_entries_are_chinese():
    """Chinese has a Chinese character, or is only placeholders and punctuation
    (e.g. "{month_zh}{day_zh}"), or is a name kept as it is."""
    wrong = []
    for key, (en, zh) in catalog().items():
        if HAN.search(zh):
            continue
        without_fields = re.sub(r"\{[^{}]*\}", "", zh)
        if not re.search(r"[A-Za-z]", without_fields):
            continue  # only placeholders, numbers and punctuation: nothing to translate
        if zh == en and zh in SAME_IN_BOTH:
            continue
        wrong.append((key, zh))
    assert wrong == []


def test_placeholders_are_the_same_in_both_languages():
    """A Chinese `{x_zh}` is the Chinese spelling of the English `{x}` (e.g. 六月 for 6)."""
    different = []
    for key, (en, zh) in catalog().items():
        en_fields = placeholders(en)
        zh_fields = {f.removesuffix("_zh") for f in placeholders(zh)}
        if en_fields != zh_fields:
            different.append((key, sorted(en_fields), sorted(placeholders(zh))))
    assert different == []


def test_every_message_formats_in_both_languages():
    broken = []
    for key, (en, zh) in catalog().items():
        values = {name: 1 for name in placeholders(en) | placeholders(zh)}
        for lang, text in (("en", en), ("zh", zh)):
            try:
                assert t(key, lang=lang, **values)
            except (KeyError, ValueError, IndexError, TypeError) as exc:
                broken.append((key, text, repr(exc)))
    assert broken == []


def test_english_counts_agree_with_their_nouns():
    assert t("today.due_short", lang="en", days=1, last="2026-11-25") == "1 day past cadence · last 2026-11-25"
    assert t("today.due_short", lang="en", days=0, last="x").startswith("0 days past")
    assert t("today.due_short", lang="en", days=12, last="x").startswith("12 days past")
    assert t("contacts.count", lang="en", count=1) == "1 contact"
    assert t("contacts.count", lang="zh", count=1) == "1 位联系人"
    # The counted nouns of the catalogs go through the plural spec: no "1 days" left to write.
    for key, (en, _zh) in catalog().items():
        assert not re.search(r"(?<!–)\{[a-z_]+\} (days|contacts|people|rows|meals|gifts|dishes|diners)\b", en), key


def test_every_placeholder_name_can_be_passed_to_t():
    broken = []
    for key, (en, zh) in catalog().items():
        values = {name: 1 for name in placeholders(en) | placeholders(zh)}
        for lang in ("en", "zh"):
            try:
                t(key, lang=lang, **values)
            except TypeError as exc:
                broken.append((key, lang, str(exc)))
    assert broken == []


def _literal_keys() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for match in LITERAL_KEY.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            used.setdefault(match.group(2), []).append(f"{path.relative_to(SRC)}:{line}")
    return used


def test_scan_finds_literal_keys():
    used = _literal_keys()
    # the scan itself works: keys known to be used by the CLI and the store are found
    assert "cli.add.help" in used
    assert "book.upgraded" in used


def test_every_literal_key_in_the_source_is_in_the_catalog():
    messages = catalog()
    unknown = {key: where for key, where in _literal_keys().items() if key not in messages}
    assert unknown == {}


def test_enum_keys_exist():
    messages = catalog()
    assert len(ENUM_MESSAGE_KEYS) == 4 + 4 + 7
    assert [key for key in ENUM_MESSAGE_KEYS if key not in messages] == []


def test_t_uses_the_current_language_and_formats():
    set_language("zh")
    assert t("cli.add.help") == "添加联系人"
    assert t("cli.add.done", name="张三", company="华为", id=1) == "已添加 张三（华为），编号 #1"
    set_language("en")
    assert t("cli.add.help") == "add a contact"
    assert t("cli.add.help", lang="zh") == "添加联系人"
    assert t("no.such.key") == "no.such.key"
    with pytest.raises(ValueError):
        set_language("fr")


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "en_US"}, "en"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": ""}, "en"),
        ({}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),   # LC_ALL wins
        ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LC_ALL": "", "LANG": "zh_CN.UTF-8"}, "zh"),               # empty means unset
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US"}, "zh"),
    ],
)
def test_language_from_locale(env, lang):
    assert language_from_locale(env) == lang
