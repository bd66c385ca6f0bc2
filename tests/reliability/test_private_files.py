"""Everything clientbook creates is the rep's alone, whatever the umask: folders 0700, files 0600."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

from cli_support import run as run_cli


def run(home: Path, *args: str) -> subprocess.CompletedProcess:
    """Under umask 000, the most open one: what clientbook creates must be private all the same."""
    return run_cli(home, *args, preexec=lambda: os.umask(0))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_book_backups_and_exports_are_private_under_umask_000(tmp_path):
    book = tmp_path / "new" / "deep" / "clientbook.db"
    result = run(tmp_path / "home", "--db", str(book), "add", "张三", "--company", "华为")
    assert result.returncode == 0, result.stderr
    assert mode(book) == 0o600
    assert mode(tmp_path / "new") == 0o700 and mode(tmp_path / "new" / "deep") == 0o700

    result = run(tmp_path / "home", "--db", str(book), "backup")
    assert result.returncode == 0, result.stderr
    [copy] = (book.parent / "backups").iterdir()
    assert mode(book.parent / "backups") == 0o700 and mode(copy) == 0o600

    out = tmp_path / "out"
    out.mkdir()
    result = run(tmp_path / "home", "--db", str(book), "export", "--vcf", str(out / "a.vcf"),
                 "--csv", str(out / "a.csv"), "--json", str(out / "a.json"))
    assert result.returncode == 0, result.stderr
    for name in ("a.vcf", "a.csv", "a.json"):
        assert mode(out / name) == 0o600, name
    assert sorted(p.name for p in out.iterdir()) == ["a.csv", "a.json", "a.vcf"]  # no temporary left


def test_export_replaces_a_planted_symlink_instead_of_writing_through_it(tmp_path):
    book = tmp_path / "clientbook.db"
    assert run(tmp_path / "home", "--db", str(book), "add", "张三").returncode == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "contacts.vcf"
    link.symlink_to(victim)
    result = run(tmp_path / "home", "--db", str(book), "export", "--vcf", str(link))
    assert result.returncode == 0, result.stderr
    assert victim.read_text() == "keep me"
    assert not link.is_symlink() and "张三" in link.read_text(encoding="utf-8") and mode(link) == 0o600
