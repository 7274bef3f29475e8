#!/usr/bin/env bash
# Serve the app and run the background-job consumer beside it; Ctrl-C stops both.
set -euo pipefail
BIN=.venv/bin
$BIN/sanshen run_huey --workers 1 --quiet &
huey_pid=$!
trap 'kill $huey_pid 2>/dev/null || true' EXIT INT TERM
SANSHEN_DEBUG=${SANSHEN_DEBUG:-false} $BIN/sanshen runserver --insecure "$1:$2"
