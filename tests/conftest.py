"""Every test runs with CLIENTBOOK_HOME in a temporary folder: the real book is never touched."""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path

import pytest

_SUITE_HOME = tempfile.mkdtemp(prefix="clientbook-tests-")
os.environ["CLIENTBOOK_HOME"] = _SUITE_HOME
os.environ.pop("LC_ALL", None)
os.environ["LANG"] = "C.UTF-8"

from clientbook.i18n import set_language  # noqa: E402

# A Thursday, fixed so nothing depends on the clock.
NOW = datetime(2026, 11, 26, 10, 0)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("CLIENTBOOK_HOME", str(home))
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def book_path(tmp_path) -> Path:
    return tmp_path / "book" / "clientbook.db"


@pytest.fixture
def store(book_path):
    from clientbook.store import open_store

    opened = open_store(book_path, NOW)
    yield opened
    opened.close()
