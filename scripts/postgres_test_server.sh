#!/usr/bin/env bash
# A throw-away PostgreSQL server for the test suite, on 127.0.0.1 only.
#
#   scripts/postgres_test_server.sh start   # prints postgresql+psycopg://goldenage@127.0.0.1:PORT/goldenage_test
#   scripts/postgres_test_server.sh url     # prints the URL of the running server (exit 1 if none)
#   scripts/postgres_test_server.sh stop    # stops the server and deletes its cluster
#
# start: finds initdb/pg_ctl (PATH, /usr/lib/postgresql/*/bin, /usr/local/bin), or installs them with
# `apt-get install -y postgresql` (as root); creates a cluster in a temporary folder, starts it on a
# free port with its unix socket in that folder, creates the database and prints its URL on stdout
# (everything else goes to stderr). Idempotent: a second `start` prints the URL of the running server.
# As root the server runs as the `postgres` user (created by the package), since PostgreSQL refuses
# to run as root. Authentication is `trust`, which is acceptable only because the server listens on
# loopback alone and lives in a private folder; fsync is off (a test server, nothing to keep).
#
# GOLDENAGE_PG_DIR overrides the folder (default: ${TMPDIR:-/tmp}/goldenage-test-pg).
set -euo pipefail

STATE_DIR="${GOLDENAGE_PG_DIR:-${TMPDIR:-/tmp}/goldenage-test-pg}"
DB_USER="goldenage"
DB_NAME="goldenage_test"

log() { printf '%s\n' "postgres_test_server: $*" >&2; }
die() { log "error: $*"; exit 1; }

find_bin_dir() {
    local candidate
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) /usr/local/bin; do
        if [[ -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]]; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    return 1
}

install_server() {
    [[ "$(id -u)" -eq 0 ]] || die "initdb/pg_ctl not found and not root: install the 'postgresql' package"
    log "installing PostgreSQL (apt-get install -y postgresql)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
}

# Run a command as the server's user (postgres when we are root, ourselves otherwise).
as_owner() {
    if [[ "$(id -u)" -eq 0 ]]; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u postgres -- "$@"
        else
            su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
        fi
    else
        "$@"
    fi
}

free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
        return 0
    fi
    local port
    for port in $(seq $((20000 + RANDOM % 20000)) 45000); do  # no python3: probe for a closed port
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            printf '%s\n' "$port"
            return 0
        fi
    done
    die "no free port found"
}

url_of() {
    printf 'postgresql+psycopg://%s@127.0.0.1:%s/%s\n' "$DB_USER" "$1" "$DB_NAME"
}

running() {
    [[ -f "$STATE_DIR/port" && -d "$STATE_DIR/data" ]] || return 1
    local bin_dir
    bin_dir="$(find_bin_dir)" || return 1
    as_owner "$bin_dir/pg_ctl" -D "$STATE_DIR/data" status >/dev/null 2>&1
}

start() {
    if running; then
        log "already running in $STATE_DIR"
        url_of "$(cat "$STATE_DIR/port")"
        return 0
    fi
    local bin_dir port
    bin_dir="$(find_bin_dir)" || { install_server; bin_dir="$(find_bin_dir)" || die "PostgreSQL binaries not found after install"; }
    if [[ "$(id -u)" -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    fi
    rm -rf "$STATE_DIR"
    mkdir -p "$STATE_DIR"
    chmod 700 "$STATE_DIR"
    [[ "$(id -u)" -eq 0 ]] && chown postgres: "$STATE_DIR"
    log "creating a cluster in $STATE_DIR with $bin_dir/initdb"
    as_owner "$bin_dir/initdb" -D "$STATE_DIR/data" --username="$DB_USER" --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 >"$STATE_DIR/initdb.log" 2>&1 \
        || as_owner "$bin_dir/initdb" -D "$STATE_DIR/data" --username="$DB_USER" --auth=trust \
            --encoding=UTF8 --no-locale >"$STATE_DIR/initdb.log" 2>&1 \
        || { cat "$STATE_DIR/initdb.log" >&2; die "initdb failed"; }
    port="$(free_port)"
    log "starting on 127.0.0.1:$port"
    as_owner "$bin_dir/pg_ctl" -D "$STATE_DIR/data" -l "$STATE_DIR/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $STATE_DIR -c fsync=off -c max_connections=50" >&2 \
        || { cat "$STATE_DIR/server.log" >&2; die "the server did not start"; }
    printf '%s\n' "$port" >"$STATE_DIR/port"
    "$bin_dir/createdb" -h 127.0.0.1 -p "$port" -U "$DB_USER" "$DB_NAME" \
        || die "createdb $DB_NAME failed"
    url_of "$port"
}

stop() {
    if [[ -d "$STATE_DIR/data" ]]; then
        local bin_dir
        if bin_dir="$(find_bin_dir)"; then
            as_owner "$bin_dir/pg_ctl" -D "$STATE_DIR/data" -m fast -w stop >&2 2>/dev/null || true
        fi
    fi
    rm -rf "$STATE_DIR"
    log "stopped"
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    url) running || die "no server running in $STATE_DIR"; url_of "$(cat "$STATE_DIR/port")" ;;
    *) die "usage: $0 [start|url|stop]" ;;
esac
