"""A warm start for the tests that run `clientbook` as a command (cli_support.run).

Every command is still its own process, with its own environment, working folder, arguments,
standard streams and exit status. Only the interpreter's start and the imports are shared: a
server process imports clientbook's modules (SQLAlchemy, pypinyin…) once, and forks a child
per command that runs `python -m clientbook` from there. A cold start costs about a second of
CPU on this 2-core machine, and the suite runs some two hundred commands.

What a cold start alone can show (which modules a command imports, start-up time) is tested
with `run(home, "-c", code)`, which always starts a fresh interpreter, as do runs with a
`preexec` hook. CLIENTBOOK_TEST_COLD_START=1 makes every run a fresh interpreter.

Run as a script, this file is the server: `python warm_start.py SOCKET`.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HEADER = struct.Struct("!Q")


# ------------------------------------------------------------------ the server


def preload() -> None:
    """Import every module a command may import, except the UI (Textual) and alembic's
    migration scripts (which run when imported)."""
    import importlib
    import pkgutil

    import clientbook

    for module in pkgutil.walk_packages(clientbook.__path__, "clientbook."):
        if not module.name.startswith(("clientbook.ui", "clientbook.store.migrations", "clientbook.__main__")):
            importlib.import_module(module.name)


def receive(connection: socket.socket) -> tuple[dict | None, list[int]]:
    header, fds, _flags, _address = socket.recv_fds(connection, HEADER.size, 2)
    if not header:
        return None, []
    (size,) = HEADER.unpack(header)
    payload = bytearray()
    while len(payload) < size:
        chunk = connection.recv(min(size - len(payload), 1 << 20))
        if not chunk:
            return None, fds
        payload += chunk
    return json.loads(payload), fds


def run_command(request: dict, stdout_fd: int, stderr_fd: int, server_fds: list[int]) -> None:
    """In the forked child: become `python -m clientbook ARGS` as the request describes, run it,
    and end the way the interpreter ends (threads joined, atexit run, streams flushed)."""
    import runpy
    import time

    code = 1
    try:
        for fd in server_fds:
            os.close(fd)
        stdin_fd = os.open(os.devnull, os.O_RDONLY)
        os.dup2(stdin_fd, 0)
        os.dup2(stdout_fd, 1)
        os.dup2(stderr_fd, 2)
        for fd in (stdin_fd, stdout_fd, stderr_fd):
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        time.tzset()
        encoding, _, errors = request["env"].get("PYTHONIOENCODING", "utf-8").partition(":")
        sys.stdin = sys.__stdin__ = open(0, encoding=encoding, errors=errors or "strict", closefd=False)
        sys.stdout = sys.__stdout__ = open(1, "w", encoding=encoding, errors=errors or "strict", closefd=False)
        sys.stderr = sys.__stderr__ = open(2, "w", encoding=encoding, errors="backslashreplace",
                                           closefd=False, buffering=1)
        sys.argv = [sys.executable, *request["args"]]
        sys.path[0] = request["cwd"]   # as `python -m` sets it
        try:
            runpy.run_module("clientbook", run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as exit_:
            if exit_.code is None:
                code = 0
            elif isinstance(exit_.code, int):
                code = exit_.code
            else:
                print(exit_.code, file=sys.stderr)
                code = 1
        except BaseException:
            sys.excepthook(*sys.exc_info())
            code = 1
        threading._shutdown()
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                code = 120
    except BaseException:   # the harness itself failed: say so where the test will read it
        import traceback

        os.write(2, ("warm start: " + traceback.format_exc()).encode())
    finally:
        os._exit(code & 0xFF)


def wait(pid: int, timeout: float) -> dict:
    import select

    pidfd = os.pidfd_open(pid)
    try:
        if not select.select([pidfd], [], [], timeout)[0]:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            return {"timeout": True}
    finally:
        os.close(pidfd)
    _, status = os.waitpid(pid, 0)
    return {"returncode": os.waitstatus_to_exitcode(status)}


def serve(socket_path: str) -> None:
    import select

    preload()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path)
    listener.listen(1)
    print("ready", flush=True)
    while True:
        # Standard input is the test process's pipe: its end (the tests are over, or the test
        # process died) ends the server.
        ready, _, _ = select.select([listener, sys.stdin], [], [])
        if sys.stdin in ready:
            return
        connection, _ = listener.accept()
        with connection:
            while True:
                request, fds = receive(connection)
                if request is None:
                    for fd in fds:
                        os.close(fd)
                    break
                pid = os.fork()
                if pid == 0:
                    run_command(request, fds[0], fds[1], [listener.fileno(), connection.fileno()])
                for fd in fds:
                    os.close(fd)
                answer = json.dumps(wait(pid, request["timeout"])).encode()
                connection.sendall(HEADER.pack(len(answer)) + answer)


# ------------------------------------------------------------------ the client


class WarmStart:
    """One server per test process, started on first use; one command at a time (a caller
    that finds it busy, e.g. a second thread, gets a cold start instead)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.folder = tempfile.mkdtemp(prefix="clientbook-warm-")
        path = str(Path(self.folder) / "socket")
        self.server = subprocess.Popen([sys.executable, __file__, path], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, text=True)
        if self.server.stdout.readline().strip() != "ready":
            raise RuntimeError("the warm-start server did not start")
        self.connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.connection.connect(path)
        atexit.register(self.close)

    def close(self) -> None:
        self.connection.close()
        self.server.stdin.close()
        self.server.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)

    def run(self, args: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess | None:
        """`python -m clientbook *args`, or None if another thread is using the server."""
        if not self.lock.acquire(blocking=False):
            return None
        try:
            with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
                payload = json.dumps({"args": args, "env": env, "cwd": os.getcwd(),
                                      "timeout": timeout}).encode()
                socket.send_fds(self.connection, [HEADER.pack(len(payload))], [out.fileno(), err.fileno()])
                self.connection.sendall(payload)
                (size,) = HEADER.unpack(self._read(HEADER.size))
                answer = json.loads(self._read(size))
                out.seek(0)
                err.seek(0)
                stdout, stderr = (decode(stream.read()) for stream in (out, err))
        finally:
            self.lock.release()
        command = [sys.executable, "-m", "clientbook", *args]
        if answer.get("timeout"):
            raise subprocess.TimeoutExpired(command, timeout, stdout, stderr)
        return subprocess.CompletedProcess(command, answer["returncode"], stdout, stderr)

    def _read(self, size: int) -> bytes:
        data = bytearray()
        while len(data) < size:
            chunk = self.connection.recv(size - len(data))
            if not chunk:
                raise RuntimeError("the warm-start server went away")
            data += chunk
        return bytes(data)


def decode(data: bytes) -> str:
    """As subprocess.run(text=True, encoding="utf-8") gives it: universal newlines."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


if __name__ == "__main__":
    serve(sys.argv[1])
