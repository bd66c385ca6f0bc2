"""Pure rules of the practice: no Textual, no SQL, no clock reads."""
