"""Messages that cross screens."""

from __future__ import annotations

from textual.message import Message


class BookChanged(Message):
    """Something in the book changed; visible screens reload what they show."""
