#!/bin/sh
# The air-gapped install, tried on this machine: a new venv that sees no package index and no pip
# configuration installs from wheelhouse/ alone, then the installed `straiik` passes `check --deploy`,
# migrates a new SQLite database and serves /healthz and /readyz with gunicorn and a worker.
#   sh tools/wheelhouse_check.sh [PYTHON] [PORT]          (make wheelhouse-check)
set -eu
PYTHON=${1:-python3}
PORT=${2:-8118}
ROOT=$(pwd)
DIR=$ROOT/build/airgap
rm -rf "$DIR" && mkdir -p "$DIR"
"$PYTHON" -m venv "$DIR/venv"
export PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
"$DIR/venv/bin/pip" install --quiet --isolated --no-index --find-links "$ROOT/wheelhouse" -r "$ROOT/wheelhouse/requirements.lock"
"$DIR/venv/bin/pip" install --quiet --isolated --no-index --find-links "$ROOT/wheelhouse" --no-deps straiik
echo "installed from wheelhouse/ only: $("$DIR/venv/bin/pip" list --format=freeze | wc -l) packages"
cd "$DIR"  # not the source tree: the installed package must be the one imported
export STRAIIK_DATA_DIR="$DIR/data" DJANGO_SETTINGS_MODULE=straiik.config.settings.production
STRAIIK_SECRET_KEY=$("$DIR/venv/bin/python" -c 'import secrets; print(secrets.token_urlsafe(64))')
export STRAIIK_SECRET_KEY STRAIIK_LOG_LEVEL=WARNING
"$DIR/venv/bin/python" -c "import straiik, sys; print('straiik imported from', straiik.__file__); sys.exit(not straiik.__file__.startswith('$DIR/venv/'))"
"$DIR/venv/bin/straiik" check --deploy --fail-level WARNING
export STRAIIK_SECURE_SSL_REDIRECT=0  # the probe below asks over plain HTTP
"$DIR/venv/bin/straiik" migrate --noinput -v 0
"$DIR/venv/bin/straiik" collectstatic --noinput -v 0
"$DIR/venv/bin/straiik" serve --production "127.0.0.1:$PORT" --workers 1 > "$DIR/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
status=1
for _ in $(seq 1 60); do
  if "$DIR/venv/bin/python" -c "import json, urllib.request as u; r = json.load(u.urlopen('http://127.0.0.1:$PORT/readyz', timeout=5)); print('readyz:', r); raise SystemExit(r['status'] != 'ok')" 2>/dev/null; then
    status=0; break
  fi
  sleep 1
done
kill $SERVER; wait $SERVER 2>/dev/null || true
[ $status -eq 0 ] && echo "air-gapped install: ok" || { echo "air-gapped install: /readyz never became ready"; tail -20 "$DIR/serve.log"; exit 1; }
