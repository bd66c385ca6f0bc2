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
    """Create `path` and every missing parent readable by the user only (0700), whatever the
    umask: mkdir(parents=True) would make the parents with the umask's mode (0777 under 000)."""
    missing = []
    folder = path
    while not os.path.lexists(folder):
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:  # another process made it meanwhile
            continue
        os.chmod(folder, 0o700)
    return path


def create_private(path: Path) -> int:
    """A new file readable by the user only, opened for writing: never an existing file or
    whatever a planted symlink points at (O_EXCL, O_NOFOLLOW), 0600 whatever the umask."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)


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
