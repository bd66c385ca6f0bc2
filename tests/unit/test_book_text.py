"""Every text read from a book is cleaned of control characters (domain/text.book_text), on the
fast path for printable text as on the pattern's."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from clientbook.domain.text import book_text

CONTROLS = set(range(0x00, 0x09)) | set(range(0x0B, 0x20)) | set(range(0x7F, 0xA0)) | {0xFEFF}


def test_escapes_and_controls_are_taken_out_and_tab_and_newline_kept():
    assert book_text("张伟\x1b]52;c;ZXZpbA==\x07 \x1b[31m报价\x9b\ufeff".encode()) == "张伟]52;c;ZXZpbA== [31m报价"
    assert book_text("第一行\n\t第二行\u3000全角空格".encode()) == "第一行\n\t第二行\u3000全角空格"
    assert book_text(b"bad \xff byte") == "bad \ufffd byte"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_any_text_comes_back_without_a_control_character_and_nothing_else_lost(text):
    cleaned = book_text(text.encode("utf-8"))
    assert cleaned == "".join(ch for ch in text if ord(ch) not in CONTROLS)
