"""The layers stay apart (README, Development): domain has no Textual and no SQL, the store no
Textual, and the CLI's own module loads neither, so --help and --version answer at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap


def run_python(code: str, *args: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env["LANG"] = "C.UTF-8"
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_domain_imports_neither_textual_nor_sql():
    found = run_python(
        """
        import importlib, json, pkgutil, sys
        import clientbook.domain as domain
        names = [m.name for m in pkgutil.walk_packages(domain.__path__, "clientbook.domain.")]  # meals/, gifts/ too
        for name in names:
            importlib.import_module(name)
        heavy = [m for m in ("textual", "sqlmodel", "sqlalchemy", "sqlite3") if m in sys.modules]
        print(json.dumps({"modules": names, "heavy": heavy}))
        """
    )
    assert "clientbook.domain.search" in found["modules"]
    assert "clientbook.domain.contacts" in found["modules"]
    assert found["heavy"] == []


def test_store_works_without_textual(tmp_path):
    found = run_python(
        """
        import json, sys
        from datetime import datetime
        from clientbook.domain.contacts import ContactInput
        from clientbook.store import open_store
        now = datetime(2026, 11, 26, 10, 0)
        store = open_store(sys.argv[1], now)
        store.contacts.add_contact(ContactInput(name="张三", company="华为"), now)
        names = [r.name for r in store.contacts.search_contacts("zs")]
        store.close()
        print(json.dumps({"names": names, "textual": "textual" in sys.modules,
                          "sqlmodel": "sqlmodel" in sys.modules}))
        """,
        str(tmp_path / "book.db"),
    )
    assert found == {"names": ["张三"], "textual": False, "sqlmodel": True}


def test_searching_an_existing_book_does_not_load_pypinyin(tmp_path):
    """Keys are computed when a record is saved, so typing in the search box stays cheap."""
    from datetime import datetime

    from clientbook.domain.contacts import ContactInput
    from clientbook.store import open_store

    path = tmp_path / "book.db"
    store = open_store(path, datetime(2026, 11, 26, 10, 0))
    store.contacts.add_contact(ContactInput(name="张三", company="华为"), datetime(2026, 11, 26, 10, 0))
    store.close()
    found = run_python(
        """
        import json, sys
        from clientbook.store import open_store
        store = open_store(sys.argv[1])
        names = [r.name for r in store.contacts.search_contacts("zs hw")]
        store.close()
        print(json.dumps({"names": names, "pypinyin": "pypinyin" in sys.modules,
                          "textual": "textual" in sys.modules}))
        """,
        str(path),
    )
    assert found == {"names": ["张三"], "pypinyin": False, "textual": False}


def test_cli_module_and_help_load_neither_sqlmodel_nor_textual():
    found = run_python(
        """
        import contextlib, io, json, sys
        import clientbook.cli
        after_import = sorted(m for m in ("sqlmodel", "sqlalchemy", "textual") if m in sys.modules)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            try:
                clientbook.cli.main(["--help"])
            except SystemExit as exit_:
                code = exit_.code
        after_help = sorted(m for m in ("sqlmodel", "sqlalchemy", "textual") if m in sys.modules)
        print(json.dumps({"after_import": after_import, "after_help": after_help,
                          "code": code, "help_has_add": "add" in out.getvalue()}))
        """
    )
    assert found == {"after_import": [], "after_help": [], "code": 0, "help_has_add": True}


def test_cli_module_loads_no_domain_rules():
    """The TUI's first frame comes before any domain rule is needed: cli.py imports them in
    the commands that use them."""
    found = run_python(
        """
        import json, sys
        import clientbook.cli
        print(json.dumps(sorted(m for m in sys.modules if m.startswith(("clientbook.domain", "clientbook.store")))))
        """
    )
    assert found == []


def test_private_textual_apis_are_used_only_in_textual_compat():
    """A Textual upgrade that breaks a private API breaks one fenced module (ui/textual_compat.py)."""
    import re
    from pathlib import Path

    ui = Path(__file__).resolve().parents[2] / "src" / "clientbook" / "ui"
    private = re.compile(r"\btextual\._|\._bindings\b|\._exception\b|\._exception_event\b|\._return_code\b")
    found = [f"{path.relative_to(ui)}:{number}: {line.strip()}"
             for path in sorted(ui.rglob("*.py")) if path.name != "textual_compat.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if private.search(line)]
    assert found == []
