"""Translation lookup: every user-visible string goes through `t`.

Catalogs live in `i18n/catalog_*.py`, one per area, each a dict of
key -> (English, 简体中文). The pair form makes a missing language visible at a glance;
tests check both sides are filled and that every key used in the source exists.
"""

from __future__ import annotations

import importlib
import pkgutil
import string

LANGUAGES = ("en", "zh")
_state = {"lang": "en"}
_catalog: dict[str, tuple[str, str]] | None = None


def catalog() -> dict[str, tuple[str, str]]:
    global _catalog
    if _catalog is None:
        merged: dict[str, tuple[str, str]] = {}
        package = importlib.import_module(__name__)
        for info in pkgutil.iter_modules(package.__path__):
            if info.name.startswith("catalog_"):
                module = importlib.import_module(f"{__name__}.{info.name}")
                duplicated = merged.keys() & module.MESSAGES.keys()
                if duplicated:
                    raise RuntimeError(f"duplicate message keys: {sorted(duplicated)}")
                merged.update(module.MESSAGES)
        _catalog = merged
    return _catalog


def set_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _state["lang"] = lang


def language() -> str:
    return _state["lang"]


class _PluralFormatter(string.Formatter):
    """str.format plus one spec for English plurals: "{days:plural:day:days}" gives "1 day",
    "3 days" (Chinese needs none)."""

    def format_field(self, value, format_spec: str):
        if format_spec.startswith("plural:"):
            _, one, many = format_spec.split(":")
            return f"{value} {one if value == 1 else many}"
        return super().format_field(value, format_spec)


_plural = _PluralFormatter()


def t(key: str, /, lang: str | None = None, **values: object) -> str:
    """The message `key` in `lang` (default: the current language), formatted with `values`."""
    pair = catalog().get(key)
    if pair is None:
        return key
    text = pair[1] if (lang or _state["lang"]) == "zh" else pair[0]
    if not values:
        return text
    return _plural.format(text, **values) if ":plural:" in text else text.format(**values)


def names_joined(names: list[str], lang: str | None = None) -> str:
    """A list of names as the language writes one: 张总、李工 / Zhang, Li."""
    return ("、" if (lang or language()) == "zh" else ", ").join(names)


def language_from_locale(env: dict[str, str]) -> str:
    """zh_* in LC_ALL / LC_MESSAGES / LANG / LANGUAGE means Chinese, anything else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
