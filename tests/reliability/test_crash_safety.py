"""A writer killed with SIGKILL at random moments loses nothing it reported as saved."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime

from clientbook.domain.contacts import validate_contact
from clientbook.store import open_store

WRITER = r"""
import sys
from datetime import datetime
from clientbook.domain.interactions import validate_log
from clientbook.store import open_store

path, contact_id, start = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
store = open_store(path)
now = datetime(2026, 11, 26, 10, 0)
n = start
while True:
    data, errors = validate_log({"kind": "call", "summary": f"saved-{n} 谈了报价",
                                 "followup_when": "+3d", "followup_what": f"follow-{n}"}, [contact_id], now)
    store.capture.log_interaction(data, now)
    print(n, flush=True)  # reported as saved only after the commit returned
    n += 1
"""


def test_sigkilled_writer_keeps_every_reported_write(tmp_path):
    path = tmp_path / "book.db"
    store = open_store(path, datetime(2026, 11, 26, 10))
    data, _ = validate_contact({"name": "张三"})
    contact_id = store.contacts.add_contact(data, datetime(2026, 11, 26, 10))
    store.close()

    rng = random.Random(20261126)
    reported: list[int] = []
    next_number = 0
    for _round in range(8):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(contact_id), str(next_number)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        # Let it get going, then kill it at a random moment mid-stream.
        first = writer.stdout.readline()
        assert first.strip(), writer.stderr.read()
        reported.append(int(first))
        time.sleep(rng.uniform(0.01, 0.25))
        os.kill(writer.pid, signal.SIGKILL)
        rest, _ = writer.communicate(timeout=30)
        # Only complete lines count: a number is printed after its commit returned.
        lines = rest.split("\n")
        reported += [int(line) for line in lines[:-1] if line.strip()]
        next_number = (max(reported) + 1) if reported else next_number
        next_number += 1000  # a fresh range each round, so nothing is counted twice

    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        saved = {int(s.split("-")[1].split()[0]) for (s,) in connection.execute("SELECT summary FROM interaction")}
        follow = {int(w.split("-")[1]) for (w,) in connection.execute("SELECT what FROM followup")}
        indexed = connection.execute("SELECT count(*) FROM note_fts WHERE kind = 'interaction'").fetchone()[0]
        interactions = connection.execute("SELECT count(*) FROM interaction").fetchone()[0]
    finally:
        connection.close()
    assert len(reported) > 8
    assert set(reported) <= saved
    # Each interaction came with its follow-up and note index row in the same transaction.
    assert saved == follow
    assert indexed == interactions
    store = open_store(path)
    try:
        assert store.capture.timeline(contact_id)
    finally:
        store.close()
