"""Unhandled errors inside the app go to a log file and one line on the terminal."""

from __future__ import annotations

import os
import sys
import traceback
from datetime import datetime
from pathlib import Path

from clientbook import paths
from clientbook.errors import BookError
from clientbook.i18n import t
from clientbook.ui.textual_compat import error_of


def run_guarded(app) -> int:
    app.run()
    error = error_of(app)
    if error is None:
        return app.return_code or 0
    if isinstance(error, BookError):
        print(f"clientbook: {error.message()}", file=sys.stderr)
        return 2
    path = write_log(paths.log_dir(), error)
    print(t("app.crashed", error=type(error).__name__, log=path or "-"), file=sys.stderr)
    return 1


def scrubbed_traceback(error: BaseException) -> str:
    """Frames and exception types only: messages may hold the book's data (SQLAlchemy puts the
    SQL parameters, names and notes, in its errors' text)."""
    chain, seen = [], set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        chain.append(error)
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    lines = []
    for link in reversed(chain):
        lines.append("Traceback (most recent call last):\n")
        lines += traceback.format_list(traceback.extract_tb(link.__traceback__))
        lines.append(f"{type(link).__module__}.{type(link).__qualname__}\n")
    return "".join(lines)


def write_log(folder: Path, error: BaseException) -> Path | None:
    """A new crash log, 0600 in a 0700 folder; None when it cannot be written."""
    try:
        paths.ensure_private_dir(folder)
        if folder.stat().st_mode & 0o077:  # made by an older clientbook with the umask's mode
            os.chmod(folder, 0o700)
        stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
        for attempt in range(10):  # a name already taken (or a planted link) is never opened
            path = folder / f"crash-{stamp}{f'-{attempt}' if attempt else ''}.log"
            try:
                fd = paths.create_private(path)
            except FileExistsError:
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(scrubbed_traceback(error))
            return path
    except OSError:
        pass
    return None
