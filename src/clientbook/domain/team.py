"""The team book's rules (domain §2 grades): who owns what, and when a company or contact
returns to the team's pool (公海)."""

from __future__ import annotations

# Days without an interaction before a grade's company or contact returns to the pool; None:
# never. A-grade accounts are kept by their rep whatever happens; a D-grade one left alone for
# two weeks is better in another rep's hands. Each team sets its own (`clientbook team recycle`).
DEFAULT_RECYCLE_DAYS: dict[str, int | None] = {"A": None, "B": 60, "C": 30, "D": 15}
