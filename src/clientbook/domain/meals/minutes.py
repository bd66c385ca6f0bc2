"""约饭纪要 (domain §9): the minutes as Markdown, and the action items and facts typed into them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from clientbook.domain.dates import DateParseError, When, parse_when, weekday_name
from clientbook.domain.money import money_text
from clientbook.domain.text import FieldError, clean_text
from clientbook.i18n import t


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
        cost = money_text(m.cost)
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
_HAN = r"[\u3400-\u9fff]"   # compiled on first use (re's cache): ~1.5 ms at import, see search._CJK


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
    if re.search(_HAN, last):
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
