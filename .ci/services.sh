#!/usr/bin/env bash
# Starts everything the test suite talks to, installing what is missing, and does nothing for
# what already runs: PostgreSQL (with contrib) on 127.0.0.1:5432, MariaDB on 127.0.0.1:3306,
# the client libraries diesel links against, cargo-nextest, Docker and the local container
# images (.ci/images.sh). Logs go to stderr; stdout carries the `export` lines that point the
# testkit at the images, so callers run `eval "$(bash .ci/services.sh)"`.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '== %s\n' "$*" >&2; }

apt_updated=0
apt_install() {
    if [ "$apt_updated" = 0 ]; then apt-get update -qq >&2; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

command -v pg_ctlcluster >/dev/null || apt_install postgresql postgresql-contrib
command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || apt_install mariadb-server
command -v sqlite3 >/dev/null || apt_install sqlite3
command -v psql >/dev/null || apt_install postgresql-client

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    log "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start >&2 || true
fi
if ! mariadb-admin --protocol=tcp -h 127.0.0.1 -P 3306 -uroot ping >/dev/null 2>&1; then
    log "starting MariaDB"
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd >&2
fi
for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p 5432 \
        && mariadb-admin --protocol=tcp -h 127.0.0.1 -P 3306 -uroot ping >/dev/null 2>&1 \
        && break
    sleep 1
done
pg_isready -h 127.0.0.1 -p 5432 >&2
mariadb-admin --protocol=tcp -h 127.0.0.1 -P 3306 -uroot ping >&2

# TLS on both servers, with a test CA of our own (the TLS tests verify against it).
bash .ci/tls.sh

# Client libraries for diesel's PostgreSQL and MySQL connections (features diesel-postgres and
# diesel-mysql).
dpkg -s libpq-dev >/dev/null 2>&1 && dpkg -s default-libmysqlclient-dev >/dev/null 2>&1 \
    || apt_install libpq-dev default-libmysqlclient-dev pkg-config

command -v cargo-nextest >/dev/null || cargo install cargo-nextest --locked >&2

# Docker and the local PostgreSQL / MariaDB images for the testkit's testcontainers backend
# (no registry is reachable here): installs, starts and builds only what is missing.
log "docker and local images"
bash .ci/images.sh
