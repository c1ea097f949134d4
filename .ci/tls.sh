#!/usr/bin/env bash
# Turns TLS on for the local PostgreSQL and MariaDB, so the tests can connect with
# `sslmode=verify-full` / `ssl-mode=VERIFY_IDENTITY` against a CA of our own: makes the CA and a
# server certificate for 127.0.0.1 and localhost once (under $SPROUT_TLS_DIR, default
# /var/lib/sprout-ci/tls), points PostgreSQL at them with ALTER SYSTEM and a reload, and restarts
# MariaDB with --ssl-* options when it runs without TLS. Does nothing for what is already set.
# Called by .ci/services.sh; logs go to stderr.
set -euo pipefail

dir=${SPROUT_TLS_DIR:-/var/lib/sprout-ci/tls}
log() { printf '== %s\n' "$*" >&2; }

if [ ! -s "$dir/ca.pem" ] || [ ! -s "$dir/server.pem" ]; then
    log "making a test CA and a server certificate in $dir"
    mkdir -p "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=sprout test CA" \
        -keyout "$dir/ca.key" -out "$dir/ca.pem" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
        -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
        > "$dir/server.ext"
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
        -CAcreateserial -days 3650 -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null
    # A second CA that signed nothing, for the tests that expect verification to fail.
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=sprout other CA" \
        -keyout "$dir/other-ca.key" -out "$dir/other-ca.pem" \
        -addext "basicConstraints=critical,CA:TRUE" 2>/dev/null
    # Each server reads its own copy of the key, owned by its user (both refuse looser modes).
    install -o postgres -g postgres -m 600 "$dir/server.key" "$dir/postgres.key"
    install -o mysql -g mysql -m 600 "$dir/server.key" "$dir/mariadb.key"
    chmod 755 "$dir"
    chmod 644 "$dir/ca.pem" "$dir/other-ca.pem" "$dir/server.pem"
fi

psql_q() { psql -h 127.0.0.1 -U postgres -d postgres -tAqc "$1"; }
if [ "$(psql_q 'SHOW ssl_cert_file')" != "$dir/server.pem" ] || [ "$(psql_q 'SHOW ssl')" != on ]; then
    log "PostgreSQL: TLS with the test certificate"
    psql_q "ALTER SYSTEM SET ssl_cert_file = '$dir/server.pem'" >/dev/null
    psql_q "ALTER SYSTEM SET ssl_key_file = '$dir/postgres.key'" >/dev/null
    psql_q "ALTER SYSTEM SET ssl = on" >/dev/null
    psql_q "SELECT pg_reload_conf()" >/dev/null
    sleep 1
fi

mysql_q() { mariadb --protocol=tcp -h 127.0.0.1 -P 3306 -uroot -N -e "$1"; }
if [ "$(mysql_q "SELECT @@have_ssl")" != YES ]; then
    log "MariaDB: restarting with TLS"
    mariadb-admin --protocol=tcp -h 127.0.0.1 -P 3306 -uroot shutdown
    for _ in $(seq 1 30); do [ -e /run/mysqld/mysqld.pid ] || break; sleep 1; done
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- \
        --ssl-ca="$dir/ca.pem" --ssl-cert="$dir/server.pem" --ssl-key="$dir/mariadb.key" >&2
    for _ in $(seq 1 60); do
        mariadb-admin --protocol=tcp -h 127.0.0.1 -P 3306 -uroot ping >/dev/null 2>&1 && break
        sleep 1
    done
fi
[ "$(mysql_q "SELECT @@have_ssl")" = YES ] || { echo "MariaDB did not turn TLS on" >&2; exit 1; }
[ "$(psql_q 'SHOW ssl')" = on ] || { echo "PostgreSQL did not turn TLS on" >&2; exit 1; }
echo "export SPROUT_TLS_DIR=$dir"
