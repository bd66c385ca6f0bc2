MESSAGES = {
    "form.error.required": ("Required", "必填"),
    "form.error.too_long": ("At most {limit} characters", "最多 {limit} 个字"),
    "form.error.choice": ("Not one of the choices: {value}", "不是可选项：{value}"),
    "form.error.level": ("Level must be 0–6, not “{value}”", "关系等级须为 0–6，而不是“{value}”"),
    "form.error.phone": ("Not a phone number: “{value}”", "不是电话号码：“{value}”"),
    "form.error.wechat": ("WeChat id takes letters, digits, _ - . only: “{value}”", "微信号只能含字母、数字、_ - .：“{value}”"),
    "form.error.email": ("Not an email address: “{value}”", "不是邮箱地址：“{value}”"),
    "form.error.url": ("Not a web address: “{value}”", "不是网址：“{value}”"),
    "form.error.birthday": ("Can't read the birthday “{value}” — try 1985-04-17, 04-17 or 农历三月初八", "看不懂生日“{value}”——可以写 1985-04-17、04-17 或 农历三月初八"),
    "form.error.grade": ("Grade is A, B, C or D, not “{value}”", "客户等级为 A、B、C 或 D，而不是“{value}”"),
    "form.error.cadence": ("Days between contacts: a whole number from 1 to 3650, not “{value}”", "联系间隔天数须为 1–3650 的整数，而不是“{value}”"),
    "form.error.number": ("Not a number: “{value}”", "不是数字：“{value}”"),
}
