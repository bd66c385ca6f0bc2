"""The TUI open on a book while `clientbook log` runs from other shells: every write lands,
nobody sees "database is locked", and the open screen shows the new entries."""

from __future__ import annotations

import os
import subprocess
import sys

from textual.widgets import DataTable

from clientbook.domain.contacts import validate_contact
from clientbook.store import open_store
from conftest import NOW
from ui_support import make_app, settle

RUNS = 6
WORKERS = 3

WORKER = """
import runpy, sys
path, worker, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
codes = []
for i in range(runs):
    # A fixed time, before the app's fixed clock, so "recent" shows them whatever the real date.
    sys.argv = ["clientbook", "--db", path, "log", "张伟", "call", f"shell {worker}-{i}", "--when", "2026-11-26 09:00"]
    try:
        runpy.run_module("clientbook", run_name="__main__", alter_sys=True)
        codes.append(0)
    except SystemExit as exc:
        codes.append(exc.code if isinstance(exc.code, int) else 1)
sys.exit(0 if codes == [0] * runs else 1)
"""


async def test_quick_logs_in_the_tui_while_shell_logs_run(tmp_path):
    path = tmp_path / "book.db"
    store = open_store(path, NOW)
    data, _ = validate_contact({"name": "张伟", "company": "华为"})
    store.contacts.add_contact(data, NOW)
    env = {**os.environ, "LANG": "C.UTF-8"}
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(path), str(w), str(RUNS)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for w in range(WORKERS)
    ]
    app = make_app(path, store=store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        for i in range(RUNS):
            await pilot.press("l", *"zw", "enter", *f"tui{i}", "ctrl+s")
            await app.workers.wait_for_complete()  # the quick log writes in a worker, then closes
            await pilot.pause()
        results = [w.communicate(timeout=120) for w in workers]
        # The open screen notices the other processes' writes (it polls the book's data version).
        await pilot.pause(2.5)
        recent = app.screen.query_one("#agenda", DataTable)
        shown = "\n".join(str(cell) for row in range(recent.row_count) for cell in recent.get_row_at(row))
        assert "shell" in shown
    for worker, (out, err) in zip(workers, results):
        assert worker.returncode == 0, err
        assert "locked" not in err.lower() and "busy" not in err.lower()
    summaries = [row.summary for row in store.agenda.recent_interactions(limit=100)]
    store.close()
    assert sorted(s for s in summaries if s.startswith("tui")) == sorted(f"tui{i}" for i in range(RUNS))
    assert len([s for s in summaries if s.startswith("shell")]) == WORKERS * RUNS


async def test_an_app_that_opened_the_book_itself_sees_a_log_from_another_shell(tmp_path):
    """The app opens the book as it does for the rep (a reader first, the Store after it): a
    `clientbook log` from another shell reaches the open screen, and the book's -shm, which the
    app maps, is still there (opening the Store once re-read the file's header, which dropped
    this process's locks: the shell's log took itself for the last user and deleted it)."""
    path = tmp_path / "book.db"
    store = open_store(path, NOW)
    data, _ = validate_contact({"name": "张伟", "company": "华为"})
    store.contacts.add_contact(data, NOW)
    store.close()
    app = make_app(path, store=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.ready.wait()
        await settle(app, pilot)
        env = {**os.environ, "LANG": "C.UTF-8"}
        shell = subprocess.run([sys.executable, "-m", "clientbook", "--db", str(path), "log", "张伟", "call",
                                "from the other shell", "--when", "2026-11-26 09:00"],
                               capture_output=True, text=True, env=env, timeout=60)
        assert shell.returncode == 0, shell.stderr
        assert path.with_name("book.db-shm").exists()
        await pilot.pause(2.5)    # the app polls the book's data version every 2 s
        await settle(app, pilot)
        recent = app.screen.query_one("#agenda", DataTable)
        shown = "\n".join(str(cell) for row in range(recent.row_count) for cell in recent.get_row_at(row))
        assert "from the other shell" in shown
