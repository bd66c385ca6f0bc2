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
    "picker.add_new": ("+ add {name} at …  (a new contact)", "＋ 新建联系人 {name}（公司……）"),
    "contact.company_known": ("In your book: {name} (→ takes it)", "已有公司：{name}（按 → 采用）"),
    "contact.company_new": ("A new company: made when saved", "新公司：保存时建立"),
    "contact.company_close": (
        "A new company, close to {close} in your book: the same one?",
        "新公司，与已有的 {close} 相近：是同一家吗？",
    ),
    "contact.company_close_save": (
        "“{name}” would be a new company beside {close}: save again to make it, or write the known name",
        "“{name}”将新建为公司，已有相近的 {close}：再保存一次即新建，或改用已有名称",
    ),
    "settings.not_saved": ("Could not save the settings to {path}: {detail}", "无法把设置保存到 {path}：{detail}"),
}
