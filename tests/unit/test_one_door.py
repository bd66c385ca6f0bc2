"""Issue 12: contacts and companies have one door, services/contacts.py. Their four screens
import nothing of the store and never call app.store: they ask the service, in a load worker."""

from __future__ import annotations

import ast
from pathlib import Path

import clientbook

SCREENS = Path(clientbook.__file__).parent / "ui" / "screens"
THROUGH_THE_DOOR = ["contacts.py", "contact.py", "companies.py", "company.py",
                    "notes.py", "archive.py", "merge.py", "today.py",
                    "../widgets/contact_picker.py",
                    *sorted(f"../forms/{form.name}" for form in (SCREENS.parent / "forms").glob("*.py")),
                    "gifts.py", "gift_text.py", "occasions.py", "gift_policy.py", "gift_log.py",
                    "calendar.py",
                    "meals.py", "meal_plan.py", "meal_minutes.py", "meal_prep.py",
                    "import_screen.py", "import_stages.py", "export_selection.py"]


def store_imports(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[:2] == ["clientbook", "store"]:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[:2] == ["clientbook", "store"]]
    return found


def store_calls(tree: ast.AST) -> list[int]:
    """Lines that reach `<anything>.app.store` or `app.store` (self.app.store.get_contact…)."""
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr == "store"
            and ((isinstance(node.value, ast.Name) and node.value.id == "app")
                 or (isinstance(node.value, ast.Attribute) and node.value.attr == "app"))]


def test_the_contact_and_company_screens_ask_only_the_service():
    offenders = {}
    for name in THROUGH_THE_DOOR:
        tree = ast.parse((SCREENS / name).read_text(encoding="utf-8"))
        found = store_imports(tree) + [f"app.store on line {line}" for line in store_calls(tree)]
        if found:
            offenders[name] = found
    assert offenders == {}


def test_the_scan_sees_a_store_import_and_an_app_store_call():
    """The scan itself: it would catch what the screens did before the service existed."""
    tree = ast.parse("from clientbook.store.queries import SORTS\n"
                     "import clientbook.store.capture\n"
                     "rows = self.app.store.search_contacts('zs')\n"
                     "data = app.store.contact_input(1)\n")
    assert store_imports(tree) == ["clientbook.store.queries", "clientbook.store.capture"]
    assert store_calls(tree) == [3, 4]


def test_the_shell_imports_nothing_of_the_store():
    """cli.py opens the book and asks the services (services/book.py, interop, backup, today…);
    the store is theirs alone."""
    tree = ast.parse((SCREENS.parent.parent / "cli.py").read_text(encoding="utf-8"))
    assert store_imports(tree) == []
