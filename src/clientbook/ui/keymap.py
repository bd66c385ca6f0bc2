"""The rep's own keys: `[keymap]` in config.toml maps binding ids to keys, as Textual's
`App.set_keymap` takes them. Every Binding in the app has an id; this module knows them all,
so a misspelt id is reported instead of silently doing nothing."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode


@dataclass(frozen=True)
class KeyBinding:
    id: str
    keys: str          # the default keys, as written in BINDINGS
    description: str   # a message key (TranslatedBindings shows it in the current language)


def all_bindings() -> dict[str, KeyBinding]:
    """Every binding of the app's screens and widgets, by id (imports every screen module)."""
    from clientbook.ui import app, forms, screens, widgets

    modules = [app] + [importlib.import_module(f"{package.__name__}.{found.name}")
                       for package in (screens, forms, widgets) for found in pkgutil.iter_modules(package.__path__)]
    found: dict[str, KeyBinding] = {}
    for module in modules:
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, DOMNode) or cls.__module__ != module.__name__:
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding) and binding.id:
                    found.setdefault(binding.id, KeyBinding(binding.id, binding.key, binding.description))
    return found


def unknown_ids(keymap: dict[str, str]) -> list[str]:
    known = all_bindings()
    return sorted(binding for binding in keymap if binding not in known)
