"""Unhandled errors inside the app go to a log file and one line on the terminal."""

from __future__ import annotations

import sys
import traceback
from datetime import datetime

from clientbook.i18n import t


def run_guarded(app) -> int:
    app.run()
    error = getattr(app, "_exception", None)
    if error is None:
        return app.return_code or 0
    from clientbook import paths
    from clientbook.store.errors import BookError

    if isinstance(error, BookError):
        print(f"clientbook: {error.message()}", file=sys.stderr)
        return 2
    log = paths.log_dir()
    try:
        log.mkdir(parents=True, exist_ok=True)
        path = log / f"crash-{datetime.now():%Y%m%d-%H%M%S}.log"
        path.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
    except OSError:
        path = None
    print(t("app.crashed", error=type(error).__name__, log=path or "-"), file=sys.stderr)
    return 1
