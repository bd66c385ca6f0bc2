"""The team book's logins (clientbook team add-rep): what a rep's PostgreSQL role may be named."""

from __future__ import annotations

import re

from clientbook.domain.text import FieldError

# Lower-case letters, digits and underscores, starting with a letter or underscore, at most 63
# bytes (PostgreSQL's identifier limit): typed in psql as it is, with no quoting. "pg_" names are
# the server's own.
_ROLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")
MIN_PASSWORD = 8


def role_error(role: str) -> FieldError | None:
    """Why `role` cannot name a rep's login, or None when it can."""
    if not _ROLE.fullmatch(role) or role.startswith("pg_"):
        return FieldError("team.access.error.role_name", {"role": role})
    return None


def password_error(password: str) -> FieldError | None:
    if len(password) < MIN_PASSWORD:
        return FieldError("team.access.error.password_short", {"min": MIN_PASSWORD})
    return None
