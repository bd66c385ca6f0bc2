"""Pages are pushed from ui/nav.py only: a page module never pushes another module's page, so
pages need not import each other (which is what made import cycles in ui/)."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import clientbook.ui
from clientbook.ui.page import Page

UI = Path(clientbook.ui.__file__).parent
# nav.py is the place; app.py shows Today when the book has opened (the shell, not a page).
ALLOWED = {UI / "nav.py", UI / "app.py"}


def page_classes() -> dict[str, str]:
    """Every Page subclass: its name -> the file that defines it."""
    for found in pkgutil.walk_packages([str(UI)], "clientbook.ui."):
        importlib.import_module(found.name)
    pages, todo = {}, [Page]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            pages[sub.__name__] = inspect.getfile(sub)
            todo.append(sub)
    return pages


def test_every_screen_module_pushes_only_its_own_pages():
    pages = page_classes()
    assert {"ContactScreen", "MealPlanScreen", "TodayScreen"} <= set(pages)
    pushes = []
    for path in sorted(UI.rglob("*.py")):
        if path in ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("push_screen", "switch_screen") and node.args
                    and isinstance(node.args[0], ast.Call) and isinstance(node.args[0].func, ast.Name)):
                name = node.args[0].func.id
                if name in pages and Path(pages[name]) != path:
                    pushes.append(f"{path.relative_to(UI)}:{node.lineno} pushes {name}")
    assert pushes == [], "open other modules' pages through clientbook.ui.nav"
