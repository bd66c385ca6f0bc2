MESSAGES = {
    # A team book on a PostgreSQL server (store/server.py, location.py, cli_team.py). {path} is
    # the server's URL with its password hidden.
    "book.error.bad_url": ("A book URL must start with postgresql+psycopg:// (not {scheme}://)", "账本地址必须以 postgresql+psycopg:// 开头（而不是 {scheme}://）"),
    "book.error.config_password": ("config.toml: [book] url {url} holds a password; remove it and put the password in PGPASSWORD or ~/.pgpass", "config.toml：[book] url {url} 含有密码；请删除，把密码放在 PGPASSWORD 或 ~/.pgpass 中"),
    "book.error.server_unreachable": ("Cannot reach the book's server {path}; check that it runs and the address is right", "无法连接账本服务器 {path}；请确认服务器在运行、地址正确"),
    "book.error.server_login": ("The server refused the login to {path}: wrong user or password (PGPASSWORD, ~/.pgpass)", "服务器拒绝登录 {path}：用户名或密码错误（PGPASSWORD、~/.pgpass）"),
    "book.error.no_database": ("{path}: no such database on the server", "{path}：服务器上没有这个数据库"),
    "book.error.not_team_book": ("{path} is not a clientbook team book; set it up with `clientbook team init URL`", "{path} 不是 clientbook 团队账本；请先用 `clientbook team init URL` 建立"),
    "book.error.server_denied": ("The server does not let this user do that in {path}", "服务器不允许当前用户在 {path} 中执行此操作"),
    "book.error.team_outdated": ("The team book {path} was set up by an earlier clientbook (book version {found}, this one is at {known}); the team's admin brings it up to date with `clientbook team upgrade`", "团队账本 {path} 由较早版本的 clientbook 建立（账本版本 {found}，本程序为 {known}）；请团队管理员执行 `clientbook team upgrade` 升级"),
    "team.upgrade.done": ("The team book {path} is up to date (book version {version})", "团队账本 {path} 已升级到最新（账本版本 {version}）"),
    "team.upgrade.nothing": ("The team book {path} was up to date already (book version {version}); nothing was changed", "团队账本 {path} 已是最新（账本版本 {version}），未作改动"),
    "cli.team.upgrade.help": ("bring a team book set up by an earlier clientbook up to date (the team's admin)", "把较早版本建立的团队账本升级到最新（团队管理员执行）"),
    "team.error.already": ("{path} is a team book already; nothing was changed", "{path} 已经是团队账本，未作改动"),
    "team.error.server_backups": ("{path} is a team book: the server's own backups keep it (pg_dump), not clientbook backup", "{path} 是团队账本：由服务器自己的备份（pg_dump）保存，而不是 clientbook backup"),
    "team.init.done": ("Team book ready at {path}", "团队账本已建立：{path}"),
    "cli.team.help": ("a team book on a PostgreSQL server", "PostgreSQL 服务器上的团队账本"),
    "cli.team.init.help": ("create a team book's tables in an empty PostgreSQL database", "在空的 PostgreSQL 数据库中建立团队账本"),
    "cli.team.url": ("the database, postgresql+psycopg://USER@HOST/DATABASE (password from PGPASSWORD or ~/.pgpass)", "数据库地址 postgresql+psycopg://用户@主机/数据库（密码取自 PGPASSWORD 或 ~/.pgpass）"),
}
