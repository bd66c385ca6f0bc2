"""Enums whose members have names in both languages."""

from __future__ import annotations

from enum import Enum

from clientbook.i18n import t

# Enum class -> message-key prefix: a member's name is the message "<prefix>.<value>".
LABEL_PREFIXES: dict[type, str] = {}


def labelled(prefix: str):
    """Class decorator naming the message-key prefix of a LabelledEnum."""

    def register(cls):
        LABEL_PREFIXES[cls] = prefix
        return cls

    return register


class LabelledEnum(str, Enum):
    def label(self, lang: str | None = None) -> str:
        return t(f"{LABEL_PREFIXES[type(self)]}.{self.value}", lang=lang)

    @property
    def rank(self) -> int:
        """Position in declaration order: the enums that are ladders are declared lowest first."""
        return list(type(self)).index(self)


def message_keys(*classes: type) -> list[str]:
    """Every message key the members of these enums use (for the catalog check)."""
    return [f"{LABEL_PREFIXES[cls]}.{member.value}" for cls in classes for member in cls]
