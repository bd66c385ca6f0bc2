"""Messages of typed dates (domain/dates.py)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # Shown when a typed date cannot be read; {text} is the input, shortened.
    "dates.unreadable": (
        'Can\'t read the date "{text}" — try tomorrow, next fri, 12-01, +3d',
        "看不懂日期“{text}”——可以写 明天、下周五、12-01、+3d",
    ),
    # What we understood, shown next to the input. The ISO date parses back.
    "dates.understood": ("→ {date} {weekday}", "→ {date} {weekday}"),
    "dates.understood_at": ("→ {date} {weekday} {time}", "→ {date} {weekday} {time}"),
    "dates.weekday.mon": ("Mon", "周一"),
    "dates.weekday.tue": ("Tue", "周二"),
    "dates.weekday.wed": ("Wed", "周三"),
    "dates.weekday.thu": ("Thu", "周四"),
    "dates.weekday.fri": ("Fri", "周五"),
    "dates.weekday.sat": ("Sat", "周六"),
    "dates.weekday.sun": ("Sun", "周日"),
}
