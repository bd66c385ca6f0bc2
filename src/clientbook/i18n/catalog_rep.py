"""The rep's own name (asked on the first run) and adding people on the way: quick log's new
contact, the company and position-tier suggestions of the contact form."""

MESSAGES = {
    "myname.title": ("Welcome to clientbook", "欢迎使用 clientbook"),
    "myname.label": ("Your name", "您的姓名"),
    "myname.placeholder": ("e.g. Li Ming", "例如：李明"),
    "myname.help": (
        "Meal minutes name you on our side. Enter saves · Esc skips (set my_name in config.toml later)",
        "约饭纪要中“我方”写您的名字。Enter 保存 · Esc 跳过（以后可在 config.toml 的 my_name 设置）",
    ),
    "settings.not_saved": ("Could not save the settings to {path}: {detail}", "无法把设置保存到 {path}：{detail}"),
}
