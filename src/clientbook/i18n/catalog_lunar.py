"""Messages of the lunar calendar and birthdays (domain/lunar.py)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # A lunar month/day. zh placeholders carry the Chinese names (六月, 初十), en the numbers.
    "lunar.format.regular": ("lunar {month}/{day}", "{month_zh}{day_zh}"),
    "lunar.format.leap": ("lunar leap {month}/{day}", "闰{month_zh}{day_zh}"),
    "lunar.month.regular": ("month {month}", "{month_zh}"),
    "lunar.month.leap": ("leap month {month}", "闰{month_zh}"),
    # A birthday as shown to the user; the output parses back with parse_birthday.
    "lunar.birthday.solar_ymd": ("{year:04d}-{month:02d}-{day:02d}", "{year}年{month}月{day}日"),
    "lunar.birthday.solar_md": ("{month:02d}-{day:02d}", "{month}月{day}日"),
    "lunar.birthday.lunar_ymd": ("{lunar} ({year})", "农历{year}年{lunar}"),
    "lunar.birthday.lunar_md": ("{lunar}", "农历{lunar}"),
    "lunar.next": ("next: {date} ({lunar})", "下次：{date}（农历{lunar}）"),
    # Birthday input errors: one line naming the input, then the reason.
    "lunar.error.line": ("Cannot read birthday “{text}”: {reason}", "无法识别生日“{text}”：{reason}"),
    "lunar.error.empty": ("nothing was entered.", "内容为空。"),
    "lunar.error.format": (
        "expected e.g. 1985-04-17, 04-17, 4月17日, 农历三月初八 or lunar:06-10.",
        "应为如 1985-04-17、04-17、4月17日、农历三月初八 或 lunar:06-10 的格式。",
    ),
    "lunar.error.storage": (
        "not a stored birthday (expected e.g. solar:1985-04-17 or lunar:--03-08).",
        "不是有效的生日存储格式（应为如 solar:1985-04-17 或 lunar:--03-08）。",
    ),
    "lunar.error.year": (
        "the year must be between {low} and {high}.",
        "年份必须在{low}到{high}之间。",
    ),
    "lunar.error.month": ("there is no month {month} (months are 1–12).", "没有{month}月（月份为1–12）。"),
    "lunar.error.solar_day": ("month {month} has no day {day}.", "{month}月没有{day}日。"),
    "lunar.error.feb29": (
        "{year} is not a leap year, so it has no 29 February.",
        "{year}年不是闰年，没有2月29日。",
    ),
    "lunar.error.lunar_day": (
        "a lunar day must be between 1 (初一) and 30 (三十), not {day}.",
        "农历日期必须在初一到三十之间，不能是{day}。",
    ),
    "lunar.error.leap_solar": (
        "a leap month (闰) exists only in the lunar calendar.",
        "闰月只存在于农历中。",
    ),
    "lunar.error.no_leap_none": (
        "lunar year {year} has no leap month at all.",
        "农历{year}年没有闰月。",
    ),
    "lunar.error.no_leap_other": (
        "lunar year {year} has no {wanted}; its leap month is month {leap}.",
        "农历{year}年没有{wanted}，该年的闰月是闰{leap_zh}。",
    ),
    "lunar.error.short_month": (
        "in lunar year {year}, {month} has only 29 days.",
        "农历{year}年的{month}只有29天。",
    ),
    # Festivals (festival_date keys).
    "lunar.festival.spring_festival": ("Spring Festival", "春节"),
    "lunar.festival.new_years_eve": ("Chinese New Year's Eve", "除夕"),
    "lunar.festival.lantern": ("Lantern Festival", "元宵节"),
    "lunar.festival.dragon_boat": ("Dragon Boat Festival", "端午节"),
    "lunar.festival.qixi": ("Qixi Festival", "七夕"),
    "lunar.festival.mid_autumn": ("Mid-Autumn Festival", "中秋节"),
    "lunar.festival.double_ninth": ("Double Ninth Festival", "重阳节"),
    "lunar.festival.laba": ("Laba Festival", "腊八节"),
    "lunar.festival.new_year": ("New Year's Day", "元旦"),
    "lunar.festival.labour_day": ("Labour Day", "劳动节"),
    "lunar.festival.national_day": ("National Day", "国庆节"),
    "lunar.festival.teachers_day": ("Teachers' Day", "教师节"),
}
