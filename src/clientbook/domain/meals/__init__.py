"""Meals with clients (domain §9), one module per reason to change: `enums` (the vocabulary),
`seating` (who sits where), `diet` (what guests cannot eat, how a cuisine is ordered: read by
both of the next two), `dishes` (how many and of what kind), `checks` (what to reconsider in a
plan, topics to raise or avoid), `minutes` (约饭纪要 and the lines typed into it) and `spending`
(a meal's cost per company, split by guests). The round
table is drawn by ui/widgets/round_table.py.

Pure: no Textual, no SQL, no clock reads ("now" is always an argument). Every text a user sees
is a catalog key (i18n/catalog_meals.py) plus values, rendered with `t(key, lang=...)`.
Choices where §9 is silent are stated in each module's docstring, next to the rule that makes them.
"""
