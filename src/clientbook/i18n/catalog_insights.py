"""The Insights screen (8) and `clientbook report`: the book at a glance."""

MESSAGES = {
    # the report (domain/insights_report.py)
    "insights.report.title_week": ("Weekly report {label} ({start} – {end})", "周报 {label}（{start} 至 {end}）"),
    "insights.report.title_month": ("Monthly report {label} ({start} – {end})", "月报 {label}（{start} 至 {end}）"),
    "insights.report.activity": ("Activity", "客户活动"),
    "insights.report.total": (" · {n} in all", " · 共 {n} 次"),
    "insights.report.none": ("None.", "无。"),
    "insights.report.meals": ("Meals and what was agreed", "约饭及纪要中的约定"),
    "insights.report.no_agreements": ("no agreements in the minutes", "纪要未记约定"),
    "insights.report.promises": ("Our promises", "我方承诺"),
    "insights.report.promise_line": ("Made {made} · kept on time {kept} · kept late {late} · overdue {overdue}",
                                     "新增 {made} · 按时兑现 {kept} · 延迟兑现 {late} · 逾期未兑现 {overdue}"),
    "insights.report.levels": ("Relationship level changes", "关系等级变化"),
    "insights.report.gifts": ("Gifts sent and spend", "送礼与费用"),
    "insights.report.spend": ("Gifts {gifts} · all meals, gifts and entertainment {spend}",
                              "礼品 {gifts} · 餐饮、礼品、娱乐合计 {spend}"),
    "insights.report.next": ("Next week: follow-ups and meals", "下周：待跟进与约饭"),
    "insights.report.ours": ("our promise", "我方承诺"),
    "insights.report.theirs": ("theirs", "等对方"),
}
