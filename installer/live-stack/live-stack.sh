#!/usr/bin/env bash
# The live demo stack, all on 127.0.0.1 and all from Debian packages: Redis + redis_exporter,
# PostgreSQL + postgres_exporter, node_exporter, a FastAPI service, a Celery worker on the Redis
# broker with an exporter of celery-exporter's names, a bounded load generator, and Prometheus
# scraping all of them every 5 s. Istio and Kubernetes cannot run here: their panels use the fixture.
#   live-stack.sh start WORKDIR [LOAD_SECONDS]   prints and writes WORKDIR/url (Prometheus)
#   live-stack.sh stop WORKDIR
set -euo pipefail

cmd=${1:?start or stop}
work=${2:?work directory}
load_seconds=${3:-3600}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
work=$(cd "$work" && pwd)
python=/usr/bin/python3 # Debian's, which has the packaged modules
. "$here/../../tests/support/services.sh"

stop() {
    # Newest first: load, then the services, then the stores.
    if [ -f "$work/pids" ]; then
        tac "$work/pids" | while read -r name pid; do
            kill "$pid" 2>/dev/null || true
        done
        sleep 1
        tac "$work/pids" | while read -r name pid; do
            kill -9 "$pid" 2>/dev/null || true
        done
        rm -f "$work/pids"
    fi
    if [ -f "$work/pgdata" ]; then
        pgdata=$(cat "$work/pgdata")
        as_postgres "$(pg_bin)/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true
        rm -rf "$(dirname "$pgdata")" "$work/pgdata"
    fi
    rm -f "$work/url"
}

pg_bin() {
    ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1
}

# PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
as_postgres() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

run() { # name, command...: started in the background, logged, remembered for stop
    local name=$1
    shift
    "$@" >"$work/$name.log" 2>&1 &
    echo "$name $!" >>"$work/pids"
}

pid_of() { # name: the pid `run` started it with
    awk -v n="$1" '$1 == n { print $2 }' "$work/pids" | tail -n 1
}

wait_http() { # name, url, port: answered by the process started under that name, nothing else
    if ! wait_owned_http "$1" "$2" "$3" "$(pid_of "$1")" 150; then
        echo "live stack: $1 is not ready; its log:" >&2
        tail -n 20 "$work/$1.log" >&2 || true
        exit 1
    fi
}

case "$cmd" in
stop)
    stop
    exit 0
    ;;
start)
    stop
    : >"$work/pids"
    trap 'stop' ERR

    redis_port=$(free_port)
    run redis redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
        --maxmemory 64mb --maxmemory-policy allkeys-lru --dir "$work"
    for _ in $(seq 1 50); do
        [ "$(port_owner_pid "$redis_port")" = "$(pid_of redis)" ] && redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
        sleep 0.1
    done

    pg_port=$(free_port)
    pgroot=$(mktemp -d /tmp/promdeck-live-pg.XXXXXX)
    chmod 755 "$pgroot"
    [ "$(id -u)" = 0 ] && chown postgres "$pgroot"
    echo "$pgroot/data" >"$work/pgdata"
    as_postgres "$(pg_bin)/initdb" -D "$pgroot/data" -U postgres --auth=trust >"$work/initdb.log" 2>&1 \
        || { cat "$work/initdb.log" >&2; exit 1; }
    as_postgres "$(pg_bin)/pg_ctl" -D "$pgroot/data" -l "$pgroot/postgres.log" -w \
        -o "-p $pg_port -k $pgroot -c listen_addresses=127.0.0.1 -c max_connections=50" start >/dev/null
    psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE orders" >/dev/null
    psql -h 127.0.0.1 -p "$pg_port" -U postgres -d orders -qc \
        "CREATE TABLE orders (id serial PRIMARY KEY, item text NOT NULL, amount numeric NOT NULL,
         created timestamptz NOT NULL DEFAULT now())" >/dev/null

    export LIVE_REDIS_URL="redis://127.0.0.1:$redis_port/0"
    export LIVE_POSTGRES_DSN="host=127.0.0.1 port=$pg_port user=postgres dbname=orders"
    export PYTHONPATH="$here"
    export PYTHONDONTWRITEBYTECODE=1

    redis_exporter_port=$(free_port)
    run redis-exporter prometheus-redis-exporter -redis.addr "redis://127.0.0.1:$redis_port" \
        -web.listen-address "127.0.0.1:$redis_exporter_port"
    postgres_exporter_port=$(free_port)
    DATA_SOURCE_NAME="postgresql://postgres@127.0.0.1:$pg_port/orders?sslmode=disable" \
        run postgres-exporter prometheus-postgres-exporter --web.listen-address="127.0.0.1:$postgres_exporter_port"
    node_exporter_port=$(free_port)
    run node-exporter prometheus-node-exporter --web.listen-address="127.0.0.1:$node_exporter_port" \
        --no-collector.systemd

    api_port=$(free_port)
    run api "$python" -m uvicorn api_service:app --app-dir "$here" --host 127.0.0.1 --port "$api_port" \
        --no-access-log
    celery_exporter_port=$(free_port)
    LIVE_CELERY_EXPORTER_PORT=$celery_exporter_port run celery-exporter "$python" "$here/celery_exporter.py"
    run celery-worker "$python" -m celery -A tasks worker -E --concurrency 2 -Q celery,emails \
        -n celery@worker-0 --loglevel WARNING --without-mingle --without-gossip

    prometheus_port=$(free_port)
    cat >"$work/prometheus.yml" <<YAML
global:
  scrape_interval: 5s
  evaluation_interval: 5s
scrape_configs:
  - job_name: fastapi
    static_configs: [{targets: ["127.0.0.1:$api_port"]}]
  - job_name: celery
    static_configs: [{targets: ["127.0.0.1:$celery_exporter_port"]}]
  - job_name: redis
    static_configs: [{targets: ["127.0.0.1:$redis_exporter_port"]}]
  - job_name: postgres
    static_configs: [{targets: ["127.0.0.1:$postgres_exporter_port"]}]
  - job_name: node
    static_configs: [{targets: ["127.0.0.1:$node_exporter_port"]}]
YAML
    rm -rf "$work/tsdb"
    run prometheus prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
        --web.listen-address="127.0.0.1:$prometheus_port"

    wait_http api "http://127.0.0.1:$api_port/health" "$api_port"
    wait_http celery-exporter "http://127.0.0.1:$celery_exporter_port/metrics" "$celery_exporter_port"
    wait_http redis-exporter "http://127.0.0.1:$redis_exporter_port/metrics" "$redis_exporter_port"
    wait_http postgres-exporter "http://127.0.0.1:$postgres_exporter_port/metrics" "$postgres_exporter_port"
    wait_http node-exporter "http://127.0.0.1:$node_exporter_port/metrics" "$node_exporter_port"
    wait_http prometheus "http://127.0.0.1:$prometheus_port/-/ready" "$prometheus_port"
    run load "$python" "$here/load_generator.py" "http://127.0.0.1:$api_port" 15 "$load_seconds"

    echo "http://127.0.0.1:$prometheus_port" >"$work/url"
    echo "live stack ready: Prometheus at http://127.0.0.1:$prometheus_port (logs in $work)"
    ;;
*)
    echo "usage: $0 start WORKDIR [LOAD_SECONDS] | stop WORKDIR" >&2
    exit 2
    ;;
esac
