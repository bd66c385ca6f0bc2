"""A team's reps as the server knows them (run by the team's admin, the role that made the book):
a rep is a login role in the team's group role (store/policies.py) and a row of `rep`.

The password never travels as itself: libpq turns it into its SCRAM verifier on this side
(PQencryptPasswordConn), so neither the server's statement log nor pg_stat_activity sees it."""

from __future__ import annotations

from datetime import datetime

from clientbook.errors import BookError, translate
from clientbook.location import ServerBook
from clientbook.store.team import RepRow


def _run(book: ServerBook, work):
    """`work(connection)` in one transaction on the admin's connection; server errors as BookErrors."""
    import psycopg

    from clientbook.store.server import connect

    connection = connect(book)
    try:
        with connection.transaction():
            return work(connection)
    except psycopg.errors.InsufficientPrivilege:
        raise BookError("team.access.error.not_admin", path=book) from None
    except psycopg.Error as exc:
        error = translate(exc, book)
        if error is None:
            raise
        raise error from None
    finally:
        connection.close()


def add_rep(book: ServerBook, name: str, role: str, password: str, now: datetime) -> RepRow:
    """A login role `role` with `password`, in the team's group, and its rep row named `name`."""
    from psycopg import sql

    def work(connection) -> RepRow:
        if connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
            raise BookError("team.access.error.role_exists", role=role)
        if connection.execute("SELECT 1 FROM rep WHERE name = %s", (name,)).fetchone():
            raise BookError("team.access.error.rep_exists", name=name)
        group = connection.execute("SELECT clientbook_team_role()").fetchone()[0]
        verifier = connection.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256").decode()
        connection.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(role), sql.Literal(verifier)))
        connection.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(role)))
        rep_id = connection.execute("INSERT INTO rep (name, role, manager, active, created_at) VALUES (%s, %s, false,"
                                    " true, %s) RETURNING id", (name, role, now)).fetchone()[0]
        return RepRow(rep_id, name, role, False, True)

    return _run(book, work)


def set_manager(book: ServerBook, name: str) -> RepRow:
    """Flag the rep named `name` (or whose role it is) a manager: the policies read the flag."""
    def work(connection) -> RepRow:
        found = connection.execute("UPDATE rep SET manager = true WHERE (name = %s OR role = %s) AND role <> ''"
                                   " RETURNING id, name, role, active", (name, name)).fetchall()
        if len(found) != 1:
            raise BookError("team.access.error.no_rep" if not found else "team.access.error.ambiguous_rep", name=name)
        rep_id, rep_name, role, active = found[0]
        return RepRow(rep_id, rep_name, role, True, active)

    return _run(book, work)
