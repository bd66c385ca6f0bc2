"""Messages of occasions, gift policy, reminders and the calendar export (domain/gifts/, domain/ics.py)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # Dates of occasions: "Sep 25 · lunar 8/15" / "9月25日 · 八月十五".
    "gifts.months": (
        "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        "1月 2月 3月 4月 5月 6月 7月 8月 9月 10月 11月 12月",
    ),
    "gifts.date.solar": ("{month} {day}", "{month}{day}日"),
    "gifts.date.with_lunar": ("{solar} · {lunar}", "{solar} · {lunar}"),
    # Names of occasions that are not festivals.
    "gifts.occasion.birthday": ("{name}'s birthday", "{name}生日"),
    "gifts.occasion.birthday_plain": ("birthday", "生日"),
    "gifts.occasion.custom_unnamed": ("occasion", "纪念日"),
    # Policy vocabulary.
    "gifts.treatment.gift": ("gift", "送礼"),
    "gifts.treatment.greeting": ("greeting", "问候"),
    "gifts.treatment.none": ("nothing", "不送"),
    "gifts.tier.small": ("small", "小礼"),
    "gifts.tier.standard": ("standard", "标准"),
    "gifts.tier.premium": ("premium", "高档"),
    "gifts.tier.special": ("special", "特别"),
    # Shopping list: "中秋节：23 人 — 18 盒月饼，5 份特别礼物，预算 ¥4,100–9,800".
    "gifts.shop.line": (
        "{occasion}: {count:plural:person:people} — {parts}, budget ¥{low}–{high}",
        "{occasion}：{count} 人 — {parts}，预算 ¥{low}–{high}",
    ),
    "gifts.shop.line_one": (
        "{occasion}: 1 person — {parts}, budget ¥{low}–{high}",
        "{occasion}：1 人 — {parts}，预算 ¥{low}–{high}",
    ),
    "gifts.shop.nothing": ("{occasion}: no gifts to buy", "{occasion}：无需购买礼品"),
    "gifts.shop.greetings": ("; greetings to send: {n}", "；另需问候 {n} 人"),
    "gifts.shop.sep": (", ", "，"),
    "gifts.shop.mooncakes": ("{n} × box of mooncakes", "{n} 盒月饼"),
    "gifts.shop.new_year_gifts": ("{n} × New Year gift box", "{n} 份年货礼盒"),
    "gifts.shop.zongzi": ("{n} × box of zongzi", "{n} 盒粽子"),
    "gifts.shop.gifts": ("{n} × gift", "{n} 份礼物"),
    "gifts.shop.special": ("{n} × special gift", "{n} 份特别礼物"),
    # Gift log.
    "gifts.same_gift": (
        "Already given “{what}” on {date} ({occasion})",
        "已于 {date}（{occasion}）送过“{what}”",
    ),
    "gifts.same_gift_plain": ("Already given “{what}” on {date}", "已于 {date} 送过“{what}”"),
    # Calendar export.
    "gifts.ics.calname": ("clientbook — gifts, birthdays, follow-ups and meals", "客户关系本 — 礼品、生日、跟进与饭局"),
    "gifts.ics.lunar_note": ("{lunar}", "农历{lunar}"),
    "gifts.ics.followup": ("{mark} {what} — {name}", "{mark} {what} — {name}"),
    "gifts.ics.meal": ("Meal: {label}", "饭局：{label}"),
    "gifts.ics.meal_guests": ("Guests: {names}", "客人：{names}"),
}
