"""`clientbook log NAME email … --cc NAME`: the cc'd person is linked to the mail and owes no
answer; a follow-up theirs goes to the recipient only (domain §11)."""

from __future__ import annotations

from datetime import datetime

from clientbook.domain.contacts import ContactInput
from clientbook.store import open_store
from cli_support import run


def test_an_email_logged_from_the_shell_takes_a_cc(tmp_path):
    home, db = tmp_path / "cbhome", tmp_path / "books" / "clientbook.db"
    store = open_store(db)
    try:
        ids = {name: store.contacts.add_contact(ContactInput(name=name, company="华为"), datetime.now())
               for name in ("张伟", "李娜")}
    finally:
        store.close()
    done = run(home, "--db", str(db), "log", "张伟", "email", "报价单", "--cc", "李娜",
               "--follow-up", "fri", "回复报价", "--theirs")
    assert done.returncode == 0, done.stderr
    store = open_store(db)
    try:
        [row] = store.agenda.recent_interactions()
        view = store.capture.get_interaction(row.id)
        assert (view.contacts, view.cc) == ([(ids["张伟"], "张伟")], [(ids["李娜"], "李娜")])
        assert [(f.contact_id, f.promise) for f in view.followups] == [(ids["张伟"], False)]
    finally:
        store.close()
    missing = run(home, "--db", str(db), "log", "张伟", "email", "x", "--cc", "nobody")
    assert missing.returncode == 1 and "nobody" in missing.stderr
