"""Where the book lives. Evaluated at call time so tests can point CLIENTBOOK_HOME elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

BOOK_FILENAME = "clientbook.db"
DEMO_FILENAME = "demo.db"
CONFIG_FILENAME = "config.toml"


def home(env: dict[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    override = env.get("CLIENTBOOK_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path("clientbook", appauthor=False)


def ensure_private_dir(path: Path) -> Path:
    """Create the data folder readable by the user only (0700) on first run."""
    if not path.exists():
        path.mkdir(parents=True, mode=0o700)
        os.chmod(path, 0o700)
    return path


def default_book() -> Path:
    return home() / BOOK_FILENAME


def demo_book() -> Path:
    return home() / DEMO_FILENAME


def config_file() -> Path:
    return home() / CONFIG_FILENAME


def log_dir() -> Path:
    override = os.environ.get("CLIENTBOOK_HOME")
    if override:
        return Path(override).expanduser() / "logs"
    from platformdirs import user_log_path

    return user_log_path("clientbook", appauthor=False)
