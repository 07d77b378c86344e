#!/usr/bin/env bash
# Start the stack on spare ports, time the first answer, then measure REST latency and memory.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_PORT=${RASA_PORT:-5105} ACTION_PORT=${ACTION_PORT:-5155} WEB_PORT=${WEB_PORT:-5180} DASHBOARD_PORT=${DASHBOARD_PORT:-5181}
export TRACKER_DB=var/bench/tracker.db
rm -rf var/bench && mkdir -p var/bench var/log

now() { date +%s.%N; }
started=$(now)
scripts/run.sh >var/log/bench-run.log 2>&1 &
stack=$!
trap 'kill $stack 2>/dev/null; wait $stack 2>/dev/null || true' EXIT
until curl -fsS -X POST "http://127.0.0.1:${RASA_PORT}/webhooks/rest/webhook" \
      -H 'Content-Type: application/json' -d '{"sender":"bench","message":"bonjour"}' 2>/dev/null | grep -q '"text"'; do
  kill -0 $stack 2>/dev/null || { tail -20 var/log/bench-run.log; exit 1; }
  sleep 0.2
done
echo "first answer     : $(.venv/bin/python -c "print(f'{$(now) - $started:.1f}')") s after start"
.venv/bin/python scripts/bench_rest.py --url "http://127.0.0.1:${RASA_PORT}" "$@"
