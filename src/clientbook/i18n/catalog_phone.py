"""The phone (`clientbook serve`: CardDAV and CalDAV), reminders on the computer (`clientbook
remind`) and the morning digest (`clientbook today --digest`)."""

MESSAGES = {
    # serve
    "phone.cli.serve.help": ("publish the book to your phone (CardDAV contacts, CalDAV calendar)",
                             "把客户簿发布到手机（CardDAV 通讯录、CalDAV 日历）"),
    "phone.cli.serve.description": (
        "Publish the book over CardDAV and CalDAV (Radicale), read-only: every active contact in an "
        "address book, follow-ups, meals, birthdays, festivals and gifts in a calendar with their "
        "alarms. Kept current while it runs. Set a password first: clientbook serve --set-password.\n"
        "Phone edits are not written back into the book.",
        "通过 CardDAV 与 CalDAV（Radicale）只读发布客户簿：所有在册联系人进通讯录，跟进、饭局、生日、"
        "节日和礼品进日历并带提醒。运行期间随客户簿自动更新。请先设置密码：clientbook serve --set-password。\n"
        "在手机上做的修改不会写回客户簿。"),
    "phone.cli.serve.host": ("address to listen on (default 127.0.0.1; 0.0.0.0 for the LAN)",
                             "监听地址（默认 127.0.0.1；局域网用 0.0.0.0）"),
    "phone.cli.serve.port": ("port (default 5232)", "端口（默认 5232）"),
    "phone.cli.serve.cert": ("TLS certificate (PEM): serve HTTPS", "TLS 证书（PEM）：以 HTTPS 提供服务"),
    "phone.cli.serve.key": ("TLS private key (PEM), with --cert", "TLS 私钥（PEM），与 --cert 一起使用"),
    "phone.cli.serve.set_password": ("set the phone account's password (asked twice) and exit",
                                     "设置手机账户的密码（输入两次）后退出"),
    "phone.cli.serve.user": ("the phone account's user name, with --set-password (default rep)",
                             "手机账户的用户名，与 --set-password 一起使用（默认 rep）"),
    "phone.password.ask": ("Password for the phone account: ", "手机账户的密码："),
    "phone.password.again": ("The same password again: ", "再输入一次密码："),
    "phone.password.mismatch": ("the two passwords differ; nothing was changed", "两次输入的密码不一致，未做任何更改"),
    "phone.password.empty": ("an empty password is not allowed; nothing was changed", "密码不能为空，未做任何更改"),
    "phone.password.saved": ("Password set for user {user} (stored hashed in {path}).",
                             "已为用户 {user} 设置密码（以哈希形式保存在 {path}）。"),
    "phone.error.no_password": ("no password set for the phone account: run clientbook serve --set-password first",
                                "手机账户还没有密码：请先运行 clientbook serve --set-password"),
    "phone.error.bad_account": ("a user name without spaces, colons or slashes, and a password, are needed",
                                "需要一个不含空格、冒号或斜杠的用户名，以及密码"),
    "phone.error.no_radicale": ("serve needs Radicale: pip install 'clientbook[phone]'",
                                "serve 需要 Radicale：pip install 'clientbook[phone]'"),
    "phone.error.cert_and_key": ("--cert and --key go together", "--cert 与 --key 须同时给出"),
    "phone.error.cannot_listen": ("cannot listen on {host}:{port} (in use, or not an address of this computer)",
                                  "无法在 {host}:{port} 监听（端口被占用，或不是本机地址）"),
    "phone.serving": ("Serving the book at {url} (contacts/ and calendar/; {put} written, {deleted} removed). "
                      "Ctrl-C stops.",
                      "正在 {url} 提供客户簿（contacts/ 与 calendar/；写入 {put} 项，删除 {deleted} 项）。按 Ctrl-C 停止。"),
    "phone.warning.plain_http": ("warning: without --cert/--key the password crosses the network in clear text",
                                 "警告：未使用 --cert/--key，密码将以明文在网络上传输"),
    "phone.collection.contacts": ("clientbook contacts", "客户簿通讯录"),
    "phone.collection.calendar": ("clientbook", "客户簿日历"),
    "phone.note.grade": ("Grade {grade}", "客户等级 {grade}"),
    "phone.note.level": ("Level {level}", "关系 {level}"),
    # remind
    "phone.cli.remind.help": ("print what is due now (follow-ups, meals, gifts), each once",
                              "显示现在要办的事（跟进、饭局、礼品），每条只提醒一次"),
    "phone.cli.remind.description": (
        "Print what is due now: follow-ups due within the hour (overdue ones once a day), meals in two "
        "hours with the first lines of their preparation sheet, gifts whose lead time has started. Each "
        "reminder is given once (kept in the book): run it every few minutes from a timer.",
        "显示现在要办的事：一小时内到期的跟进（逾期的每天提醒一次）、两小时内的饭局及其准备单的前几行、"
        "已进入提前期的礼品。每条提醒只给一次（记在客户簿里）：可用定时器每几分钟运行一次。"),
    "phone.cli.remind.notify": ("also show them as desktop notifications", "同时以桌面通知显示"),
    "phone.cli.remind.install": ("install a systemd user timer running remind --notify (or print the crontab line)",
                                 "安装每几分钟运行 remind --notify 的 systemd 用户定时器（或显示 crontab 行）"),
    "remind.followup.due": ("Follow-up {when}: {mark} {who}: {what}", "跟进 {when}：{mark} {who}：{what}"),
    "remind.followup.overdue": ("Overdue since {when}: {mark} {who}: {what}", "已逾期（{when}）：{mark} {who}：{what}"),
    "remind.meal": ("Meal at {time}: {label} @ {venue}", "{time} 饭局：{label} @ {venue}"),
    "remind.prep.watch": ("mind: {what}", "注意：{what}"),
    "remind.everyday": ("Everyday gift for {name} ({date})", "给 {name} 的日常小礼（{date}）"),
    "remind.no_notifications": ("desktop notifications are unavailable here (no session bus); printed only",
                                "此处无法显示桌面通知（没有会话总线），仅打印"),
    "remind.install.cron": ("No systemd here. Add this line with crontab -e:", "此处没有 systemd。请用 crontab -e 加入这一行："),
    "remind.install.systemd": ("Timer written to {folder}. Enable it with:", "定时器已写入 {folder}。启用方法："),
    # today --digest
    "digest.cli.digest": ("the day as Markdown (agenda, meals, gifts, whom to contact), for a mail or a chat bot",
                          "以 Markdown 输出今天（日程、饭局、礼品、该联系的人），可发邮件或交给聊天机器人"),
    "digest.cli.out": ("with --digest: write it to FILE instead of the screen", "与 --digest 一起：写入 FILE 而不是屏幕"),
}
