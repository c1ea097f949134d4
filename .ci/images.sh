#!/usr/bin/env bash
# Starts a Docker engine when none runs, and builds the local images the testkit's
# testcontainers backend uses when no registry is reachable: a minimal Debian with the database
# server, an entry script, `docker import`. Prints the environment variables that point the
# testkit at them. Idempotent: an image that exists is not rebuilt.
set -euo pipefail

log() { printf '== %s\n' "$*" >&2; }

MIRROR=${SPROUT_DEBIAN_MIRROR:-http://deb.debian.org/debian}
WORK=${SPROUT_IMAGE_WORKDIR:-/var/tmp/sprout-images}

if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null; then
    log "installing docker.io and debootstrap"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io debootstrap >&2
fi
if ! docker info >/dev/null 2>&1; then
    log "starting dockerd"
    (setsid dockerd >/var/log/sprout-dockerd.log 2>&1 &)
    for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
    docker info >/dev/null
fi

# build IMAGE PACKAGE ENTRY_SCRIPT PORT [PREPARE]: PREPARE runs in the new root's directory
# before the import.
build() {
    local image=$1 package=$2 entry=$3
    if docker image inspect "$image" >/dev/null 2>&1; then
        log "$image is there"
        return
    fi
    local dir="$WORK/$(echo "$image" | tr '/:' '__')"
    rm -rf "$dir"
    mkdir -p "$dir"
    log "debootstrap $package into $dir"
    debootstrap --variant=minbase --include="$package" bookworm "$dir" "$MIRROR" >&2
    printf '%s\n' "$entry" >"$dir/entrypoint.sh"
    chmod +x "$dir/entrypoint.sh"
    if [ -n "${5:-}" ]; then (cd "$dir" && eval "$5"); fi
    rm -rf "$dir/var/cache/apt/archives"/*.deb "$dir/var/lib/apt/lists"/*
    log "docker import $image"
    tar -C "$dir" -c . | docker import \
        --change 'ENTRYPOINT ["/entrypoint.sh"]' \
        --change "EXPOSE ${4}" - "$image" >&2
    rm -rf "$dir"
}

# An image's tag ends with a hash of how it is built, so a changed entry script makes a new image
# instead of reusing a stale one: NAME:VERSION-HASH.
tagged() {
    printf '%s-%s' "$1" "$(printf '%s' "$2" | sha256sum | cut -c1-8)"
}

# PostgreSQL: the cluster Debian's package created (on whatever port was free at build time;
# the server is told 5432), open to every host with trust auth. The data directory is $PGDATA
# when set (the testkit sets it and mounts tmpfs there, as for the official image): the cluster
# is copied there on first start.
PG_ENTRY='#!/bin/sh
set -e
conf=/etc/postgresql/15/main
echo "listen_addresses = '"'"'*'"'"'" >>$conf/postgresql.conf
echo "fsync = off" >>$conf/postgresql.conf
echo "host all all 0.0.0.0/0 trust" >>$conf/pg_hba.conf
echo "host all all ::/0 trust" >>$conf/pg_hba.conf
sed -i "s/scram-sha-256/trust/; s/peer/trust/; s/md5/trust/" $conf/pg_hba.conf
data=${PGDATA:-/var/lib/postgresql/15/main}
if [ ! -s "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    cp -a /var/lib/postgresql/15/main/. "$data"/
fi
chown -R postgres:postgres "$data"
chmod 700 "$data"
mkdir -p /var/run/postgresql && chown postgres:postgres /var/run/postgresql
exec su postgres -s /bin/sh -c "exec /usr/lib/postgresql/15/bin/postgres -D $data -c config_file=$conf/postgresql.conf -c data_directory=$data -c port=5432"'

# MariaDB: root without a password from any host, as the official image with
# MARIADB_ALLOW_EMPTY_ROOT_PASSWORD does. The initial data directory is kept aside in the image
# and copied into /var/lib/mysql when that is empty (a tmpfs the testkit mounts there).
MY_ENTRY='#!/bin/sh
set -e
mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
if [ ! -d /var/lib/mysql/mysql ]; then
    cp -a /var/lib/mysql-initial/. /var/lib/mysql/
fi
chown -R mysql:mysql /var/lib/mysql
cat >/init.sql <<SQL
CREATE USER IF NOT EXISTS '"'"'root'"'"'@'"'"'%'"'"';
GRANT ALL PRIVILEGES ON *.* TO '"'"'root'"'"'@'"'"'%'"'"' WITH GRANT OPTION;
SQL
exec mariadbd --user=mysql --bind-address=0.0.0.0 --skip-name-resolve --init-file=/init.sql'
MY_PREPARE='cp -a var/lib/mysql var/lib/mysql-initial'

PG_IMAGE=${SPROUT_POSTGRES_IMAGE:-$(tagged sprout-local/postgres:15 "$PG_ENTRY")}
MY_IMAGE=${SPROUT_MYSQL_IMAGE:-$(tagged sprout-local/mariadb:10.11 "$MY_ENTRY$MY_PREPARE")}

build "$PG_IMAGE" postgresql-15 "$PG_ENTRY" 5432
build "$MY_IMAGE" mariadb-server "$MY_ENTRY" 3306 "$MY_PREPARE"

echo "export SPROUT_POSTGRES_IMAGE=$PG_IMAGE"
echo "export SPROUT_MYSQL_IMAGE=$MY_IMAGE"
