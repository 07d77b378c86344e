#!/usr/bin/env bash
# make bench: the whole stack under load (1, 10, 50 simulated visitors), then a bare Rasa server
# (same pipeline and policies, responses only) under the same load, as released and with our fixes
# to Rasa; one table with the ratios.
#   BENCH_SECONDS (60) per level, BENCH_WARMUP_S (5), BENCH_USERS ("1 10 50");
#   MODEL (models/vae-inversee.tar.gz) and BENCH_BARE_MODEL (trained if unset) to compare others.
# Results: var/bench/results.md and var/bench/results.json; logs in var/bench/run/.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
free_port() { $PY -c 'from tests.servers import free_port; print(free_port())'; }
export RASA_PORT=${BENCH_RASA_PORT:-$(free_port)}
export ACTION_PORT=${BENCH_ACTION_PORT:-$(free_port)}
export WEB_PORT=$(free_port) DASHBOARD_PORT=$(free_port)
RUN=var/bench/run
# The bare model is cached in var/bench/bare (by a hash of its inputs); everything else is fresh.
rm -rf "$RUN" var/bench/*.json var/bench/results.md && mkdir -p "$RUN"
export TRACKER_DB=$RUN/tracker.db
export DATABASE_URL=sqlite:///$RUN/leads.db
# The scripted visitors ask for a person, then fill in the contact form: the path outside the
# team's opening hours (during them, they would wait in the live queue instead of the form).
export LIVE_HOURS_FILE=$RUN/closed-hours.yaml
printf '%s\n' 'valid_from: 2026-01-01' 'timezone: Europe/Paris' 'wait_seconds: 300' 'public_holidays: none' \
  'closed_days: []' 'week: {monday: [], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: []}' \
  >"$LIVE_HOURS_FILE"
# Trained first so that training never overlaps a measurement.
bare_model=${BENCH_BARE_MODEL:-$($PY scripts/bench_bare.py)}

now() { date +%s.%N; }
elapsed() { $PY -c "print(f'{$(now) - $1:.1f}')"; }
server=
stop_server() {
  if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  server=
}
trap stop_server EXIT

first_answer() {  # pid logfile: wait for a REST answer; prints the seconds since $started
  until curl -fsS -X POST "http://127.0.0.1:${RASA_PORT}/webhooks/rest/webhook" \
        -H 'Content-Type: application/json' -d '{"sender":"bench-start","message":"bonjour"}' 2>/dev/null \
        | grep -q '"text"'; do
    kill -0 "$1" 2>/dev/null || { echo "The server stopped; end of $2:" >&2; tail -20 "$2" >&2; exit 1; }
    sleep 0.2
  done
  elapsed "$started"
}

echo "Assistant (scripts/run.sh: Rasa server $RASA_PORT, action server $ACTION_PORT)…" >&2
started=$(now)
scripts/run.sh >"$RUN/stack.log" 2>&1 &
server=$!
seconds=$(first_answer "$server" "$RUN/stack.log")
echo "  first answer $seconds s after start" >&2
$PY scripts/bench_load.py run --url "http://127.0.0.1:${RASA_PORT}" --label real --stack-pid "$server" \
  --first-answer-s "$seconds"
stop_server
cp var/log/rasa.log var/log/actions.log var/log/dispatcher.log "$RUN/" 2>/dev/null || true

# The same bare model twice: Rasa as released, then with our fixes to Rasa (pipeline/rasa_speedups.py).
for label in bare bare-fixed; do
  fixes=off; [[ $label == bare-fixed ]] && fixes=on
  echo "Bare Rasa server, fixes $fixes ($bare_model)…" >&2
  export TRACKER_DB=$RUN/$label-tracker.db
  started=$(now)
  VAE_RASA_FIXES=$fixes $PY -m rasa run --model "$bare_model" --port "$RASA_PORT" --interface 127.0.0.1 \
    --endpoints var/bench/bare/endpoints.yml --credentials credentials.yml >"$RUN/$label.log" 2>&1 &
  server=$!
  seconds=$(first_answer "$server" "$RUN/$label.log")
  echo "  first answer $seconds s after start" >&2
  DATABASE_URL= $PY scripts/bench_load.py run --url "http://127.0.0.1:${RASA_PORT}" --label "$label" \
    --stack-pid "$server" --first-answer-s "$seconds"
  stop_server
done

$PY scripts/bench_load.py report
