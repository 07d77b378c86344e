#!/usr/bin/env bash
# Start the action server and the Rasa server, wait until both answer, stop both on Ctrl-C.
#   scripts/run.sh           serve REST and socket.io
#   scripts/run.sh --shell   chat in this terminal instead
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
MODEL=${MODEL:-models/vae-inversee.tar.gz}
HOST=${HOST:-127.0.0.1}
RASA_PORT=${RASA_PORT:-5005}
ACTION_PORT=${ACTION_PORT:-5055}
WEB_PORT=${WEB_PORT:-8080}
# Browsers may reach the Rasa server from the landing page only, unless told otherwise.
export CORS_ORIGINS=${CORS_ORIGINS:-http://127.0.0.1:${WEB_PORT} http://localhost:${WEB_PORT}}
export RASA_PUBLIC_URL=${RASA_PUBLIC_URL:-http://127.0.0.1:${RASA_PORT}}
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://127.0.0.1:${ACTION_PORT}/webhook}
export TRACKER_DB=${TRACKER_DB:-var/tracker.db}
export RASA_TELEMETRY_ENABLED=false
# The dashboard reaches the Rasa server's live-takeover endpoints with this token; one is made up
# for this run unless the environment gives one (several servers must share it).
export LIVE_API_TOKEN=${LIVE_API_TOKEN:-$($PY -c 'import secrets; print(secrets.token_urlsafe(32))')}
export LIVE_RASA_URL=${LIVE_RASA_URL:-http://127.0.0.1:${RASA_PORT}}
mkdir -p var/log "$(dirname "$TRACKER_DB")"

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

wait_for() {  # url name seconds logfile
  local deadline=$((SECONDS + $3))
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    if ((SECONDS > deadline)); then
      echo "The $2 did not answer within $3 s; end of $4:" >&2
      tail -20 "$4" >&2
      exit 1
    fi
    sleep 0.5
  done
}

DASHBOARD_PORT=${DASHBOARD_PORT:-8081}
start_others() {  # the action server, the leads' migrations then their dispatcher, the web pages
  $PY -m rasa_sdk --actions actions --port "$ACTION_PORT" >var/log/actions.log 2>&1 &
  pids+=($!)
  # Hands the leads over to the porteurs de projet (webhook / e-mail, when configured). The
  # migrations take a second; the first lead comes long after.
  {
    $PY -m bot.leads migrate >var/log/leads-migrate.log 2>&1 || { cat var/log/leads-migrate.log >&2; exit 1; }
    exec $PY -m bot.leads dispatch --interval "${DISPATCH_INTERVAL_S:-5}" >var/log/dispatcher.log 2>&1
  } &
  pids+=($!)
  # The porteur's dashboard and the landing page with the chat widget (no Rasa import in either).
  $PY -m bot.dashboard --host "$HOST" --port "$DASHBOARD_PORT" >var/log/dashboard.log 2>&1 &
  pids+=($!)
  $PY -m web.serve --host "$HOST" --port "$WEB_PORT" >var/log/web.log 2>&1 &
  pids+=($!)
}

if [[ "${1:-}" == "--shell" ]]; then
  start_others
  wait_for "http://127.0.0.1:${ACTION_PORT}/health" "action server" 60 var/log/actions.log
  $PY -m rasa shell --model "$MODEL" --endpoints endpoints.yml
  exit 0
fi

# The Rasa server starts first: its ~40 s of TensorFlow and spaCy are the wait; the rest loads
# meanwhile.
read -r -a cors <<<"$CORS_ORIGINS"  # space-separated origins; read does not expand "*"
started=$SECONDS
$PY -m rasa run --model "$MODEL" --interface "$HOST" --port "$RASA_PORT" \
  --endpoints endpoints.yml --credentials credentials.yml --cors "${cors[@]}" \
  >var/log/rasa.log 2>&1 &
pids+=($!)
start_others
wait_for "http://127.0.0.1:${ACTION_PORT}/health" "action server" 60 var/log/actions.log
wait_for "http://127.0.0.1:${WEB_PORT}/" "web server" 30 var/log/web.log
wait_for "http://127.0.0.1:${DASHBOARD_PORT}/static/dashboard.css" "dashboard" 60 var/log/dashboard.log
wait_for "http://127.0.0.1:${RASA_PORT}/" "Rasa server" 300 var/log/rasa.log

if grep -q "Tableau de bord désactivé" var/log/dashboard.log; then  # logged at start when no account exists
  dashboard_access="DISABLED: set DASHBOARD_PASSWORD (first admin) or run: $PY -m bot.dashboard users add NAME --role admin"
else
  dashboard_access="accounts: $PY -m bot.dashboard users list|add|passwd|remove"
fi
cat <<MSG

The assistant is ready ($((SECONDS - started)) s to start the Rasa server).
  Landing page with the chat widget: http://127.0.0.1:${WEB_PORT}/
  Chat over REST:
    curl -s -X POST http://${HOST}:${RASA_PORT}/webhooks/rest/webhook \\
         -H 'Content-Type: application/json' \\
         -d '{"sender": "moi", "message": "C’est quoi la VAE inversée ?"}'
  socket.io: http://${HOST}:${RASA_PORT}/socket.io
  Terminal chat: make shell      Logs: var/log/rasa.log, var/log/actions.log, var/log/web.log, var/log/dispatcher.log
  Leads: ${DATABASE_URL:-sqlite:///var/leads.db}   Export: .venv/bin/python -m bot.leads export --format csv
  Dashboard: http://${HOST}:${DASHBOARD_PORT}/ (${dashboard_access})
  Live conversations (take over a visitor's chat): http://${HOST}:${DASHBOARD_PORT}/direct; opening hours: ${LIVE_HOURS_FILE:-bot/live/hours.yaml}
Press Ctrl-C to stop the servers and the dispatcher.
MSG
wait -n "${pids[@]}"
echo "A server stopped; see var/log/." >&2
exit 1
