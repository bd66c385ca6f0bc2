"""Snapshot tests: every shot of scripts/screenshots.py, rendered again, must equal the SVG
committed in screenshots/. A change to what a user sees is then a reviewed change: run
`python scripts/screenshots.py NAME`, look at the new SVG, and commit it with the code."""

from __future__ import annotations

import difflib
import re

import pytest

from test_screenshots_script import load_script

SCRIPT = load_script()
CASES = [(shot, lang) for shot in SCRIPT.SHOTS for lang in SCRIPT.LANGUAGES]


def _visible_text(svg: str) -> list[str]:
    """The text runs of an SVG, for a readable failure message."""
    return [re.sub(r"&#160;", " ", run) for run in re.findall(r">([^<>]+)</text>", svg)]


@pytest.mark.parametrize(("shot", "lang"), CASES, ids=[f"{shot.name}-{lang}" for shot, lang in CASES])
async def test_screen_matches_its_committed_screenshot(shot, lang, tmp_path):
    [rendered] = await SCRIPT.take_all([shot], (lang,), tmp_path)
    committed = SCRIPT.OUT / rendered.name
    assert committed.exists(), f"{committed.name} is not in screenshots/: run scripts/screenshots.py {shot.name}"
    actual, expected = rendered.read_text(encoding="utf-8"), committed.read_text(encoding="utf-8")
    if actual != expected:
        diff = "\n".join(difflib.unified_diff(_visible_text(expected), _visible_text(actual), "committed", "now",
                                              lineterm="", n=1))
        pytest.fail(f"{committed.name} changed (new rendering: {rendered}); review it and run "
                    f"`python scripts/screenshots.py {shot.name}` to accept.\n{diff[:4000]}")
