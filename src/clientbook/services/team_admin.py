"""The team's logins, for `clientbook team add-rep` and `set-manager` (run by the team's admin):
checked here, made on the server by store/team_admin.py."""

from __future__ import annotations

from datetime import datetime

from clientbook.domain.team_access import password_error, role_error
from clientbook.domain.text import clean_text
from clientbook.errors import BookError
from clientbook.location import ServerBook
from clientbook.store.team import RepRow


def check_new_rep(name: str, role: str) -> tuple[str, str]:
    """The shown name and the login role of a new rep (the role defaults to the name), checked
    before any password is asked for. Raises BookError."""
    name = clean_text(name).strip()
    role = (role or name).strip()
    if not name:
        raise BookError("team.access.error.no_name")
    problem = role_error(role)
    if problem is not None:
        raise BookError("team.access.error.field", problem=problem)
    return name, role


def add_rep(book: ServerBook, name: str, role: str, password: str, now: datetime) -> RepRow:
    """A new rep of the team: their login role with `password` and their row. Raises BookError."""
    name, role = check_new_rep(name, role)
    problem = password_error(password)
    if problem is not None:
        raise BookError("team.access.error.field", problem=problem)
    from clientbook.store import team_admin

    return team_admin.add_rep(book, name, role, password, now)


def set_manager(book: ServerBook, name: str) -> RepRow:
    """Flag a rep (by shown name or role) a manager. Raises BookError."""
    from clientbook.store import team_admin

    return team_admin.set_manager(book, name.strip())
