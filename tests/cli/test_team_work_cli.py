"""`clientbook team handover|claim|pool|recycle` and `clientbook add` on a team book (SQLite,
reps as rows), run as the rep runs them."""

import json
from datetime import timedelta

from cli_support import run
from conftest import NOW, add_contact

LONG_AGO = NOW - timedelta(days=400)


def _team_book(path):
    from clientbook.services.team import TeamService
    from clientbook.store import open_store

    store = open_store(path, NOW)
    try:
        team = TeamService(store)
        team.add_rep("Wang Fang", LONG_AGO)
        team.add_rep("Li Lei", LONG_AGO)
        add_contact(store, LONG_AGO, grade="D", name="赵强", company="小厂", phones="13800138000")
        add_contact(store, LONG_AGO, grade="D", name="赵敏", company="小厂", wechat="ZhaoMin")
        store.team.handover(1, 2, LONG_AGO)      # Wang Fang's, untouched since: back in the pool
        add_contact(store, LONG_AGO, grade="A", name="钱总", company="大厂")
    finally:
        store.close()


def test_team_commands_on_a_team_book(tmp_path, book_path):
    _team_book(book_path)
    db = ("--db", str(book_path))
    pool = run(tmp_path, *db, "team", "pool", "--json")
    assert pool.returncode == 0, pool.stderr
    assert {(i["kind"], i["name"], i["previous_owner"]) for i in json.loads(pool.stdout)} == {
        ("contact", "赵强", "Wang Fang"), ("contact", "赵敏", "Wang Fang"), ("company", "小厂", "Wang Fang")}

    several = run(tmp_path, *db, "team", "claim", "赵")
    assert several.returncode == 1 and "赵强" in several.stderr and "赵敏" in several.stderr
    claimed = run(tmp_path, *db, "--lang", "zh", "team", "claim", "赵强")
    assert claimed.returncode == 0 and "赵强 已归您跟进" in claimed.stdout

    handed = run(tmp_path, *db, "team", "handover", "me", "li lei", "--company", "大厂")
    assert handed.returncode == 0 and "1 company, 1 contact" in handed.stdout, handed.stderr
    bad = run(tmp_path, *db, "team", "recycle", "B", "0")
    assert bad.returncode == 2 and "3650" in bad.stderr

    # 撞单: 赵强 is mine now, 赵敏 (and her WeChat id) still Wang Fang's
    mine = run(tmp_path, *db, "add", "赵先生", "--phone", "+86 138 0013 8000")
    assert mine.returncode == 0, mine.stderr
    owned = run(tmp_path, *db, "add", "Zhao", "--wechat", "zhaomin")
    assert owned.returncode == 1 and "Wang Fang owns 赵敏" in owned.stderr and not owned.stdout


def test_a_solo_book_has_no_pool(tmp_path, book_path):
    result = run(tmp_path, "--db", str(book_path), "team", "pool")
    assert result.returncode == 1 and "one rep" in result.stderr
