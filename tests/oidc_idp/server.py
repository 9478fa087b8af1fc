"""Start the test identity provider in its own process on a free loopback port, and stop it afterwards."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rsa_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


@contextmanager
def identity_provider(workdir: Path, *, users: list[dict[str, Any]], clients: list[dict[str, Any]],
                      claims: dict[str, dict[str, Any]], timeout: float = 30.0) -> Iterator[str]:
    """Yields the issuer URL (http://127.0.0.1:<port>/o) of a running django-oauth-toolkit provider."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "claims.json").write_text(json.dumps(claims))
    (workdir / "spec.json").write_text(json.dumps({"users": users, "clients": clients}))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.oidc_idp.settings", "IDP_DB": str(workdir / "idp.sqlite3"),
           "IDP_RSA_KEY": _rsa_pem(), "IDP_CLAIMS": str(workdir / "claims.json"), "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    run = {"cwd": ROOT, "env": env, "check": True, "capture_output": True, "timeout": timeout}
    subprocess.run([sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"], **run)  # noqa: S603
    subprocess.run([sys.executable, str(ROOT / "tests/oidc_idp/provision.py"), str(workdir / "spec.json")],  # noqa: S603
                   **run)
    port = _free_port()
    log = (workdir / "server.log").open("w")
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    issuer = f"http://127.0.0.1:{port}/o"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the identity provider did not start: "
                                       + (workdir / "server.log").read_text()[-2000:]) from None
                time.sleep(0.1)  # the server process is starting; bounded by the deadline
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
