"""Schema upgrades from version 7 on, as alembic revisions that run on SQLite and PostgreSQL
alike (versions/). Versions 1→7 of a SQLite book are book.py's MIGRATIONS, released before."""
