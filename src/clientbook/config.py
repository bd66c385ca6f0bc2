"""User settings in config.toml in the data folder. Missing or unreadable settings fall back
to defaults; the file is only written when the user changes a setting."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from clientbook import paths

DEFAULT_CADENCE_DAYS = {"A": 14, "B": 30, "C": 60, "D": 120}


@dataclass
class Settings:
    language: str | None = None          # "en" / "zh"; None: follow the system locale
    # `my_name`: the rep's own name, as the minutes name our side; None: never asked, "": skipped
    my_name: str | None = None
    cadence_days: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_CADENCE_DAYS))
    # [keymap]: binding id -> keys ("save" = "ctrl+s,f2"); ids are checked by ui/keymap.py
    keymap: dict[str, str] = field(default_factory=dict)
    # [deals] max_step_pct: the book's largest price step per concession; None: 3% (domain/deals.py)
    max_step_pct: float | None = None
    # [book] url: a team book on a PostgreSQL server (location.from_config refuses one holding a password)
    book_url: str | None = None


def load(path: Path | None = None) -> Settings:
    path = path or paths.config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return Settings()
    import tomllib  # only when there is a file to read: it costs the first frame ~6 ms

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return Settings()
    settings = Settings()
    if data.get("language") in ("en", "zh"):
        settings.language = data["language"]
    if isinstance(data.get("my_name"), str):
        settings.my_name = " ".join(data["my_name"].split())
    cadence = data.get("cadence_days", {})
    if isinstance(cadence, dict):
        for grade, days in cadence.items():
            if grade in DEFAULT_CADENCE_DAYS and isinstance(days, int) and days > 0:
                settings.cadence_days[grade] = days
    keymap = data.get("keymap", {})
    if isinstance(keymap, dict):
        settings.keymap = {str(binding): keys for binding, keys in keymap.items() if isinstance(keys, str) and keys}
    deals = data.get("deals", {})
    step = deals.get("max_step_pct") if isinstance(deals, dict) else None
    if isinstance(step, (int, float)) and not isinstance(step, bool) and 0 < step <= 100:
        settings.max_step_pct = float(step)
    book = data.get("book", {})
    if isinstance(book, dict) and isinstance(book.get("url"), str) and book["url"].strip():
        settings.book_url = book["url"].strip()
    return settings


def save(settings: Settings, path: Path | None = None) -> None:
    path = path or paths.config_file()
    paths.ensure_private_dir(path.parent)
    lines = []
    if settings.language:
        lines.append(f'language = "{settings.language}"')
    if settings.my_name is not None:
        import json

        lines.append(f"my_name = {json.dumps(settings.my_name, ensure_ascii=False)}")  # a TOML basic string too
    lines.append("")
    lines.append("[cadence_days]")
    lines += [f"{grade} = {days}" for grade, days in sorted(settings.cadence_days.items())]
    if settings.book_url:
        import json

        lines += ["", "[book]", f"url = {json.dumps(settings.book_url)}"]
    if settings.max_step_pct is not None:
        lines += ["", "[deals]", f"max_step_pct = {settings.max_step_pct:g}"]
    if settings.keymap:
        lines += ["", "[keymap]"] + [f'"{binding}" = "{keys}"' for binding, keys in sorted(settings.keymap.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
