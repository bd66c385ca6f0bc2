"""scripts/screenshots.py: its list of shots is well formed (rendering is left to the script)."""

from __future__ import annotations

import importlib.util
import inspect
import re
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "screenshots.py"


def load_script():
    spec = importlib.util.spec_from_file_location("clientbook_screenshots", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)  # importing renders nothing: only main() does
    finally:
        del sys.modules[spec.name]
    return module


def test_shot_names_are_unique_and_usable_as_file_names():
    script = load_script()
    names = [shot.name for shot in script.SHOTS]
    assert names and len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name) for name in names)
    files = {f"{name}-{lang}.svg" for name in names for lang in script.LANGUAGES}
    assert len(files) == len(names) * len(script.LANGUAGES)  # no name-lang collision
    assert {"today", "contacts-search", "contact", "companies"} <= set(names)


def test_shots_have_async_steps_and_a_fixed_date():
    script = load_script()
    for shot in script.SHOTS:
        assert inspect.iscoroutinefunction(shot.steps), shot.name
    assert script.NOW.isoformat() == "2026-11-26T10:00:00"
    assert set(script.LANGUAGES) == {"zh", "en"}
