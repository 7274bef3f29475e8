#!/usr/bin/env bash
# Serve the app through gunicorn (static files by WhiteNoise) with the background-job consumer beside it.
# Ctrl-C stops both; so does either of them stopping. Usage: scripts/serve.sh HOST PORT
set -euo pipefail
BIN=.venv/bin
export SANSHEN_DEBUG=${SANSHEN_DEBUG:-false}

$BIN/sanshen run_huey --workers 1 --quiet &
huey_pid=$!
$BIN/gunicorn -c scripts/gunicorn.conf.py --bind "$1:$2" &
web_pid=$!
trap 'kill $web_pid $huey_pid 2>/dev/null || true; wait' EXIT INT TERM
# Whichever stops first (Ctrl-C, a crash, a port already taken) takes the other with it.
wait -n $web_pid $huey_pid
