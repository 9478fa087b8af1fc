"""Fuzz the REST API with schemathesis against a live server of this checkout (make test-fuzz, make fuzz).

A fresh SQLite database in a temporary folder gets the migrations and the demo data (and an API token of the
programme office, the role that reaches most operations); a server is started on a free port; schemathesis runs
against the served OpenAPI schema twice, anonymously and with the token, with a fixed seed and a case budget per
operation, and fails on any server error (5xx) or any status the schema does not declare (and on responses
that break their declared content type or schema). Nothing outside the temporary folder is touched.

    python tools/fuzz.py --budget ci      # make test-fuzz: every phase, each within a time cap (about 2.5 min)
    python tools/fuzz.py --examples 100   # make fuzz: every phase to its end, 100 cases per operation

The coverage phase (boundary and invalid values of every parameter) is not bounded by the case budget, and took
two to three minutes per identity on the shared 2-core machine; in CI each phase has its own time cap, so a slow
machine tests fewer coverage cases but still runs every phase: the fuzzing phase reaches every operation.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# Server errors, undeclared statuses and content types, responses that break their own schema, headers.
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def straiik(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(BIN / "straiik"), *args], env=env, cwd=ROOT, check=True,  # noqa: S603
                          capture_output=True, text=True)
    return done.stdout


def wait_for(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit {server.returncode}) before it answered")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own local server
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"no answer from {url} within {seconds:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--budget", choices=("ci", "full"), default="full",
                        help="ci: every phase within its time cap (make test-fuzz); full: every phase to its end")
    parser.add_argument("--examples", type=int, default=10, help="test cases per operation and phase (default 10)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--phases", default="examples,coverage,fuzzing,stateful")
    parser.add_argument("--max-time", type=int, default=0,
                        help="seconds per run; fuzzing and stateful testing then repeat until it is spent")
    parser.add_argument("--checks", default=CHECKS)
    # One worker: the cases come in the same order on every machine, and hypothesis' lambda descriptions (ast.parse)
    # are not thread-safe on Python 3.11 ("AST constructor recursion depth mismatch", a tool error, not a finding).
    parser.add_argument("--workers", default="1")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database, server log)")
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="straiik-fuzz-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "straiik.config.settings.dev", "STRAIIK_DEBUG": "0",
           "STRAIIK_DATA_DIR": str(work), "DATABASE_URL": f"sqlite:///{work / 'fuzz.sqlite3'}",
           "STRAIIK_MATCHING_DENSE": "0", "STRAIIK_LOG_LEVEL": "WARNING",
           # The fuzzer sends thousands of made-up keys from one address: the lockout (a 429, declared on
           # every operation) would otherwise stop the run after 20 and leave the API untested.
           "STRAIIK_LOCKOUT_ADDRESS_ATTEMPTS": "1000000000", "STRAIIK_LOCKOUT_ACCOUNT_ATTEMPTS": "1000000000"}
    started = time.perf_counter()
    straiik(env, "migrate", "--noinput", "-v", "0")
    straiik(env, "demo", "--orgs", "60", "--seed", str(options.seed), "-v", "0")
    token = straiik(env, "shell", "-v", "0", "-c",
                    "from straiik.accounts import tokens; from straiik.accounts.models import User; "
                    "print(tokens.token_issue(user=User.objects.get(username='office'), name='fuzz', "
                    "scopes=dict.fromkeys(tokens.API_APPS, 'write'))[1])").split()[-1]
    port = free_port()
    log = (work / "server.log").open("w")
    server = subprocess.Popen(  # noqa: S603 - our own command
        [str(BIN / "straiik"), "runserver", f"127.0.0.1:{port}", "--noreload"], env=env, cwd=ROOT, stdout=log,
        stderr=subprocess.STDOUT)
    schema = f"http://127.0.0.1:{port}/api/v1/openapi.json"
    failed = False
    try:
        wait_for(schema, server)
        print(f"Fuzzing {schema} (set up in {time.perf_counter() - started:.0f} s)", flush=True)
        office = ["-H", f"Authorization: Bearer {token}"]
        if options.budget == "ci":
            # (who, headers, phases, cases per operation, seconds at most)
            runs = [("anonymous", [], "examples,coverage", 5, 35), ("anonymous", [], "fuzzing", 5, 20),
                    ("programme office", office, "examples,coverage", 5, 45),
                    ("programme office", office, "fuzzing", 5, 20), ("programme office", office, "stateful", 5, 20)]
        else:
            runs = [(who, headers, options.phases, options.examples, options.max_time)
                    for who, headers in (("anonymous", []), ("programme office", office))]
        for who, headers, phases, examples, max_time in runs:
            command = [str(BIN / "schemathesis"), "run", schema, "--checks", options.checks,
                       "--phases", phases, "--max-examples", str(examples), "--seed", str(options.seed),
                       "--workers", options.workers, "--no-color", "--request-timeout", "30", "--output-sanitize",
                       "true", *headers]
            if max_time:
                command += ["--max-time", str(max_time)]
            print(f"\n=== schemathesis as {who}: {phases}, {examples} cases per operation"
                  + (f", at most {max_time} s" if max_time else "") + " ===", flush=True)
            run_started = time.perf_counter()
            result = subprocess.run(command, cwd=work, env={**os.environ, "NO_COLOR": "1"})  # noqa: S603
            print(f"=== {who}: exit {result.returncode} in {time.perf_counter() - run_started:.0f} s ===", flush=True)
            failed = failed or result.returncode != 0
            if server.poll() is not None:
                print("The server stopped during the run.", flush=True)
                failed = True
                break
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        errors = (work / "server.log").read_text(errors="replace")
        if "Traceback" in errors:
            print("\nTracebacks in the server log:\n" + errors[-6000:], flush=True)
            failed = True
        if options.keep:
            print(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nFuzzing {'FAILED' if failed else 'passed'} in {time.perf_counter() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
