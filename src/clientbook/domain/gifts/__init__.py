"""Occasions, the gift policy, gift reminders and the gift log (domain §8, §10), one module per
reason to change: `occasions` (what happens on which date), `policy` (who gets what), `reminders`
(what is due today, and when the next everyday gift is) and `shopping` (what to buy, and what
was given before).

Pure: no Textual, no SQL, no clock reads -- "today" is always an argument. The rules are stated
in each module's docstring and tested in tests/unit/test_gifts.py.
"""
