MESSAGES = {
    "book.error.is_directory": ("{path} is a folder, not a clientbook file", "{path} 是文件夹，不是 clientbook 文件"),
    "book.error.not_sqlite": ("{path} is not a clientbook file (not an SQLite database); it was left untouched", "{path} 不是 clientbook 文件（不是 SQLite 数据库），文件未被改动"),
    "book.error.corrupt": ("{path} is damaged ({detail}); it was left untouched — restore a backup with `clientbook restore`", "{path} 已损坏（{detail}），文件未被改动——可用 `clientbook restore` 恢复备份"),
    "book.error.unreadable": ("Cannot read {path}: permission denied", "无法读取 {path}：没有权限"),
    "book.error.read_only": ("{path} is read-only; clientbook needs to write to it", "{path} 是只读的，clientbook 需要写入"),
    "book.error.folder": ("Cannot create the folder {path}: {detail}", "无法创建文件夹 {path}：{detail}"),
    "book.error.too_new": ("{path} was written by a newer clientbook (book version {found}, this one knows up to {known}); upgrade clientbook — the file was left untouched", "{path} 由更新版本的 clientbook 写入（版本 {found}，本程序最高支持 {known}）；请升级 clientbook——文件未被改动"),
    "book.error.locked": ("The book {path} is busy in another program for too long; try again in a moment", "账本 {path} 被其他程序长时间占用，请稍后再试"),
    "book.error.not_found": ("Not found: {what}", "未找到：{what}"),
    "book.upgraded": ("Upgraded the book to version {version}; the old file is kept as {backup}", "账本已升级到版本 {version}；旧文件保存为 {backup}"),
}
MESSAGES.update({
    "backup.error.missing": ("No backup file at {path}", "{path} 处没有备份文件"),
    "backup.done": ("Backed up the book to {path}", "账本已备份到 {path}"),
    "restore.done": ("Restored the book from {source}", "已从 {source} 恢复账本"),
    "restore.kept": ("The book as it was is kept at {path}", "恢复前的账本保存在 {path}"),
    "cli.backup.help": ("copy the book (safe while the app is open)", "备份账本（应用打开时也可安全备份）"),
    "cli.backup.path": ("where to write the copy (default: backups/ beside the book)", "备份文件路径（默认：账本旁的 backups/ 文件夹）"),
    "cli.restore.help": ("replace the book with a backup (checked first; the current book is kept aside)", "用备份替换账本（先检查备份；当前账本另存）"),
    "cli.restore.path": ("the backup file", "备份文件"),
})
