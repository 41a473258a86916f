"""A real ``logo-check serve`` in a subprocess on 127.0.0.1 (a free port chosen by the system),
and a small HTTP client for it (standard library only). The tests stop the server themselves."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any


class Server:
    def __init__(self, data_dir: Path, workers: int = 1, **env: str) -> None:
        self.data_dir = data_dir
        self.stderr = ""  # what the server wrote on stderr, once it has stopped
        environment = {**os.environ, "LOGO_CHECK_LANG": "en", **env}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "logo_check",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--data-dir",
                str(data_dir),
                "--workers",
                str(workers),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
            start_new_session=True,  # its own process group: the workers can be killed with it
        )
        line = self.process.stdout.readline() if self.process.stdout else ""
        found = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        if not found:
            self.kill()
            raise RuntimeError(
                f"the server did not start: {line!r} {self.process.stderr.read() if self.process.stderr else ''}"
            )
        self.url = found.group(0)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        self._close()

    def kill(self) -> None:
        """``kill -9`` the server and every process of its group (workers and their checks)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(20)
        self._close()

    def _close(self) -> None:
        if self.process.stderr and not self.process.stderr.closed:
            self.stderr = self.process.stderr.read()
        for stream in (self.process.stdout, self.process.stderr):
            if stream:
                stream.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- HTTP ---------------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        token: str | None = None,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 30,
    ) -> tuple[int, bytes, dict[str, str]]:
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=dict(headers or {}))
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def json(self, method: str, path: str, token: str | None = None) -> tuple[int, Any]:
        status, body, _ = self.request(method, path, token)
        return status, json.loads(body) if body else None

    def upload(self, token: str, files: list[tuple[bytes, str]], **fields: str) -> tuple[int, Any]:
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for data, filename in files:
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            )
            parts.append(head.encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        status, raw, _ = self.request(
            "POST", "/api/v1/submissions", token, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )
        return status, json.loads(raw)

    def wait_for(
        self, token: str, submission_id: int, states: tuple[str, ...] = ("done", "failed"), timeout: float = 120
    ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            status, body = self.json("GET", f"/api/v1/submissions/{submission_id}", token)
            assert status == 200, body
            if body["state"] in states or time.monotonic() > deadline:
                return body
            time.sleep(0.1)


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "logo_check", *args], input=stdin, capture_output=True, text=True, timeout=60
    )


def add_user(data_dir: Path, role: str, code: str, password: str, partner: str | None = None) -> str:
    """Create the account through the command line; return an API token for it."""
    extra = ["--partner", partner] if partner else []
    done = cli(
        "users", "add", "--role", role, "--code", code, *extra, "--data-dir", str(data_dir), stdin=password + "\n"
    )
    assert done.returncode == 0, done.stderr
    token = cli("users", "token", "--code", code, "--data-dir", str(data_dir))
    assert token.returncode == 0, token.stderr
    return token.stdout.strip()
