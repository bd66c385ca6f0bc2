"""Who sits where at one round table (domain §9, 座次).

Seating (`seat_table`)
- Seat 0 is the host's seat (主位, facing the door). Seat numbers increase from the host's
  right: seat 1 is the host's right, seat n-1 (= -1) the host's left.
- The serving seat (上菜位) is where dishes come in, nearest the door, and it is never a
  guest's: the most junior of ours after the host sits there (the rep when our boss hosts, else
  a colleague). It is the seat opposite the host (n // 2) or, when a companion who must sit
  beside his guest would be split by it, the nearest seat that keeps them together, and a note
  says so. With no one of ours but the host (or at 3 seats or fewer, where the side facing the
  host stays open) there is no serving seat: dishes come in between guests (None).
- The host is our boss if present (the most senior by rank if several), else the rep (me),
  else our most senior colleague. With no one of ours at the table the first guest in order of
  precedence takes seat 0 and a note says so.
- Guests in order: the guest of honour first regardless of rank, then by rank (lower = more
  senior), then as listed. If no guest is marked, the most senior guest is treated as guest of
  honour and a note says so.
- Guests and our colleagues are "units" (a person and the spouse/assistant who sits beside him,
  outward from the host). Units take precedence order guest, guest, colleague, colleague,
  guest, guest, … (whichever runs out, the other fills the rest), and each unit goes to the side
  that has fewer people so far (right on a tie): so the guest of honour gets seat 1, the second
  guest seat -1, the third guest the host's second right unless a colleague or companion is
  there, and colleagues sit between guests on both sides instead of all guests on one side.
- A companion (`spouse_or_assistant_of` names the person) of the host or of whoever sits at
  the serving seat, or of someone not at the table, is seated like anyone else on their side.
- Assistants (`guess_principals`): a guest whose title names an assistant or secretary (助理,
  秘书) sits beside the most senior guest of the same company who is not one, preferring the one
  the title names (总经理助理 → 总经理). It is a first guess the rep can change.
- Seats changed by hand (`hand_notes`) say when a guest sits at the serving seat or the guest
  of honour is not at the host's right.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from clientbook.domain.enums import Level, Position
from clientbook.domain.meals.enums import OurRole, Side


# ---------------------------------------------------------------- diners and ranks

OUR_RANKS = {OurRole.BOSS: 0, OurRole.COLLEAGUE: 3, OurRole.ME: 5}


def guest_rank(position: Position | str | None, level: int = 0) -> int:
    """Lower = more senior. Position tier decides (boss 0 … clerk 3, unknown 4, tens);
    within a tier the closer relationship level comes first (units)."""
    tier = Position(position).rank if position else len(Position)
    level = min(max(int(level), 0), int(Level.CONFIDANT))
    return tier * 10 + (int(Level.CONFIDANT) - level)


def our_rank(role: OurRole | str | None) -> int:
    """Boss 0, colleague 3, me 5 (the rep yields the better seats to colleagues)."""
    return OUR_RANKS.get(OurRole(role), 3) if role else 3


@dataclass
class Diner:
    name: str
    side: Side
    rank: int = 50
    contact_id: int | None = None
    is_guest_of_honour: bool = False
    role: OurRole | None = None                 # our side only
    spouse_or_assistant_of: str | None = None   # the name of the diner this one sits beside


# ---------------------------------------------------------------- seating

MIN_SEATS, MAX_SEATS = 2, 14


@dataclass
class Seating:
    seats: list[Diner]
    host_index: int = 0
    serving_index: int | None = None
    notes: list[str] = field(default_factory=list)

    def index_of(self, diner: Diner) -> int:
        """The seat of this very diner (by identity, so namesakes are told apart)."""
        for index, seated in enumerate(self.seats):
            if seated is diner:
                return index
        raise ValueError(diner.name)


def serving_seat(n: int) -> int | None:
    """上菜位: the seat opposite the host, nearest the door, where dishes come in: n // 2 from
    4 seats on; none at 3 or 2 (the side facing the host stays open for the dishes)."""
    return n // 2 if n >= 4 else None


def guest_at_serving_seat(seating: Seating) -> Diner | None:
    """The guest on the serving seat, if one is (only ever by hand)."""
    if seating.serving_index is None:
        return None
    diner = seating.seats[seating.serving_index]
    return diner if diner.side == Side.GUEST else None


def hand_notes(seating: Seating) -> list[str]:
    """What to reconsider in seats changed by hand."""
    notes = []
    if guest_at_serving_seat(seating) is not None:
        notes.append("meals.seat.note.guest_serving")
    guests = [d for d in seating.seats if d.side == Side.GUEST]
    if seating.seats[0].side != Side.GUEST and len(seating.seats) > 1 and any(d.is_guest_of_honour for d in guests) \
            and not seating.seats[1].is_guest_of_honour:
        notes.append("meals.seat.note.honour_elsewhere")
    return notes


ASSISTANT_WORDS = ("助理", "秘书", "assistant", "secretary")


def guess_principals(guests: list[tuple[int, str, int | None, int]]) -> dict[int, int]:
    """(key, title, company, rank) per guest -> {an assistant's key: the key of whom he sits
    beside}. See the module docstring (Assistants)."""
    def assistant(title: str) -> str | None:
        low = (title or "").lower()
        word = next((w for w in ASSISTANT_WORDS if w in low), None)
        return None if word is None else low[: low.index(word)].strip()

    found: dict[int, int] = {}
    for key, title, company, _rank in guests:
        names = assistant(title)
        if names is None or company is None:
            continue
        principals = [g for g in guests if g[0] != key and g[2] == company and assistant(g[1]) is None]
        if principals:
            named = [g for g in principals if names and (g[1] or "").lower().strip() == names]
            found[key] = min(named or principals, key=lambda g: g[3])[0]
    return found


def _ordered(people: list[tuple[int, Diner]], honour_first: bool) -> list[tuple[int, Diner]]:
    return sorted(
        people,
        key=lambda item: ((not item[1].is_guest_of_honour) if honour_first else False, item[1].rank, item[0]),
    )


def _pick_host(diners: list[Diner]) -> Diner | None:
    ours = [(i, d) for i, d in enumerate(diners) if d.side == Side.OURS]
    if not ours:
        return None
    role_order = {OurRole.BOSS: 0, OurRole.ME: 1}
    return min(ours, key=lambda item: (role_order.get(item[1].role, 2), item[1].rank, item[0]))[1]


def _companions(diners: list[Diner], fixed: list[Diner]) -> dict[int, Diner]:
    """id(companion) -> the diner they sit beside. Chains and fixed seats are left out."""
    found: dict[int, Diner] = {}
    for diner in diners:
        wanted = (diner.spouse_or_assistant_of or "").strip()
        if not wanted or any(diner is f for f in fixed):
            continue
        principal = next((d for d in diners if d is not diner and d.name.strip() == wanted), None)
        if principal is not None and not any(principal is f for f in fixed):
            found[id(diner)] = principal
    # A companion of a companion is seated on his own.
    return {key: p for key, p in found.items() if id(p) not in found}


def _place(units: list[list[Diner]], n: int, reserved: int | None, guests: int) -> dict[int, Diner] | None:
    """Seats for units in precedence order, or None if they do not fit around `reserved`.

    Each unit goes to one side (right: seats 1, 2, …; left: seats n-1, n-2, …), members side
    by side outward. The first unit must go right (seat 1) and, if it is a guest, the second
    left (seat -1); otherwise the side with fewer people so far, right on a tie, falling back to
    the other side when that is the only way the rest fits. `units` starts with the `guests`
    guest units (see `_interleave`).
    """
    sizes = [len(u) for u in units]
    total = n - 1 - (1 if reserved is not None else 0)
    if sum(sizes) != total:
        raise AssertionError("units do not match the seats")
    right_cap = reserved - 1 if reserved is not None else total
    left_cap = n - 1 - reserved if reserved is not None else total
    failed: set[tuple[int, int]] = set()
    sides: list[str] = []

    def dfs(i: int, used_r: int, used_l: int) -> bool:
        if i == len(units):
            return True
        if (i, used_r) in failed:
            return False
        if i == 0 and guests >= 1:
            choices = ["r"]
        elif i == 1 and guests >= 2:
            choices = ["l"]
        else:
            choices = ["r", "l"] if used_r <= used_l else ["l", "r"]
        for side in choices:
            nr, nl = (used_r + sizes[i], used_l) if side == "r" else (used_r, used_l + sizes[i])
            if nr <= right_cap and nl <= left_cap:
                sides.append(side)
                if dfs(i + 1, nr, nl):
                    return True
                sides.pop()
        failed.add((i, used_r))
        return False

    if not dfs(0, 0, 0):
        return None
    placed: dict[int, Diner] = {}
    next_r, next_l = 1, n - 1
    for unit, side in zip(units, sides):
        for diner in unit:
            if side == "r":
                placed[next_r] = diner
                next_r += 1
            else:
                placed[next_l] = diner
                next_l -= 1
    return placed


def _interleave(guests: list[list[Diner]], colleagues: list[list[Diner]]) -> list[list[Diner]]:
    """guest, guest, colleague, colleague, guest, guest, … until one runs out."""
    order: list[list[Diner]] = []
    g = c = 0
    while g < len(guests) or c < len(colleagues):
        want_guest = (len(order) // 2) % 2 == 0
        if (want_guest and g < len(guests)) or c >= len(colleagues):
            order.append(guests[g])
            g += 1
        else:
            order.append(colleagues[c])
            c += 1
    return order


def seat_table(diners: list[Diner]) -> Seating:
    """One round table of 2–14 (domain §9, 座次). See the module docstring for the rules."""
    n = len(diners)
    if not MIN_SEATS <= n <= MAX_SEATS:
        raise ValueError(f"a round table seats {MIN_SEATS}–{MAX_SEATS}, not {n}")
    notes: list[str] = []
    indexed = list(enumerate(diners))
    host = _pick_host(diners)
    if host is None:
        notes.append("meals.seat.note.no_host")
        host = _ordered(indexed, honour_first=True)[0][1]
    elif host.role == OurRole.ME:
        notes.append("meals.seat.note.rep_hosts")
    serving = serving_seat(n)
    rep = None   # whoever sits at the serving seat: the most junior of ours after the host
    ours = [(i, d) for i, d in indexed if d is not host and d.side == Side.OURS] if host.side == Side.OURS else []
    if ours and serving is not None:
        rep = max(ours, key=lambda item: (item[1].rank, item[0]))[1]
    fixed = [d for d in (host, rep) if d is not None]
    if host.side == Side.OURS and host.role == OurRole.BOSS:
        notes.insert(0, "meals.seat.note.boss_hosts_rep" if rep and rep.role == OurRole.ME
                     else "meals.seat.note.boss_hosts")
    if rep is not None and rep.role != OurRole.ME:
        notes.append("meals.seat.note.colleague_serving")
    if not ours and host.side == Side.OURS and n >= 3:
        notes.append("meals.seat.note.no_serving_seat")

    def units_of(companions: dict[int, Diner]) -> tuple[list[list[Diner]], list[list[Diner]], bool]:
        principals = [
            (i, d) for i, d in indexed if not any(d is f for f in fixed) and id(d) not in companions
        ]

        def unit(d: Diner) -> list[Diner]:
            return [d] + [c for c in diners if companions.get(id(c)) is d]
        guest_people = [(i, d) for i, d in principals if d.side == Side.GUEST]
        ours_people = [(i, d) for i, d in principals if d.side != Side.GUEST]
        guests = [unit(d) for _, d in _ordered(guest_people, honour_first=True)]
        colleagues = [unit(d) for _, d in _ordered(ours_people, honour_first=False)]
        return guests, colleagues, bool(guest_people) and not any(d.is_guest_of_honour for _, d in guest_people)

    companions = _companions(diners, fixed)
    guests, colleagues, no_honour = units_of(companions)
    if no_honour and host.side == Side.OURS:
        notes.append("meals.seat.note.no_guest_of_honour")
    order = _interleave(guests, colleagues)

    placed = None
    if rep is None:
        placed = _place(order, n, None, len(guests))
    else:
        # The serving seat first, then the nearest others (never seat 1; seat -1 only if it is
        # not the second guest's): the first one around which everyone else fits.
        nearby = (seat for step in range(1, n) for seat in (serving + step, serving - step))
        candidates = [serving] + [seat for seat in nearby if 2 <= seat <= n - 1]
        for seat in candidates:
            placed = _place(order, n, seat, len(guests))
            if placed is not None:
                placed[seat] = rep
                if seat != serving:
                    notes.append("meals.seat.note.serving_moved")
                    serving = seat   # dishes come in where ours sits, never over a guest
                break
        if placed is None:
            # Only companions can make it impossible: seat them on their own.
            notes.append("meals.seat.note.companion_apart")
            guests, colleagues, _ = units_of({})
            order = _interleave(guests, colleagues)
            placed = _place(order, n, serving, len(guests))
            if placed is None:  # pragma: no cover - singles always fit
                raise AssertionError("no seating found")
            placed[serving] = rep
    placed[0] = host
    return Seating(seats=[placed[i] for i in range(n)], host_index=0, serving_index=serving if rep else None,
                   notes=notes)


def swap(seating: Seating, i: int, j: int) -> Seating:
    """A new seating with seats i and j exchanged (negative indexes count from the host's left)."""
    n = len(seating.seats)
    if not (-n <= i < n and -n <= j < n):
        raise IndexError(f"seat {i} or {j} not at a table of {n}")
    seats = list(seating.seats)
    seats[i], seats[j] = seats[j], seats[i]
    return replace(seating, seats=seats, notes=list(seating.notes))
