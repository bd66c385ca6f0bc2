"""Helpers shared by the tests that run clientbook as a command, as the rep does from a shell."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from warm_start import WarmStart

_warm: WarmStart | None = None


def run(home: Path, *args: str, timeout: float = 60, preexec=None) -> subprocess.CompletedProcess:
    """`clientbook *args` in a child process with its own CLIENTBOOK_HOME, in UTF-8 whatever the
    caller's locale; `run(home, "-c", code)` runs Python code in that same setting, in a fresh
    interpreter. Commands start warm (warm_start.py) unless they need a hook before exec."""
    global _warm
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(CLIENTBOOK_HOME=str(home), LANG="C.UTF-8", PYTHONIOENCODING="utf-8")
    if args[0] != "-c" and preexec is None and not os.environ.get("CLIENTBOOK_TEST_COLD_START"):
        if _warm is None:
            _warm = WarmStart()
        result = _warm.run(list(args), env, timeout)
        if result is not None:
            return result
    return subprocess.run(
        [sys.executable, *args] if args[0] == "-c" else [sys.executable, "-m", "clientbook", *args],
        env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, encoding="utf-8", timeout=timeout,
        preexec_fn=preexec,
    )
