"""`straiik serve --production` for real: gunicorn with two web processes and a worker, on a SQLite file,
answering /healthz, /readyz and /metrics, with a request id and JSON log lines, and stopping cleanly."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http://127.0.0.1 only
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - a local test server
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_the_production_server_serves_probes_metrics_and_json_logs(tmp_path: Path) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "straiik.config.settings.production",
           "STRAIIK_SECRET_KEY": secrets.token_urlsafe(64), "STRAIIK_SECURE_SSL_REDIRECT": "0",
           "STRAIIK_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "STRAIIK_WORKER_HEARTBEAT_SECONDS": "1", "STRAIIK_WEB_THREADS": "2"}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    command = [sys.executable, "-m", "straiik.cli"]
    subprocess.run([*command, "migrate", "--noinput", "-v", "0"], env=env, cwd=tmp_path, check=True)  # noqa: S603
    port = free_port()
    log = (tmp_path / "server.log").open("w+")
    server = subprocess.Popen([*command, "serve", "--production", f"127.0.0.1:{port}", "--workers", "2"],  # noqa: S603
                              env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, _, body = get(f"{base}/readyz")
                if status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the server never became ready"
            time.sleep(0.2)
        checks = json.loads(body)["checks"]
        assert checks["workers"]["alive"] == 1 and checks["migrations"]["ok"]

        status, headers, body = get(f"{base}/healthz", **{"X-Request-ID": "probe-1"})
        assert status == 200 and headers["Server"].startswith("gunicorn") and headers["X-Request-ID"] == "probe-1"
        for _ in range(6):
            assert get(f"{base}/api/v1/registry/areas")[0] == 200
        status, _, body = get(f"{base}/metrics")
        text = body.decode()
        # Six requests, whichever of the two processes answered each: the counts are added up.
        assert 'straiik_http_requests_total{method="GET",status="200",view="api:list_areas"} 6.0' in text
        assert "straiik_workers_alive 1.0" in text
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    assert server.returncode == 0
    log.seek(0)
    lines = [json.loads(line) for line in log if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "straiik.request" and line["path"] == "/healthz"
              and line["request_id"] == "probe-1"]
    assert access and access[0]["status"] == 200
    assert any(line["logger"] == "gunicorn.error" and "Booting worker" in line["message"] for line in lines)
