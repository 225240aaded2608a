#!/usr/bin/env bash
# Time from `make run` to a healthy server on a fresh clone, then for a second `make run` on the same clone.
# Usage: bench/make_run.sh [PORT]   (clones HEAD into a temporary folder; needs network access to PyPI)
set -euo pipefail
port="${1:-8765}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
dir="$(mktemp -d)"
git clone -q "$repo" "$dir/yindi"
cd "$dir/yindi"

serve_once() {
  local started now pid
  started=$(date +%s.%N)
  # its own process group (setsid), so stopping it stops exactly what it started: make, gunicorn, workers
  PORT="$port" setsid make run > "$dir/run-$1.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    if curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
      now=$(date +%s.%N)
      printf '%s make run → healthy (db, broker, worker): %.1f s\n' "$1" "$(echo "$now - $started" | bc)"
      break
    fi
    sleep 0.2
  done
  kill -INT -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

serve_once first
serve_once second
rm -rf "$dir"
