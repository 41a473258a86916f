"""Throughput of the service as deployed: ``logo-check serve`` in a subprocess on 127.0.0.1.

Measures (1) requests per second on the status route ``GET /api/v1/submissions/<id>`` (bearer
token, one SQLite read per request) from several client threads with keep-alive connections, and
(2) uploads per minute end to end: N generated images uploaded over HTTP, timed from the first
upload until the last check is done.

    .venv/bin/python benchmarks/service_load.py [--seconds 10] [--clients 4] [--uploads 20] [--workers 2]

The images are generated here: the charter's artwork (logo_check.reference.render_png) pasted on a
plain 1280 x 720 page, every one different by its position. Everything lives in a temporary data
folder, deleted at the end; the server is stopped by the script.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

PASSWORD = "benchmark password"


def cli(*args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "logo_check", *args], input=stdin, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def page_png(n: int) -> bytes:
    from PIL import Image

    from logo_check.charter import load_charter
    from logo_check.reference import render_png

    logo = Image.open(io.BytesIO(render_png(load_charter(), "offre_referencee", "colour", 80)))
    page = Image.new("RGB", (1280, 720), (246, 246, 246))
    page.paste(logo, (100 + (n * 37) % 500, 100 + (n * 53) % 400), logo)
    out = io.BytesIO()
    page.save(out, "PNG")
    return out.getvalue()


class Client:
    def __init__(self, port: int, token: str) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path: str) -> tuple[int, bytes]:
        self.connection.request("GET", path, headers=self.headers)
        response = self.connection.getresponse()
        return response.status, response.read()

    def upload(self, data: bytes, name: str) -> dict:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
                "Content-Type: image/png\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {**self.headers, "Content-Type": f"multipart/form-data; boundary={boundary}"}
        self.connection.request("POST", "/api/v1/submissions", body=body, headers=headers)
        response = self.connection.getresponse()
        payload = json.loads(response.read())
        if response.status != 201:
            raise RuntimeError(payload)
        return payload["submissions"][0]


def status_rate(port: int, token: str, submission_id: int, clients: int, seconds: float) -> tuple[float, int]:
    counts, errors = [0] * clients, [0] * clients
    stop = time.monotonic() + seconds

    def run(k: int) -> None:
        client = Client(port, token)
        while time.monotonic() < stop:
            status, _ = client.get(f"/api/v1/submissions/{submission_id}")
            if status == 200:
                counts[k] += 1
            else:
                errors[k] += 1

    threads = [threading.Thread(target=run, args=(k,)) for k in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.monotonic() - started), sum(errors)


def wait_done(client: Client, ids: list[int], timeout: float = 1800) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    states: dict[int, str] = {}
    while time.monotonic() < deadline:
        for i in ids:
            if states.get(i) not in ("done", "failed"):
                states[i] = json.loads(client.get(f"/api/v1/submissions/{i}")[1])["state"]
        if all(s in ("done", "failed") for s in states.values()):
            break
        time.sleep(0.2)
    return {s: list(states.values()).count(s) for s in set(states.values())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the status-route run")
    parser.add_argument("--clients", type=int, default=4, help="client threads on the status route")
    parser.add_argument("--uploads", type=int, default=20, help="images uploaded for the end-to-end rate")
    parser.add_argument("--workers", type=int, default=2, help="check processes of the server")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="logo-check-load-") as folder:
        data = Path(folder) / "data"
        cli(
            "users",
            "add",
            "--role",
            "partner",
            "--code",
            "bench",
            "--partner",
            "Bench",
            "--data-dir",
            str(data),
            stdin=PASSWORD + "\n",
        )
        token = cli("users", "token", "--code", "bench", "--data-dir", str(data))
        server = subprocess.Popen(
            [sys.executable, "-m", "logo_check", "serve", "--port", "0", "--data-dir", str(data),
             "--workers", str(args.workers)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True,
            env={**os.environ, "LOGO_CHECK_LANG": "en"},
        )  # fmt: skip
        try:
            port = int(re.search(r":(\d+) ", server.stdout.readline()).group(1))
            client = Client(port, token)
            first = client.upload(page_png(0), "warm-up.png")
            wait_done(client, [first["id"]])
            rate, errors = status_rate(port, token, first["id"], args.clients, args.seconds)
            images = [page_png(n + 1) for n in range(args.uploads)]
            started = time.monotonic()
            ids = [client.upload(image, f"page-{n}.png")["id"] for n, image in enumerate(images)]
            uploaded = time.monotonic() - started
            states = wait_done(client, ids)
            elapsed = time.monotonic() - started
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)
    result = {
        "status_route_requests_per_second": round(rate, 1),
        "status_route_errors": errors,
        "status_clients": args.clients,
        "uploads": args.uploads,
        "upload_requests_seconds": round(uploaded, 2),
        "end_to_end_seconds": round(elapsed, 2),
        "uploads_per_minute_end_to_end": round(args.uploads / elapsed * 60, 1),
        "final_states": states,
        "workers": args.workers,
        "cpu_count": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
