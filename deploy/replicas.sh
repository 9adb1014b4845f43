#!/usr/bin/env bash
# Run several Stepwise replicas on one PostgreSQL database, one `streamlit run` per port.
#
#   export STEPWISE_DATABASE_URL=postgresql+psycopg://stepwise:SECRET@db.example.org:5432/stepwise
#   deploy/replicas.sh 3 8501        # replicas on ports 8501, 8502, 8503; Ctrl-C stops them all
#
# Put a load balancer in front that keeps each browser on one replica (see nginx.conf):
# a Streamlit session lives in the process that served its page.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${STEPWISE_DATABASE_URL:?set STEPWISE_DATABASE_URL to the shared PostgreSQL database}"
count=${1:-3}
base=${2:-8501}
address=${STEPWISE_ADDRESS:-127.0.0.1}   # 0.0.0.0 when the balancer is on another host
logs=${STEPWISE_LOG_DIR:-logs}
mkdir -p "$logs"

# Bring the schema up to date once, before any replica serves (each would do it anyway,
# one at a time under a lock; doing it first makes a failure show here, plainly).
python -c "from study.progress import ProgressStore, StoreError
try:
    ProgressStore()
except StoreError as exc:
    raise SystemExit(exc.message)
print('progress database ready')"

pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait; }
trap stop INT TERM EXIT
for ((i = 0; i < count; i++)); do
  port=$((base + i))
  streamlit run app.py --server.headless true --server.address "$address" \
    --server.port "$port" --browser.gatherUsageStats false \
    >"$logs/replica-$port.log" 2>&1 &
  pids+=($!)
done
for ((i = 0; i < count; i++)); do
  port=$((base + i))
  for _ in $(seq 600); do
    if curl -fs "http://127.0.0.1:$port/_stcore/health" >/dev/null 2>&1; then break; fi
    sleep 0.1
  done
  if curl -fs "http://127.0.0.1:$port/_stcore/health" >/dev/null 2>&1; then
    echo "replica on port $port is up (log: $logs/replica-$port.log)"
  else
    echo "replica on port $port did not start; see $logs/replica-$port.log" >&2
    exit 1
  fi
done
wait
