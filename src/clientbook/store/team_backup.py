"""`clientbook backup` on a team book: pg_dump of its database into a file only the user reads,
when pg_dump is on PATH; otherwise the server's own backups are what keeps the book."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

from clientbook.errors import BookError
from clientbook.location import ServerBook


def default_dump_path(book: ServerBook, now: datetime) -> Path:
    from sqlalchemy.engine import make_url

    from clientbook.paths import default_book

    return default_book().parent / "backups" / f"{make_url(book.url).database}-{now:%Y%m%d-%H%M%S}.dump"


def dump_book(book: ServerBook, target: Path) -> Path | None:
    """pg_dump (custom format, pg_restore reads it) of the book's database into `target`, made
    0600 before a byte is written; None when there is no pg_dump on PATH. The password goes to
    pg_dump in its environment, never on its command line (which `ps` shows). A rep's dump
    holds what the rep may read (--enable-row-security); the admin's, everything."""
    from sqlalchemy.engine import make_url

    program = shutil.which("pg_dump")
    if program is None:
        return None
    url = make_url(book.url)
    environment = dict(os.environ)
    if url.password is not None:
        environment["PGPASSWORD"] = str(url.password)
    dsn = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    from clientbook.paths import ensure_private_dir

    ensure_private_dir(target.parent)
    try:
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise BookError("book.error.cannot_write", path=target, detail=exc.strerror or str(exc)) from None
    with os.fdopen(handle, "wb") as output:
        done = subprocess.run([program, "--format=custom", "--enable-row-security", f"--dbname={dsn}"],
                              stdout=output, stderr=subprocess.PIPE, env=environment, check=False)
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        said = done.stderr.decode(errors="replace").strip().splitlines()
        errors = [line for line in said if "error:" in line]   # what went wrong, not the details after it
        raise BookError("team.access.backup.failed", path=book,
                        detail=(errors or said or [done.returncode])[0])
    return target
