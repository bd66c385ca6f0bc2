"""Who may read and write what in a team book, enforced by PostgreSQL itself: each rep connects
as their own login role, a member of the team's group role, and row-level security decides
which rows that role sees and changes. A rep who opens psql with their own password gets no
more than the app shows them.

`install(connection)` runs once, at `clientbook team init` (store/server.py create_team_book),
as the team's admin: the role that owns the tables and these functions. The admin administers
(add-rep, set-manager); reps and managers work under their own roles.

The rules, table by table (me = clientbook_rep(), the rep row of the connected role; a manager
is a rep flagged `manager`):

- company, contact: the whole team reads, adds and edits them; owner_id and owned_since are
  not theirs to update (column grants): they move only through clientbook_move_owner (claim
  from the pool, a manager's handover or assignment), which logs an owner_change. A new row is
  mine (column default), or nobody's; a manager may add one for another rep. Deleting: its
  owner, or a manager.
- interaction, meal (the notes and the minutes): read when I wrote it or it is not private;
  a private one is read by its author alone, not even a manager. Written (updated, deleted) by
  its author, or by a manager when it is not private. A new one is mine; author_id never changes.
- followup: read unless it came from a private interaction I cannot read (its text is often the
  note's own); written by its author, its owner (who must do it: marks it done) or a manager.
- level_change: read as followup (its reason is the interaction's summary); added by me; changed
  or deleted by its author or a manager.
- gift: the whole team reads (so two reps do not send the same present); written by its author
  or a manager.
- call_prep (our outcome, their attitude, the rehearsal): read by its author and managers;
  written by its author.
- meal_diner, meal_learned: go with their meal (readable and writable when the meal is readable).
- rep: everyone reads; managers change name, manager and active; only the admin adds one
  (`clientbook team add-rep`, which makes the login role too).
- pool_rule: everyone reads; managers set the recycle periods.
- owner_change: everyone reads; written only by clientbook_move_owner.
- contact_spend (Insights' shares of a meal's or gift's cost): read as its interaction is (the
  interaction's private and author_id are kept with each share); kept by
  clientbook_refresh_last_contact. contact_touch (each contact's interaction times, which
  the stay-in-touch clock already shows the team) is read as the links are.
- every other table (deals, occasions, settings, the links of interactions to contacts, photos):
  the whole team reads and writes, as on a shared book.

No FORCE ROW LEVEL SECURITY: the table owner is the admin, whose SECURITY DEFINER functions
must see every row (a contact's last interaction, private or not); an owner can switch row
security off anyway, so forcing it on them would protect nothing.
"""

from __future__ import annotations

import hashlib

# The tables whose author_id / owner_id default to the connected rep.
AUTHORED = ("interaction", "meal", "followup", "gift", "call_prep", "level_change")
OWNED = ("company", "contact", "followup")
# Columns a rep may not update directly (column-level grants): they move by function only, or never.
FIXED_COLUMNS = {"company": {"owner_id", "owned_since"}, "contact": {"owner_id", "owned_since"},
                 **{table: {"author_id"} for table in AUTHORED}}
# Tables the team may not write at all (the admin and the functions do).
READ_ONLY = ("owner_change", "alembic_version")

ME = "(SELECT clientbook_rep())"
MANAGER = "(SELECT clientbook_is_manager())"
MINE = f"author_id = {ME}"
# A row that came from an interaction is seen when that interaction is (its own policy decides).
FROM_VISIBLE_NOTE = f"(interaction_id IS NULL OR {MINE} OR EXISTS (SELECT 1 FROM interaction i WHERE i.id = interaction_id))"
# An interaction or meal, and a share kept of an interaction's cost with its columns (contact_spend).
NOT_PRIVATE_OR_MINE = f"{MINE} OR NOT private"

# table -> [(policy name, command, USING, WITH CHECK)]; None where the command takes none.
POLICIES: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    **{table: [
        ("team_reads", "SELECT", "true", None),
        ("team_adds", "INSERT", None, f"owner_id IS NULL OR owner_id = {ME} OR {MANAGER}"),
        ("team_edits", "UPDATE", "true", "true"),
        ("owner_deletes", "DELETE", f"owner_id = {ME} OR {MANAGER}", None),
    ] for table in ("company", "contact")},
    **{table: [
        ("not_private_or_mine", "SELECT", NOT_PRIVATE_OR_MINE, None),
        ("author_adds", "INSERT", None, MINE),
        ("author_or_manager_edits", "UPDATE", f"{MINE} OR ({MANAGER} AND NOT private)",
         f"{MINE} OR ({MANAGER} AND NOT private)"),
        ("author_or_manager_deletes", "DELETE", f"{MINE} OR ({MANAGER} AND NOT private)", None),
    ] for table in ("interaction", "meal")},
    "followup": [
        ("from_visible_note", "SELECT", FROM_VISIBLE_NOTE, None),
        ("author_adds", "INSERT", None, MINE),
        ("author_owner_or_manager_edits", "UPDATE", f"{MINE} OR owner_id = {ME} OR {MANAGER}", "true"),
        ("author_or_manager_deletes", "DELETE", f"{MINE} OR {MANAGER}", None),
    ],
    "level_change": [
        ("from_visible_note", "SELECT", FROM_VISIBLE_NOTE, None),
        ("author_adds", "INSERT", None, MINE),
        ("author_or_manager_edits", "UPDATE", f"{MINE} OR {MANAGER}", "true"),
        ("author_or_manager_deletes", "DELETE", f"{MINE} OR {MANAGER}", None),
    ],
    "gift": [
        ("team_reads", "SELECT", "true", None),
        ("author_adds", "INSERT", None, MINE),
        ("author_or_manager_edits", "UPDATE", f"{MINE} OR {MANAGER}", "true"),
        ("author_or_manager_deletes", "DELETE", f"{MINE} OR {MANAGER}", None),
    ],
    "call_prep": [
        ("author_or_manager_reads", "SELECT", f"{MINE} OR {MANAGER}", None),
        ("author_writes", "INSERT", None, MINE),
        ("author_edits", "UPDATE", MINE, MINE),
        ("author_deletes", "DELETE", MINE, None),
    ],
    **{table: [("with_its_meal", "ALL", "EXISTS (SELECT 1 FROM meal m WHERE m.id = meal_id)", None)]
       for table in ("meal_diner", "meal_learned")},
    "rep": [
        ("team_reads", "SELECT", "true", None),
        ("managers_edit", "UPDATE", MANAGER, "true"),
    ],
    "pool_rule": [
        ("team_reads", "SELECT", "true", None),
        ("managers_add", "INSERT", None, MANAGER),
        ("managers_edit", "UPDATE", MANAGER, "true"),
        ("managers_delete", "DELETE", MANAGER, None),
    ],
    "owner_change": [("team_reads", "SELECT", "true", None)],
}

# Who the connected rep is. Inside a SECURITY DEFINER function current_user is the function's
# owner, so the caller is read from the role setting (SET ROLE) or, without one, the login:
# the same role current_user names everywhere else.
FUNCTIONS = (
    """CREATE FUNCTION clientbook_rep() RETURNS integer LANGUAGE sql STABLE SET search_path = {path}
       AS $$ SELECT id FROM rep WHERE role = CASE WHEN current_setting('role') = 'none'
             THEN session_user::text ELSE current_setting('role') END $$""",
    """CREATE FUNCTION clientbook_is_manager() RETURNS boolean LANGUAGE sql STABLE SET search_path = {path}
       AS $$ SELECT coalesce((SELECT manager AND active FROM rep WHERE id = clientbook_rep()), false) $$""",
    # The team's group role, as named when the book was made (roles are the server's, not the
    # database's: a copy of the database keeps the grants to the same group).
    """CREATE FUNCTION clientbook_team_role() RETURNS text LANGUAGE sql IMMUTABLE
       AS $$ SELECT {group_literal}::text $$""",
    # In the pool (domain/team.py in_pool, the same rule): nobody owns it, or its grade's
    # recycle period has passed since it was last kept. A contact is graded by its company; a
    # company's last contact is its people's latest.
    """CREATE FUNCTION clientbook_in_pool(kind text, row_id integer) RETURNS boolean LANGUAGE sql STABLE
       SET search_path = {path} AS $$
       SELECT CASE kind
         WHEN 'contact' THEN (SELECT c.owner_id IS NULL OR coalesce(
             GREATEST(c.last_contact_at, coalesce(c.owned_since, c.created_at))
             < LOCALTIMESTAMP - make_interval(days => r.recycle_days), false)
           FROM contact c LEFT JOIN company co ON co.id = c.company_id
           LEFT JOIN pool_rule r ON r.grade = co.grade WHERE c.id = row_id)
         WHEN 'company' THEN (SELECT co.owner_id IS NULL OR coalesce(
             GREATEST((SELECT max(c.last_contact_at) FROM contact c WHERE c.company_id = co.id),
                      coalesce(co.owned_since, co.created_at))
             < LOCALTIMESTAMP - make_interval(days => r.recycle_days), false)
           FROM company co LEFT JOIN pool_rule r ON r.grade = co.grade WHERE co.id = row_id)
       END $$""",
    # The one way an owner changes. Runs as the admin (the reps may not update owner columns):
    # every argument is checked here, search_path is fixed so no object of the caller's is used.
    """CREATE FUNCTION clientbook_move_owner(kind text, id integer, to_rep integer, reason text)
       RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = {path} AS $$
       DECLARE
         caller integer := clientbook_rep();
         previous integer;
       BEGIN
         IF caller IS NULL THEN
           RAISE EXCEPTION 'clientbook: % is not a rep of this team', session_user USING ERRCODE = '42501';
         END IF;
         IF kind IS NULL OR kind NOT IN ('company', 'contact') THEN
           RAISE EXCEPTION 'clientbook: kind must be company or contact' USING ERRCODE = '22023';
         END IF;
         IF reason IS NULL OR reason NOT IN ('claim', 'handover', 'assign') THEN
           RAISE EXCEPTION 'clientbook: reason must be claim, handover or assign' USING ERRCODE = '22023';
         END IF;
         IF id IS NULL OR to_rep IS NULL OR NOT EXISTS (SELECT 1 FROM rep r WHERE r.id = to_rep AND r.active) THEN
           RAISE EXCEPTION 'clientbook: no such active rep' USING ERRCODE = '22023';
         END IF;
         IF kind = 'contact' THEN
           SELECT c.owner_id INTO previous FROM contact c WHERE c.id = clientbook_move_owner.id FOR UPDATE;
         ELSE
           SELECT c.owner_id INTO previous FROM company c WHERE c.id = clientbook_move_owner.id FOR UPDATE;
         END IF;
         IF NOT FOUND THEN
           RAISE EXCEPTION 'clientbook: no such %', kind USING ERRCODE = 'P0002';
         END IF;
         IF reason = 'claim' THEN
           IF to_rep <> caller THEN
             RAISE EXCEPTION 'clientbook: a rep claims for themselves' USING ERRCODE = '42501';
           END IF;
           IF NOT clientbook_in_pool(kind, clientbook_move_owner.id) THEN
             RAISE EXCEPTION 'clientbook: not in the pool' USING ERRCODE = '42501';
           END IF;
         ELSIF NOT clientbook_is_manager() THEN
           RAISE EXCEPTION 'clientbook: only a manager hands over or assigns' USING ERRCODE = '42501';
         END IF;
         IF kind = 'contact' THEN
           UPDATE contact SET owner_id = to_rep, owned_since = LOCALTIMESTAMP WHERE contact.id = clientbook_move_owner.id;
           INSERT INTO owner_change (contact_id, from_rep_id, to_rep_id, by_rep_id, reason, at)
             VALUES (clientbook_move_owner.id, previous, to_rep, caller, reason, LOCALTIMESTAMP);
         ELSE
           UPDATE company SET owner_id = to_rep, owned_since = LOCALTIMESTAMP WHERE company.id = clientbook_move_owner.id;
           INSERT INTO owner_change (company_id, from_rep_id, to_rep_id, by_rep_id, reason, at)
             VALUES (clientbook_move_owner.id, previous, to_rep, caller, reason, LOCALTIMESTAMP);
         END IF;
       END $$""",
)


def refresh_function(spend_rows: str | None) -> str:
    """A contact's stay-in-touch clock and Insights' rows of its interactions from all of them
    (store/writes.py refresh_last_contact, the same statements): under row security the caller
    would not see another rep's private ones and could set the clock back. CREATE OR REPLACE:
    `team upgrade` gives a team book made before the kept rows' latest schema this one.
    `spend_rows`: the statement that makes the spend shares (writes.SPEND_ROWS; an earlier
    schema's for a downgrade); None: the clock alone, as before schema 12."""
    from clientbook.store.writes import touch_rows

    linked = "(SELECT interaction_id FROM interaction_contact WHERE contact_id = ANY(contact_ids))"
    rows = f""";
       DELETE FROM contact_touch WHERE contact_id = ANY(contact_ids);
       {touch_rows(True)} AND l.contact_id = ANY(contact_ids);
       DELETE FROM contact_spend WHERE contact_id = ANY(contact_ids);
       DELETE FROM contact_spend WHERE interaction_id IN {linked};
       {spend_rows} AND l.interaction_id IN {linked}"""
    return f"""CREATE OR REPLACE FUNCTION clientbook_refresh_last_contact(contact_ids integer[]) RETURNS void
       LANGUAGE sql SECURITY DEFINER SET search_path = {{path}} AS $$
       UPDATE contact SET last_contact_at = (SELECT max(i.occurred_at) FROM interaction i
         JOIN interaction_contact l ON l.interaction_id = i.id WHERE l.contact_id = contact.id
         AND i.archived_at IS NULL) WHERE contact.id = ANY(contact_ids){rows if spend_rows else ""} $$"""


def install_refresh(connection, spend_rows: str | None) -> None:
    """refresh_function, runnable by the team alone."""
    from psycopg import sql

    driver = connection.connection.driver_connection
    database, schema = driver.execute("SELECT current_database(), current_schema()").fetchone()
    path = f"pg_catalog, {sql.Identifier(schema).as_string(driver)}, pg_temp"
    driver.execute(refresh_function(spend_rows).format(path=path))
    driver.execute(f"REVOKE ALL ON FUNCTION {REFRESH} FROM PUBLIC")
    driver.execute(f"GRANT EXECUTE ON FUNCTION {REFRESH} TO {sql.Identifier(group_role_name(database)).as_string(driver)}")


def install_insights(connection, spend_rows: str | None = None, visible: str = NOT_PRIVATE_OR_MINE) -> None:
    """What the team needs of Insights' kept rows (models/insights.py): the refresh above, and
    the spend shares read as their interaction is (a private one's cost by its author alone).
    At `team init`, and from the revision that last changed them on a team book made before it.
    `spend_rows` (default writes.SPEND_ROWS) and `visible`: an earlier schema's, for a downgrade."""
    from psycopg import sql

    from clientbook.store.writes import SPEND_ROWS

    install_refresh(connection, spend_rows or SPEND_ROWS)
    driver = connection.connection.driver_connection
    quoted = sql.Identifier(group_role_name(driver.execute("SELECT current_database()").fetchone()[0])).as_string(driver)
    driver.execute('ALTER TABLE "contact_spend" ENABLE ROW LEVEL SECURITY')
    driver.execute('DROP POLICY IF EXISTS with_its_interaction ON "contact_spend"')
    driver.execute(f'CREATE POLICY with_its_interaction ON "contact_spend" FOR ALL TO {quoted} USING ({visible})')


# The note search (store/capture.py): the newest live interactions or follow-ups whose character
# pairs (server.NOTE_PAIRS_SQL) and per-character document hold a query, that the caller may
# read. A function of the admin's because under row-level security PostgreSQL will not use an
# index for an operator that is not leakproof (tsvector @@ is not): a rep's search read every
# row. So it applies the read policies above itself (the caller's search then reads the rows it
# returns under row-level security again). Newest first without reading every match: ids are
# taken in windows from the highest down, the first as wide as the planner's estimate of the
# word's matches says holds half as many again as asked for (a rare word: every id at once),
# each next one as the matches found so far say the rest needs (four times the last when it
# held none). A window reads only its matching rows: the pairs' bitmap ANDed with the id range
# (enable_indexscan off: walking the id index and checking each row's pairs took 10-20x longer
# where a word's matches thin out among the newest notes, as 月饼 does after the Mid-Autumn).
# VOLATILE only because PostgreSQL allows EXPLAIN in no other function: it writes nothing.
VISIBLE_NOTE = {
    "interaction": NOT_PRIVATE_OR_MINE,
    "followup": f"interaction_id IS NULL OR {MINE} OR EXISTS (SELECT 1 FROM interaction i WHERE i.id = interaction_id"
                f" AND (i.author_id = {ME} OR NOT i.private))",
}
NOTE_IDS_BODY = """
   DECLARE
     visible text := CASE kind WHEN 'interaction' THEN '""" + VISIBLE_NOTE["interaction"] + """'
                               WHEN 'followup' THEN '""" + VISIBLE_NOTE["followup"] + """' END;
     matching text;
     plan json;
     lexeme text;
     expected float8;
     top integer;
     width bigint;
     taken integer := 0;
     got integer;
   BEGIN
     IF visible IS NULL OR (pairs IS NULL AND phrase IS NULL) OR n IS NULL OR n < 1 THEN
       RETURN;
     END IF;
     matching := format('FROM %I WHERE archived_at IS NULL', kind)
       || CASE WHEN pairs IS NULL THEN '' ELSE ' AND note_pairs @@ $1' END
       || CASE WHEN phrase IS NULL THEN '' ELSE ' AND note_doc @@ $2' END;
     EXECUTE format('SELECT max(id) FROM %I', kind) INTO top;
     -- The matches expected: the rarest pair's (a word's pairs come together: the planner,
     -- taking them apart, guessed 传感 & 感器 ten times too rare), else the phrase's.
     IF pairs IS NULL THEN
       EXECUTE format('EXPLAIN (FORMAT JSON) SELECT id FROM %I WHERE note_doc @@ $1', kind) INTO plan USING phrase;
       expected := (plan->0->'Plan'->>'Plan Rows')::float8;
     ELSE
       FOR lexeme IN SELECT (regexp_matches(pairs::text, '''([^'']+)''', 'g'))[1] LOOP
         EXECUTE format('EXPLAIN (FORMAT JSON) SELECT id FROM %I WHERE note_pairs @@ $1', kind)
           INTO plan USING quote_literal(lexeme)::tsquery;
         expected := least(expected, (plan->0->'Plan'->>'Plan Rows')::float8);
       END LOOP;
     END IF;
     expected := greatest(expected, 1);
     IF expected * 4 < top THEN   -- not in most notes: by the bitmaps, until the function returns
       PERFORM set_config('enable_indexscan', 'off', true);
     END IF;
     width := least(top, ceil(n * 3 * top / (2 * expected))) + 1;
     WHILE top > 0 AND taken < n LOOP
       RETURN QUERY EXECUTE 'SELECT id ' || matching || ' AND id <= $3 AND id > $3 - $4 AND (' || visible
         || ') ORDER BY id DESC LIMIT $5' USING pairs, phrase, top, width, n - taken;
       GET DIAGNOSTICS got = ROW_COUNT;
       taken := taken + got;
       top := top - width;
       width := CASE WHEN got = 0 THEN width * 4
                     ELSE least(width * 16, greatest(width / 4, (n - taken) * width * 3 / (2 * got)) + 1) END;
     END LOOP;
   END """
NOTE_IDS_FUNCTION = ("""CREATE OR REPLACE FUNCTION clientbook_note_ids(kind text, pairs tsquery, phrase tsquery, n integer)
   RETURNS SETOF integer LANGUAGE plpgsql VOLATILE SECURITY DEFINER ROWS 200 SET search_path = {path}
   SET enable_indexscan = on AS $$""" + NOTE_IDS_BODY + "$$")
NOTE_IDS = "clientbook_note_ids(text, tsquery, tsquery, integer)"

# Functions every role may run (they check the caller themselves, or only read what it may).
DEFINERS = ("clientbook_move_owner(text, integer, integer, text)",)
REFRESH = "clientbook_refresh_last_contact(integer[])"


def group_role_name(database: str) -> str:
    """The team's group role for `database`: roles are the whole server's, so it carries the
    database's name (shortened with a hash past PostgreSQL's 63 bytes)."""
    name = f"clientbook_{database}"
    if len(name.encode()) <= 63:
        return name
    return f"clientbook_{database.encode()[:40].decode(errors='ignore')}_{hashlib.sha1(database.encode()).hexdigest()[:10]}"


def install(connection) -> None:
    """Roles, grants, defaults, functions and policies of a new team book, in the caller's
    transaction (`connection`: a SQLAlchemy connection on the freshly made schema, as the admin)."""
    from psycopg import sql

    driver = connection.connection.driver_connection
    database, schema, admin = driver.execute("SELECT current_database(), current_schema(), current_user").fetchone()
    group = group_role_name(database)
    quoted = sql.Identifier(group).as_string(driver)
    path = f"pg_catalog, {sql.Identifier(schema).as_string(driver)}, pg_temp"
    if not driver.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (group,)).fetchone():
        driver.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(group)))
    for statement in FUNCTIONS:
        driver.execute(statement.format(path=path, group_literal=sql.Literal(group).as_string(driver)))
    for signature in DEFINERS:
        driver.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        driver.execute(f"GRANT EXECUTE ON FUNCTION {signature} TO {quoted}")
    install_note_search(connection)
    install_insights(connection)

    # The solo book's seeded rep 1 is the admin's row here; the ids go on after it.
    driver.execute("UPDATE rep SET role = current_user, name = current_user WHERE id = 1 AND role = ''")
    driver.execute("SELECT setval(pg_get_serial_sequence('rep', 'id'), (SELECT max(id) FROM rep))")
    for table in AUTHORED:
        driver.execute(f'ALTER TABLE "{table}" ALTER COLUMN author_id SET DEFAULT clientbook_rep()')
    for table in OWNED:
        driver.execute(f'ALTER TABLE "{table}" ALTER COLUMN owner_id SET DEFAULT clientbook_rep()')

    grant_tables(connection)
    for table, policies in POLICIES.items():
        driver.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        for name, command, using, check in policies:
            driver.execute(f'CREATE POLICY {name} ON "{table}" FOR {command} TO {quoted}'
                           + (f" USING ({using})" if using else "") + (f" WITH CHECK ({check})" if check else ""))


def install_note_search(connection) -> None:
    """The note search's function (NOTE_IDS_FUNCTION), for the team: at `team init`, and at
    `team upgrade` on a team book made before it."""
    from psycopg import sql

    driver = connection.connection.driver_connection
    database, schema = driver.execute("SELECT current_database(), current_schema()").fetchone()
    path = f"pg_catalog, {sql.Identifier(schema).as_string(driver)}, pg_temp"
    driver.execute(NOTE_IDS_FUNCTION.format(path=path))
    driver.execute(f"REVOKE ALL ON FUNCTION {NOTE_IDS} FROM PUBLIC")
    driver.execute(f"GRANT EXECUTE ON FUNCTION {NOTE_IDS} TO {sql.Identifier(group_role_name(database)).as_string(driver)}")


def note_search_current(driver) -> bool:
    """Whether the team book's note search function is this clientbook's (NOTE_IDS_BODY): one an
    earlier clientbook installed finds the same notes, slower; `team upgrade` replaces it."""
    found = driver.execute(f"SELECT prosrc FROM pg_proc WHERE oid = to_regprocedure('{NOTE_IDS}')").fetchone()
    return found is not None and found[0] == NOTE_IDS_BODY


def grant_tables(connection) -> None:
    """The team's grants on every table and sequence of the book: at `team init`, and again
    after `team upgrade` for the tables a revision made (GRANT is idempotent)."""
    from psycopg import sql

    driver = connection.connection.driver_connection
    database, schema = driver.execute("SELECT current_database(), current_schema()").fetchone()
    quoted = sql.Identifier(group_role_name(database)).as_string(driver)
    tables = [row[0] for row in driver.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")]
    driver.execute(f"GRANT USAGE ON SCHEMA {sql.Identifier(schema).as_string(driver)} TO {quoted}")
    driver.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {sql.Identifier(schema).as_string(driver)} TO {quoted}")
    for table in tables:
        _grant(driver, table, quoted)


def _grant(driver, table: str, group: str) -> None:
    if table in READ_ONLY:
        driver.execute(f'GRANT SELECT ON "{table}" TO {group}')
    elif table == "rep":   # managers edit these (policy managers_edit); the admin adds reps
        driver.execute(f'GRANT SELECT, UPDATE (name, manager, active) ON "{table}" TO {group}')
    elif table in FIXED_COLUMNS:
        columns = [row[0] for row in driver.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
            " AND table_name = %s ORDER BY ordinal_position", (table,))]
        updatable = ", ".join(f'"{column}"' for column in columns if column not in FIXED_COLUMNS[table])
        driver.execute(f'GRANT SELECT, INSERT, DELETE, UPDATE ({updatable}) ON "{table}" TO {group}')
    else:
        driver.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE ON "{table}" TO {group}')
