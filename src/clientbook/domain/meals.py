"""Meals with clients (domain §9): seating, dish count, plan checks, topics, minutes.

Pure: no Textual, no SQL, no clock reads ("now" is always an argument). Every text a user sees
is a catalog key (i18n/catalog_meals.py) plus values, rendered with `t(key, lang=...)`.

Choices where §9 is silent are stated next to the rule that makes them; the main ones:

Seating (`seat_table`)
- Seat 0 is the host's seat (主位, facing the door). Seat numbers increase from the host's
  right: seat 1 is the host's right, seat n-1 (= -1) the host's left.
- The serving seat (上菜位) is the seat opposite the host, nearest the door: index n // 2 for
  4 or more seats; at 3 seats the two far seats are 1 and 2 and seat 1 is the guest of honour's,
  so it is seat 2; 2 seats have none (None).
- The host is our boss if present (the most senior by rank if several), else the rep (me),
  else our most senior colleague. With no one of ours at the table the first guest in order of
  precedence takes seat 0 and a note says so.
- When our boss hosts and the rep attends, the rep sits at the serving seat. If the table cannot
  be laid out that way (a guest with a companion who must sit beside him would be split by it),
  the rep takes the nearest seat to it that works, and a note says so.
- Guests in order: the guest of honour first regardless of rank, then by rank (lower = more
  senior), then as listed. If no guest is marked, the most senior guest is treated as guest of
  honour and a note says so.
- Guests and our colleagues are "units" (a person and the spouse/assistant who sits beside him,
  outward from the host). Units take precedence order guest, guest, colleague, colleague,
  guest, guest, … (whichever runs out, the other fills the rest), and each unit goes to the side
  that has fewer people so far (right on a tie): so the guest of honour gets seat 1, the second
  guest seat -1, the third guest the host's second right unless a colleague or companion is
  there, and colleagues sit between guests on both sides instead of all guests on one side.
- A companion (`spouse_or_assistant_of` names the person) of the host or of the rep at the
  serving seat, or of someone not at the table, is seated like anyone else on their side.

Dishes (`suggest_dishes`)
- Soup: a small soup is added in Guangdong at any table size (Cantonese meals start with soup);
  it is not counted in `total`.
- Cold starters: two diners: 1 at an upscale place (cold, meat, vegetable + signature), else 0.
  Three or more: 0 for up to 5 dishes at a mid-range or casual place, else 2, and 4 from 10
  dishes on (cold starters come in pairs).
- `categories` has one entry per hot dish, no category repeated until all eight are used.

Checks (`check_plan`)
- `budget` is the total for the meal; per head = budget / (guests + `our_count`).
- Per-head ranges by the best company grade among the guests (A 300–800, B 200–500,
  C 100–300, D 60–200 ¥). A relationship meal's ceiling is 75% of that: a warm meal needs no
  banquet, and lavishness reads as need.
- Usual hours: lunch 11:30–13:30, dinner 17:30–21:00, both ends included.
- The deadline check follows the brief: phase near_close and the meal within 2 days (before or
  after) of the deadline.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time

from clientbook.domain.contacts import FieldError, clean_text, split_list
from clientbook.domain.dates import DateParseError, When, parse_when, weekday_name
from clientbook.domain.enums import Grade, Level, Position
from clientbook.domain.labelled import LabelledEnum, labelled, message_keys
from clientbook.i18n import t

try:  # rich comes with Textual; fall back to East Asian width if it is missing.
    from rich.cells import cell_len as _cell_len
except ImportError:  # pragma: no cover
    def _cell_len(text: str) -> int:
        return sum(
            0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
            for ch in text
        )


# ---------------------------------------------------------------- vocabulary


@labelled("meals.purpose")
class MealPurpose(LabelledEnum):
    BUSINESS = "business"
    RELATIONSHIP = "relationship"


@labelled("meals.phase")
class ProjectPhase(LabelledEnum):
    KICKOFF = "kickoff"
    MILESTONE = "milestone"
    NEAR_CLOSE = "near_close"
    PROBLEM = "problem"


@labelled("meals.channel")
class Channel(LabelledEnum):
    PHONE = "phone"
    EMAIL = "email"
    WECHAT = "wechat"
    IN_PERSON = "in_person"


@labelled("meals.invite")
class InviteStatus(LabelledEnum):
    TO_INVITE = "to_invite"
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"


@labelled("meals.venue")
class VenueLevel(LabelledEnum):
    UPSCALE = "upscale"
    MID_RANGE = "mid_range"
    CASUAL = "casual"


@labelled("meals.side")
class Side(LabelledEnum):
    GUEST = "guest"
    OURS = "ours"


@labelled("meals.role")
class OurRole(LabelledEnum):
    ME = "me"
    BOSS = "boss"
    COLLEAGUE = "colleague"


@labelled("meals.severity")
class Severity(LabelledEnum):
    INFO = "info"
    WARNING = "warning"



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
    """上菜位: the seat opposite the host, nearest the door, where dishes come in.
    n // 2 from 4 seats on; at 3 seats seat 2 (seat 1 is the guest of honour's); none at 2."""
    if n >= 4:
        return n // 2
    return 2 if n == 3 else None


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
    rep = None
    if host.role == OurRole.BOSS and host.side == Side.OURS and serving is not None:
        rep = next((d for d in diners if d is not host and d.side == Side.OURS and d.role == OurRole.ME), None)
    fixed = [d for d in (host, rep) if d is not None]
    if host.side == Side.OURS and host.role == OurRole.BOSS:
        notes.insert(0, "meals.seat.note.boss_hosts_rep" if rep else "meals.seat.note.boss_hosts")

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
                    notes.append("meals.seat.note.rep_beside_serving")
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
    return Seating(seats=[placed[i] for i in range(n)], host_index=0, serving_index=serving, notes=notes)


def swap(seating: Seating, i: int, j: int) -> Seating:
    """A new seating with seats i and j exchanged (negative indexes count from the host's left)."""
    n = len(seating.seats)
    if not (-n <= i < n and -n <= j < n):
        raise IndexError(f"seat {i} or {j} not at a table of {n}")
    seats = list(seating.seats)
    seats[i], seats[j] = seats[j], seats[i]
    return replace(seating, seats=seats, notes=list(seating.notes))


# ---------------------------------------------------------------- drawing the table


def _fit(text: str, width: int) -> str:
    """`text` cut to `width` terminal cells, with … when cut."""
    if _cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    out = ""
    for ch in text:
        if _cell_len(out + ch) + 1 > width:
            break
        out += ch
    return out + "…"


def _wrap(text: str, width: int) -> list[str]:
    """Wrap by cells: at spaces for English, anywhere for Chinese."""
    lines: list[str] = []
    current = ""
    for token in re.findall(r"\S+\s*|\s+", text):
        for piece in ([token] if _cell_len(token) <= width else list(token)):
            if _cell_len(current + piece.rstrip()) > width and current:
                lines.append(current.rstrip())
                current = ""
            current += piece
    if current.strip():
        lines.append(current.rstrip())
    return lines


MIN_RENDER_WIDTH = 16


def render_round_table(seating: Seating, width: int = 60, lang: str | None = None, legend: bool = True) -> list[str]:
    """A top-down drawing that fits in `width` terminal cells (CJK counts 2).

    The host (seat 0) is at the top, facing the door at the bottom; the serving seat is at the
    bottom (for an odd number of seats, the left one of the two bottom seats). Seen from above
    like this, the host's right hand is on the LEFT of the screen, so seat numbers run
    counter-clockwise on screen: 0 top, 1, 2, … down the left side, the bottom, then up the
    right side to n-1 at the host's left (top right).
    """
    if width < MIN_RENDER_WIDTH:
        raise ValueError(f"width {width} < {MIN_RENDER_WIDTH}")
    seats = seating.seats
    n = len(seats)

    def label(i: int) -> str:
        return f"{i} {' '.join(clean_text(seats[i].name).split())}".strip()

    m = n // 2 - 1  # seats on each side, between top and bottom
    left = [label(k) for k in range(1, m + 1)]
    right = [label(n - 1 - k) for k in range(m)]
    bottom = [label(n // 2)] if n % 2 == 0 else [label(n // 2), label(n // 2 + 1)]

    side = max([_cell_len(s) for s in left + right] or [0])
    side = min(side, (width - 2 - 6) // 2)
    table_w = max(6, min(width - 2 * side - 2, 22))
    centre = side + 1 + table_w // 2
    lines: list[str] = []

    def centred(text: str) -> str:
        text = _fit(text, width)
        start = max(0, min(centre - _cell_len(text) // 2, width - _cell_len(text)))
        return " " * start + text

    lines.append(centred(label(0)))
    pad = " " * (side + 1)
    lines.append(pad + "╭" + "─" * (table_w - 2) + "╮")
    for row in range(max(m, 1)):
        left_text = _fit(left[row], side) if row < len(left) else ""
        right_text = _fit(right[row], side) if row < len(right) else ""
        gap = " " * (side - _cell_len(left_text))
        lines.append(f"{gap}{left_text} │{' ' * (table_w - 2)}│ {right_text}")
    lines.append(pad + "╰" + "─" * (table_w - 2) + "╯")
    if len(bottom) == 1:
        lines.append(centred(bottom[0]))
    else:
        left_text = _fit(bottom[0], centre - 1)
        right_text = _fit(bottom[1], width - centre - 1)
        lines.append(" " * (centre - 1 - _cell_len(left_text)) + left_text + "  " + right_text)
    if legend:
        if seating.serving_index is None:
            text = t("meals.render.legend", lang=lang)
        else:
            text = t("meals.render.legend_serving", lang=lang, serving=seating.serving_index)
        lines.extend(_wrap(text, width))
    return [line.rstrip() for line in lines]


# ---------------------------------------------------------------- dishes

DISH_CATEGORIES = ("poultry", "meat", "seafood", "vegetables", "tofu", "bamboo", "mushrooms", "seaweed")
# Small tables mix meat and vegetables first; larger ones spread in §9's order.
_SMALL_TABLE_ORDER = ("meat", "vegetables", "poultry", "seafood", "tofu", "mushrooms", "bamboo", "seaweed")

Reason = tuple[str, dict]


@dataclass
class DishPlan:
    total: int                      # dishes, cold starters included, soup not
    cold_starters: int
    categories: list[str]           # one catalog key per hot dish
    reasons: list[Reason]           # (catalog key, values)
    soup: bool = False

    def reasons_text(self, lang: str | None = None) -> list[str]:
        return [t(key, lang=lang, **values) for key, values in self.reasons]

    def categories_text(self, lang: str | None = None) -> list[str]:
        return [t(key, lang=lang) for key in self.categories]


def suggest_dishes(diners: int, venue: VenueLevel, rice_staple: bool = False, guangdong: bool = False) -> DishPlan:
    """How many dishes, and of what kind (domain §9, Ordering)."""
    if diners < 2:
        raise ValueError("a meal with a client has at least two diners")
    venue = VenueLevel(venue)
    reasons: list[Reason] = []
    if diners == 2:
        if venue == VenueLevel.UPSCALE:
            total, cold = 4, 1
            reasons.append(("meals.dish.reason.two_upscale", {"total": total}))
        else:
            total, cold = 3, 0
            reasons.append(("meals.dish.reason.two", {"total": total}))
    else:
        total = diners + 1
        reasons.append(("meals.dish.reason.n_plus_one", {"diners": diners, "total": total}))
        if total <= 5 and venue != VenueLevel.UPSCALE:
            cold = 0
        else:
            cold = 4 if total >= 10 else 2
        if cold:
            reasons.append(("meals.dish.reason.cold", {"count": cold}))
    hot = total - cold
    order = DISH_CATEGORIES if diners > 5 else _SMALL_TABLE_ORDER
    categories = [f"meals.dish.{order[i % len(order)]}" for i in range(hot)]
    if diners > 5:
        reasons.append(("meals.dish.reason.spread", {}))
    else:
        reasons.append(("meals.dish.reason.mix", {}))
    reasons.append(("meals.dish.reason.signature", {}))
    soup = guangdong
    if soup:
        reasons.append(("meals.dish.reason.soup", {}))
    if rice_staple:
        reasons.append(("meals.dish.reason.rice", {}))
    reasons.append(("meals.dish.reason.alcohol", {}))
    reasons.append(("meals.dish.reason.pieces", {}))
    return DishPlan(total=total, cold_starters=cold, categories=categories, reasons=reasons, soup=soup)


# ---------------------------------------------------------------- checks


@dataclass
class GuestFacts:
    name: str
    position: Position | str | None = None
    level: int = 0
    grade: Grade | str | None = None
    taboos: str = ""
    diet: str = ""
    is_decision_maker: bool = False
    is_guest_of_honour: bool = False


@dataclass
class MealPlanFacts:
    purpose: MealPurpose
    when: datetime | date | None = None
    phase: ProjectPhase | None = None
    cuisine: str = ""
    budget: float | None = None           # the whole meal, ¥
    venue: VenueLevel = VenueLevel.MID_RANGE
    private_room: bool = False
    guests: list[GuestFacts] = field(default_factory=list)
    our_count: int = 1                     # how many of us eat (for the per-head budget)
    learn_mind: bool = False               # the aim is to learn a decision maker's mind
    deadline: date | None = None           # a known critical deadline of the client's


@dataclass(frozen=True)
class MealWarning:
    key: str
    values: dict = field(default_factory=dict)
    severity: Severity = Severity.WARNING

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang=lang, **self.values)


Warning = MealWarning  # noqa: A001 - the name the brief asked for; MealWarning avoids the builtin


@dataclass(frozen=True)
class _Clash:
    why: str                      # meals.clash.<why>
    cuisine: tuple[str, ...]      # words in the plan's cuisine text
    guest: tuple[str, ...]        # words in the guest's taboos or diet


_CLASHES = (
    _Clash(
        "spicy",
        ("川菜", "湘菜", "火锅", "麻辣", "重庆", "四川", "湖南", "贵州菜", "香辣", "串串", "冒菜", "水煮",
         "酸菜鱼", "sichuan", "szechuan", "hunan", "chongqing", "hot pot", "hotpot", "spicy", "mala"),
        ("不吃辣", "不能吃辣", "忌辣", "怕辣", "不吃辣椒", "不太能吃辣", "吃不了辣",
         "no spicy", "not spicy", "can't eat spicy", "cannot eat spicy", "can't take spicy",
         "no chili", "avoid spicy", "no spice"),
    ),
    _Clash(
        "seafood",
        ("海鲜", "日料", "日本料理", "刺身", "潮汕", "寿司", "生蚝", "螃蟹", "龙虾", "鱼生", "海胆",
         "seafood", "sushi", "sashimi", "japanese", "oyster", "crab", "lobster", "shellfish"),
        ("海鲜过敏", "对海鲜过敏", "不吃海鲜", "不能吃海鲜", "痛风", "虾过敏", "蟹过敏", "贝类过敏",
         "seafood allergy", "allergic to seafood", "no seafood", "gout", "shellfish allergy",
         "allergic to shellfish"),
    ),
    _Clash(
        "meat",
        ("烧烤", "牛排", "烤肉", "烤鸭", "烧腊", "涮肉", "羊蝎子", "烤全羊", "肉蟹煲", "韩式烤肉",
         "bbq", "barbecue", "steak", "steakhouse", "grill", "churrasco"),
        ("素食", "吃素", "全素", "茹素", "vegetarian", "vegan"),
    ),
    _Clash(
        "pork",
        ("猪", "叉烧", "烧腊", "红烧肉", "东坡肉", "pork", "char siu"),
        ("不吃猪肉", "忌猪肉", "no pork", "don't eat pork", "doesn't eat pork"),
    ),
    _Clash(
        "beef",
        ("牛排", "牛肉", "潮汕牛肉", "肥牛", "steak", "beef"),
        ("不吃牛肉", "忌牛肉", "no beef", "don't eat beef", "doesn't eat beef"),
    ),
    _Clash(
        "lamb",
        ("羊肉", "涮羊肉", "烤全羊", "羊蝎子", "烤串", "lamb", "mutton"),
        ("不吃羊肉", "忌羊肉", "no lamb", "no mutton", "don't eat lamb", "doesn't eat lamb"),
    ),
    _Clash(
        "alcohol",
        ("白酒", "喝酒", "酒局", "啤酒", "红酒", "茅台", "五粮液", "酒吧", "baijiu", "wine", "beer",
         "drinks", "bar", "pub"),
        ("不喝酒", "不能喝酒", "不会喝酒", "戒酒", "滴酒不沾", "酒精过敏", "don't drink",
         "doesn't drink", "does not drink", "no alcohol", "teetotal", "sober"),
    ),
)
_HALAL_NEEDS = ("清真", "穆斯林", "回族", "回民", "halal", "muslim")
_HALAL_VENUE = ("清真", "halal")
_NEGATIONS = ("不", "没", "无", "非")
_EN_NEGATIONS = ("not ", "non-", "non ", "no longer ")


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower().replace("’", "'")


def _find(words: tuple[str, ...], text: str) -> str | None:
    """The first of `words` in `text`, skipping negated mentions (不忌辣, non-vegetarian)."""
    for word in sorted(words, key=len, reverse=True):
        if word.isascii():
            pattern = re.compile(rf"(?<![a-z]){re.escape(word)}s?(?![a-z])")
            for match in pattern.finditer(text):
                if not any(text[: match.start()].endswith(neg) for neg in _EN_NEGATIONS):
                    return word
        else:
            start = text.find(word)
            while start >= 0:
                negated = start > 0 and text[start - 1] in _NEGATIONS and word[0] not in _NEGATIONS
                if not negated:
                    return word
                start = text.find(word, start + 1)
    return None


def cuisine_clashes(cuisine: str, guest: GuestFacts) -> list[MealWarning]:
    """Why this guest may not enjoy this cuisine (his taboos and diet against a keyword table)."""
    plan = _normal(cuisine)
    if not plan.strip():
        return []
    theirs = _normal(f"{guest.taboos}\n{guest.diet}")
    shown = _fit(clean_text(cuisine), 40)
    found = []
    for clash in _CLASHES:
        conflict = _find(clash.cuisine, plan)
        restriction = _find(clash.guest, theirs) if conflict else None
        if conflict and restriction:
            found.append(MealWarning("meals.check.cuisine_clash", {
                "name": guest.name, "cuisine": shown, "conflict": conflict, "restriction": restriction,
                "why": t(f"meals.clash.{clash.why}", lang="en"), "why_zh": t(f"meals.clash.{clash.why}", lang="zh"),
            }))
    if _find(_HALAL_NEEDS, theirs) and not _find(_HALAL_VENUE, plan):
        found.append(MealWarning("meals.check.halal", {"name": guest.name, "cuisine": shown}))
    return found


LUNCH = (time(11, 30), time(13, 30))
DINNER = (time(17, 30), time(21, 0))
BUDGET_PER_HEAD = {Grade.A: (300, 800), Grade.B: (200, 500), Grade.C: (100, 300), Grade.D: (60, 200)}
RELATIONSHIP_CEILING = 0.75
DEADLINE_DAYS = 2


def _grade(value: Grade | str | None) -> Grade | None:
    try:
        return Grade(str(value.value if isinstance(value, Grade) else value).strip().upper()) if value else None
    except ValueError:
        return None


def budget_range(grade: Grade, purpose: MealPurpose) -> tuple[int, int]:
    """Sensible ¥ per head for a client of this grade and a meal with this purpose."""
    low, high = BUDGET_PER_HEAD[grade]
    if MealPurpose(purpose) == MealPurpose.RELATIONSHIP:
        high = int(high * RELATIONSHIP_CEILING)
    return low, high


def _money(value: float) -> str:
    return f"{value:,.0f}"


def check_plan(plan: MealPlanFacts, now: datetime) -> list[MealWarning]:
    """What to reconsider in a meal plan. Warnings only: nothing here blocks saving."""
    warnings: list[MealWarning] = []
    purpose = MealPurpose(plan.purpose)
    # (1) cuisine against each guest's taboos and diet
    for guest in plan.guests:
        warnings.extend(cuisine_clashes(plan.cuisine, guest))
    # (2) time of day, weekend, past
    when = plan.when
    if isinstance(when, datetime):
        clock = when.time().replace(second=0, microsecond=0)
        if not (LUNCH[0] <= clock <= LUNCH[1] or DINNER[0] <= clock <= DINNER[1]):
            warnings.append(MealWarning("meals.check.odd_hour", {"time": clock.strftime("%H:%M")}))
        if when < now:
            warnings.append(MealWarning("meals.check.in_past", {"date": when.date().isoformat()}))
    elif isinstance(when, date) and when < now.date():
        warnings.append(MealWarning("meals.check.in_past", {"date": when.isoformat()}))
    day = when.date() if isinstance(when, datetime) else when
    if day is not None and day.weekday() >= 5 and purpose == MealPurpose.BUSINESS:
        warnings.append(MealWarning("meals.check.weekend", {}, Severity.INFO))
    # (3) budget per head against the best company grade and the purpose
    grades = [g for g in (_grade(guest.grade) for guest in plan.guests) if g is not None]
    if plan.budget is not None and grades and plan.guests:
        best = min(grades, key=lambda g: list(Grade).index(g))
        low, high = budget_range(best, purpose)
        heads = len(plan.guests) + max(plan.our_count, 0)
        per_head = plan.budget / heads
        values = {"per_head": _money(per_head), "low": low, "high": high, "grade": best.value,
                  "purpose": purpose.label("en"), "purpose_zh": purpose.label("zh")}
        if per_head > high:
            warnings.append(MealWarning("meals.check.budget_lavish", values))
        elif per_head < low:
            warnings.append(MealWarning("meals.check.budget_low", values))
    # (4) a guest of honour
    honoured = [g for g in plan.guests if g.is_guest_of_honour]
    if plan.guests and not honoured:
        warnings.append(MealWarning("meals.check.no_guest_of_honour", {}))
    elif len(honoured) > 1:
        names = ", ".join(g.name for g in honoured)
        warnings.append(MealWarning("meals.check.many_guests_of_honour", {"names": names}))
    # (5) to learn a decision maker's mind, invite his trusted assistant instead
    if plan.learn_mind:
        for guest in plan.guests:
            if guest.is_decision_maker:
                warnings.append(MealWarning("meals.check.learn_mind", {"name": guest.name}))
    # (6) never at a critical deadline
    phase = ProjectPhase(plan.phase) if plan.phase else None
    if phase == ProjectPhase.NEAR_CLOSE and plan.deadline is not None and day is not None:
        days = abs((day - plan.deadline).days)
        if days <= DEADLINE_DAYS:
            warnings.append(MealWarning("meals.check.deadline", {"deadline": plan.deadline.isoformat(), "days": days}))
    # Sensitive talk wants a private room.
    if (phase == ProjectPhase.PROBLEM or plan.learn_mind) and not plan.private_room:
        warnings.append(MealWarning("meals.check.private_room", {}, Severity.INFO))
    return warnings


# ---------------------------------------------------------------- topics

RISK_TOPICS = ("philosophy", "personal_history", "family", "social_issues")
ALWAYS_AVOID = ("politics", "religion")
SAFE_TOPICS = ("traffic", "weather", "films", "industry")


def topics_to_avoid(level: int) -> list[str]:
    """Catalog keys: risk topics until 好朋友 (level 3), politics and religion always."""
    risky = list(RISK_TOPICS) if int(level) < int(Level.GOOD_FRIEND) else []
    return [f"meals.topic.{name}" for name in risky + list(ALWAYS_AVOID)]


def safe_topics(hobbies: str, lang: str | None = None) -> list[str]:
    """Display texts: the contact's hobbies (split like tags; "/" too), then the always-safe ones."""
    topics: list[str] = []
    seen: set[str] = set()
    for part in split_list((hobbies or "").replace("/", ",")):
        part = clean_text(part)[:40]   # a topic shown, not stored
        if part and part.casefold() not in seen:
            seen.add(part.casefold())
            topics.append(part)
    for name in SAFE_TOPICS:
        text = t(f"meals.topic.{name}", lang=lang)
        if text.casefold() not in seen:
            seen.add(text.casefold())
            topics.append(text)
    return topics


# ---------------------------------------------------------------- minutes


@dataclass
class ActionItem:
    owner: str                  # "us" (a promise of ours) or "them"
    who: str
    what: str
    due: date | None = None
    due_time: time | None = None

    @property
    def promise(self) -> bool:
        return self.owner == "us"


@dataclass
class MinutesFacts:
    title: str = ""
    venue: str = ""
    when: datetime | date | None = None
    ours: list[str] = field(default_factory=list)
    theirs: list[str] = field(default_factory=list)
    discussed: str = ""
    agreements: list[str] = field(default_factory=list)
    action_items: list[ActionItem | tuple] = field(default_factory=list)   # or (owner, who, what, due)
    learned: list[tuple[str, str]] = field(default_factory=list)           # (person, fact)
    cost: float | None = None
    next_step: str = ""


def _day_text(value: datetime | date, lang: str) -> str:
    day = value.date() if isinstance(value, datetime) else value
    text = f"{day.isoformat()} {weekday_name(day, lang)}"
    if isinstance(value, datetime):
        text += value.strftime(" %H:%M")
    return text


def _one_line(text: str) -> str:
    return " ".join(clean_text(text).split())


def _as_item(item: ActionItem | tuple) -> ActionItem:
    return item if isinstance(item, ActionItem) else ActionItem(*item)


def _item_line(item: ActionItem, lang: str) -> str:
    what, who = _one_line(item.what), _one_line(item.who)
    if item.due is not None:
        due = _day_text(datetime.combine(item.due, item.due_time) if item.due_time else item.due, lang)
        if who:
            return t("meals.minutes.item_who_due", lang=lang, who=who, what=what, due=due)
        return t("meals.minutes.item_due", lang=lang, what=what, due=due)
    return t("meals.minutes.item_who", lang=lang, who=who, what=what) if who else what


def minutes_markdown(m: MinutesFacts, lang: str, include_private: bool = True) -> str:
    """约饭纪要 as Markdown to paste into WeChat or email; empty sections are left out.

    `include_private=False` leaves out the cost and what was learned about people, for a copy
    that goes to the client.
    """
    def field_line(key_label: str, value: str) -> str:
        return "- " + t("meals.minutes.field", lang=lang, label=key_label, value=value)

    sep = t("meals.minutes.sep", lang=lang)
    title = _one_line(m.title)
    heading = t("meals.minutes.title_with", lang=lang, title=title) if title else t("meals.minutes.title", lang=lang)
    out = [f"# {heading}", ""]
    facts = []
    if m.when is not None:
        facts.append(field_line(t("meals.minutes.when", lang=lang), _day_text(m.when, lang)))
    if _one_line(m.venue):
        facts.append(field_line(t("meals.minutes.venue", lang=lang), _one_line(m.venue)))
    ours = [_one_line(n) for n in m.ours if _one_line(n)]
    theirs = [_one_line(n) for n in m.theirs if _one_line(n)]
    if ours:
        facts.append(field_line(t("meals.minutes.ours", lang=lang), sep.join(ours)))
    if theirs:
        facts.append(field_line(t("meals.minutes.theirs", lang=lang), sep.join(theirs)))
    if include_private and m.cost is not None:
        cost = f"¥{m.cost:,.0f}" if float(m.cost).is_integer() else f"¥{m.cost:,.2f}"
        facts.append(field_line(t("meals.minutes.cost", lang=lang), cost))
    if facts:
        out += facts + [""]

    def section(heading_key: str, body: list[str]) -> None:
        if body:
            out.extend([f"## {t(heading_key, lang=lang)}", "", *body, ""])

    discussed = clean_text(m.discussed)
    section("meals.minutes.discussed", [line.rstrip() for line in discussed.splitlines()] if discussed else [])
    agreements = [_one_line(a) for a in m.agreements if _one_line(a)]
    section("meals.minutes.agreements", [f"{i}. {a}" for i, a in enumerate(agreements, 1)])

    items = [_as_item(i) for i in m.action_items if _one_line(_as_item(i).what)]
    by_due = lambda item: (item.due is None, item.due or date.min, item.due_time or time(0))  # noqa: E731
    ours_items = sorted((i for i in items if i.promise), key=by_due)
    theirs_items = sorted((i for i in items if not i.promise), key=by_due)
    actions: list[str] = []
    for key_name, group in (("meals.minutes.our_promises", ours_items), ("meals.minutes.their_actions", theirs_items)):
        if group:
            if actions:
                actions.append("")
            actions.append(f"### {t(key_name, lang=lang)}")
            actions.append("")
            actions.extend(f"- {_item_line(item, lang)}" for item in group)
    section("meals.minutes.actions", actions)

    if include_private:
        learned = [(_one_line(p), _one_line(f)) for p, f in m.learned if _one_line(f)]
        section("meals.minutes.learned", [
            "- " + (t("meals.minutes.learned_item", lang=lang, person=p, fact=f) if p else f) for p, f in learned
        ])
    next_step = clean_text(m.next_step)
    section("meals.minutes.next_step", [line.rstrip() for line in next_step.splitlines()] if next_step else [])
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- typed lines

_US = ("我方", "我们", "我司", "我", "ours", "us", "we", "me")
_THEM = ("对方", "他们", "客户", "theirs", "them", "they", "client")
_OWNER = re.compile(
    r"^(?P<owner>" + "|".join(re.escape(w) for w in sorted(_US + _THEM, key=len, reverse=True)) + r")"
    r"(?![a-z])"
    r"(?:\s*/\s*(?P<who>[^:：/]{1,40}?)\s*(?=[:：])|\s*[(（]\s*(?P<who2>[^)）]{1,40}?)\s*[)）])?"
    r"\s*[:：]?\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_SHOWN = 40
_HAN = re.compile(r"[\u3400-\u9fff]")


def _shown(line: str) -> str:
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in (line or "")).split())
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


def _trailing_date(rest: str, now: datetime) -> tuple[str, When] | None:
    """Split "发报价单 周五" into the text and the date at its end, longest date first."""
    words = rest.split()
    for start in range(1, len(words)):
        try:
            return " ".join(words[:start]), parse_when(" ".join(words[start:]), now)
        except DateParseError:
            continue
    # Chinese written without a space: 发报价单周五 — try the end of the last word.
    last = words[-1] if words else ""
    if _HAN.search(last):
        for cut in range(1, len(last)):
            try:
                when = parse_when(last[cut:], now)
            except DateParseError:
                continue
            return " ".join(words[:-1] + [last[:cut]]), when
    return None


MAX_ACTION = 500


def parse_action_item(line: str, now: datetime) -> ActionItem | FieldError:
    """`我方: 发报价单 周五`, `us: send quote fri`, `对方：确认样品 下周一`,
    `them/张伟: confirm samples next mon`, `对方（张伟）：确认样品 下周一`.

    我方/我们/我司/我/us/we/ours/me are ours (a promise), 对方/他们/客户/them/they/theirs/client
    theirs; an optional `/name` or `(name)` after the owner says who. The date is the longest
    group of trailing words that reads as one. A FieldError naming the line otherwise.
    """
    text = clean_text(line).replace("\n", " ")
    if len(text) > MAX_ACTION:   # refused, not cut; finding the date is quadratic in the words
        return FieldError("meals.action.too_long", {"line": _shown(text), "limit": MAX_ACTION})
    match = _OWNER.match(text)
    if not text or not match or not match["rest"].strip():
        key = "meals.action.no_owner" if not match else "meals.action.no_text"
        return FieldError(key, {"line": _shown(text)})
    owner = "us" if match["owner"].lower() in _US else "them"
    split = _trailing_date(match["rest"].strip(), now)
    if split is None:
        try:  # the whole rest is a date: nothing to do was written
            parse_when(match["rest"].strip(), now)
            return FieldError("meals.action.no_text", {"line": _shown(text)})
        except DateParseError:
            return FieldError("meals.action.no_date", {"line": _shown(text)})
    what, when = split
    what = what.strip(" ,，、;；:：-/")
    if not what:
        return FieldError("meals.action.no_text", {"line": _shown(text)})
    who = (match["who"] or match["who2"] or "").strip()
    return ActionItem(owner=owner, who=who, what=what, due=when.day, due_time=when.time)


MAX_PERSON = 40


def parse_learned(line: str) -> tuple[str, str] | FieldError:
    """`张伟: 女儿明年高考` / `张伟：女儿明年高考` -> ("张伟", "女儿明年高考")."""
    text = clean_text(line).replace("\n", " ")
    colon = re.search(r"[:：]", text)
    person = text[: colon.start()].strip() if colon else ""
    fact = text[colon.end():].strip() if colon else ""
    if not person or len(person) > MAX_PERSON:
        return FieldError("meals.learned.no_person", {"line": _shown(text)})
    if not fact:
        return FieldError("meals.learned.no_fact", {"line": _shown(text)})
    return person, fact


# ---------------------------------------------------------------- message keys

# Keys built at run time, listed so the catalog check sees them used.
MEAL_MESSAGE_KEYS = (
    message_keys(MealPurpose, ProjectPhase, Channel, InviteStatus, VenueLevel, Side, OurRole, Severity)
    + [f"meals.dish.{name}" for name in DISH_CATEGORIES]
    + [f"meals.clash.{clash.why}" for clash in _CLASHES]
    + [f"meals.topic.{name}" for name in RISK_TOPICS + ALWAYS_AVOID + SAFE_TOPICS]
)
