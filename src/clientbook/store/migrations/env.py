"""Alembic's environment: always run by store/upgrades.py on a connection it opened and holds
in a transaction (SQLite: BEGIN IMMEDIATE), never from a URL in an ini file."""

from alembic import context

from clientbook.store.models import all_tables

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=all_tables(), transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
