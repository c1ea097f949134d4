#!/usr/bin/env bash
# sprout generate versus DBSprout 0.2.0 on the shared 8-table benchmark schema
# (../shared/bench/bench8.pg.sql), CSV out, the whole process timed as a user runs it.
#
#   bash tests/benches/compare.sh [ROWS_PER_TABLE]      # default 100000
#
# Installs DBSprout from PyPI into a venv of its own (target/dbsprout-venv), builds sprout in
# release, then runs the two tools alternately, three times each, and prints the median time,
# rows/s and peak RSS of each and the ratio. Then seeding PostgreSQL (127.0.0.1:5432): `sprout
# seed` (generation included, constraints on) against `psql \copy` of the same rows (the CSV
# files sprout wrote, one transaction, constraints on; the users -> projects key that closes the
# cycle made DEFERRABLE for \copy only, since its rows arrive with that key set), alternating,
# median of 3, each into a fresh database. Then the same for MariaDB (127.0.0.1:3306) against
# `LOAD DATA LOCAL INFILE` and for SQLite against `sqlite3 .import`, with the schema's MySQL and
# SQLite versions (tests/benches/bench8.{mysql,sqlite}.sql). MySQL has no deferrable keys and the
# sqlite3 shell leaves foreign keys off, so those two references load with foreign-key checks
# off while sprout seeds with them on. Results go to docs/benchmarks.md by hand.
set -euo pipefail
cd "$(dirname "$0")/../.."
rows="${1:-100000}"
schema="$(cd .. && pwd)/shared/bench/bench8.pg.sql"
[ -f "$schema" ] || { echo "no benchmark schema at $schema" >&2; exit 1; }
venv="target/dbsprout-venv"
if [ ! -x "$venv/bin/dbsprout" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q 'dbsprout[db,pg]==0.2.0'
fi
cargo build -q --release -p sprout --features cli --bin sprout
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && "$OLDPWD/$venv/bin/dbsprout" init --file "$schema" -o "$work/dbs-init" >/dev/null)
tables=$(grep -ci '^create table' "$schema")
total=$((rows * tables))

# Runs a command under /usr/bin/time; prints "seconds kilobytes".
measure() {
    local out="$work/time.txt"
    /usr/bin/time -f "%e %M" -o "$out" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
    cat "$out"
}
sprout_run() {
    rm -rf "$work/sprout-out"
    measure target/release/sprout generate --schema "$schema" --rows "$rows" --format csv --out "$work/sprout-out"
}
dbsprout_run() {
    rm -rf "$work/dbs-out"
    (cd "$work/dbs-init" && measure "$OLDPWD/$venv/bin/dbsprout" generate --rows "$rows" --output-format csv --output-dir "$work/dbs-out")
}
median() { sort -n | sed -n 2p; }
s_times=(); s_mem=(); d_times=(); d_mem=()
for _ in 1 2 3; do
    read -r t m < <(sprout_run); s_times+=("$t"); s_mem+=("$m")
    read -r t m < <(dbsprout_run); d_times+=("$t"); d_mem+=("$m")
done
st=$(printf '%s\n' "${s_times[@]}" | median); sm=$(printf '%s\n' "${s_mem[@]}" | median)
dt=$(printf '%s\n' "${d_times[@]}" | median); dm=$(printf '%s\n' "${d_mem[@]}" | median)
echo "bench8, $rows rows per table ($total rows), CSV, median of 3, $(nproc) cores"
echo
echo "| tool | time | rows/s | peak RSS | speed vs DBSprout |"
echo "|---|---|---|---|---|"
awk -v t="$st" -v m="$sm" -v n="$total" -v d="$dt" 'BEGIN { printf "| sprout generate | %.2f s | %d | %d MiB | %.1fx |\n", t, n / t, m / 1024, d / t }'
awk -v t="$dt" -v m="$dm" -v n="$total" 'BEGIN { printf "| DBSprout 0.2.0 generate | %.2f s | %d | %d MiB | 1.0x |\n", t, n / t, m / 1024 }'

# Seeding PostgreSQL.
pg_admin() { psql -q -h 127.0.0.1 -U postgres "$@"; }
fresh_db() {
    pg_admin -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"
    pg_admin -d "$1" -f "$schema" >/dev/null
}
rm -rf "$work/sprout-out"
target/release/sprout generate --schema "$schema" --rows "$rows" --format csv --out "$work/sprout-out" >/dev/null 2>&1
{
    echo "BEGIN;"
    for file in "$work"/sprout-out/*.csv; do
        table=$(basename "$file" .csv | sed 's/^[0-9]*_//')
        echo "\\copy $table FROM '$file' WITH (FORMAT csv, HEADER true)"
    done
    echo "COMMIT;"
} > "$work/load.sql"
seed_run() {
    fresh_db sprout_bench_seed
    measure target/release/sprout seed "postgres://postgres@127.0.0.1:5432/sprout_bench_seed" --rows "$rows"
}
copy_run() {
    fresh_db sprout_bench_copy
    pg_admin -d sprout_bench_copy -c "ALTER TABLE users ALTER CONSTRAINT fk_users_default_project DEFERRABLE INITIALLY DEFERRED"
    measure psql -q -h 127.0.0.1 -U postgres -d sprout_bench_copy -v ON_ERROR_STOP=1 -f "$work/load.sql"
}
s_times=(); s_mem=(); c_times=()
for _ in 1 2 3; do
    read -r t m < <(seed_run); s_times+=("$t"); s_mem+=("$m")
    read -r t _ < <(copy_run); c_times+=("$t")
done
pg_admin -c "DROP DATABASE IF EXISTS sprout_bench_seed" -c "DROP DATABASE IF EXISTS sprout_bench_copy"
st=$(printf '%s\n' "${s_times[@]}" | median); sm=$(printf '%s\n' "${s_mem[@]}" | median)
ct=$(printf '%s\n' "${c_times[@]}" | median)
echo
echo "seeding PostgreSQL, $total rows, median of 3"
echo
echo "| tool | time | rows/s | peak RSS | rows/s vs psql \\copy |"
echo "|---|---|---|---|---|"
awk -v t="$st" -v m="$sm" -v n="$total" -v c="$ct" 'BEGIN { printf "| sprout seed (generation included) | %.2f s | %d | %d MiB | %.2fx |\n", t, n / t, m / 1024, c / t }'
awk -v t="$ct" -v n="$total" 'BEGIN { printf "| psql \\copy of the same rows | %.2f s | %d | - | 1.00x |\n", t, n / t }'

# Seeding MariaDB and SQLite.
my_schema=tests/benches/bench8.mysql.sql
lite_schema=tests/benches/bench8.sqlite.sql
maria() { mariadb --protocol=tcp -h 127.0.0.1 -uroot "$@"; }
fresh_maria() { maria -e "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1"; maria "$1" < "$my_schema"; }
rm -rf "$work/my-out" "$work/lite-out"
target/release/sprout generate --schema "$my_schema" --rows "$rows" --format csv --out "$work/my-out" >/dev/null 2>&1
target/release/sprout generate --schema "$lite_schema" --rows "$rows" --format csv --out "$work/lite-out" >/dev/null 2>&1
booleans=" $(grep -io '^ *[a-z_]* *boolean' "$my_schema" | awk '{print $1}' | tr '\n' ' ') "
{
    echo "SET FOREIGN_KEY_CHECKS = 0;"
    echo "START TRANSACTION;"
    for file in "$work"/my-out/*.csv; do
        table=$(basename "$file" .csv | sed 's/^[0-9]*_//')
        header=$(head -1 "$file")
        vars=$(echo "$header" | sed 's/\([a-z_0-9]*\)/@\1/g')
        sets=$(echo "$header" | tr ',' '\n' | while read -r c; do
            if [[ "$booleans" == *" $c "* ]]; then echo "\`$c\` = (NULLIF(@$c, '') = 't')"; else echo "\`$c\` = NULLIF(@$c, '')"; fi
        done | paste -sd, -)
        echo "LOAD DATA LOCAL INFILE '$file' INTO TABLE \`$table\` FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '' IGNORE 1 LINES ($vars) SET $sets;"
    done
    echo "COMMIT;"
} > "$work/load-maria.sql"
{
    echo "BEGIN;"
    for file in "$work"/lite-out/*.csv; do
        echo ".import --csv --skip 1 $file $(basename "$file" .csv | sed 's/^[0-9]*_//')"
    done
    echo "COMMIT;"
} > "$work/load-lite.sql"
maria_seed_run() {
    fresh_maria sprout_bench_seed
    measure target/release/sprout seed "mysql://root@127.0.0.1:3306/sprout_bench_seed" --rows "$rows"
}
# The same seed through the server's Unix socket: sqlx 0.9.0 leaves Nagle's algorithm on for TCP
# (docs/connections.md), which the socket does not have.
maria_socket=$(maria -N -e "SELECT @@socket")
maria_socket_run() {
    fresh_maria sprout_bench_seed
    measure target/release/sprout seed "mysql://root@localhost/sprout_bench_seed?socket=$maria_socket" --rows "$rows"
}
maria_load_run() {
    fresh_maria sprout_bench_load
    measure bash -c "mariadb --protocol=tcp -h 127.0.0.1 -uroot --local-infile=1 sprout_bench_load < '$work/load-maria.sql'"
}
lite_seed_run() {
    rm -f "$work/seed.db"; sqlite3 "$work/seed.db" < "$lite_schema"
    measure target/release/sprout seed "sqlite://$work/seed.db" --rows "$rows"
}
lite_load_run() {
    rm -f "$work/load.db"; sqlite3 "$work/load.db" < "$lite_schema"
    measure bash -c "sqlite3 '$work/load.db' < '$work/load-lite.sql'"
}
ms=(); mu=(); ml=(); ls_=(); ll=()
for _ in 1 2 3; do
    read -r t _ < <(maria_seed_run); ms+=("$t")
    read -r t _ < <(maria_socket_run); mu+=("$t")
    read -r t _ < <(maria_load_run); ml+=("$t")
    read -r t _ < <(lite_seed_run); ls_+=("$t")
    read -r t _ < <(lite_load_run); ll+=("$t")
done
maria -e "DROP DATABASE IF EXISTS sprout_bench_seed; DROP DATABASE IF EXISTS sprout_bench_load"
mst=$(printf '%s\n' "${ms[@]}" | median); mut=$(printf '%s\n' "${mu[@]}" | median); mlt=$(printf '%s\n' "${ml[@]}" | median)
lst=$(printf '%s\n' "${ls_[@]}" | median); llt=$(printf '%s\n' "${ll[@]}" | median)
echo
echo "seeding MariaDB and SQLite, $total rows, median of 3"
echo
echo "| database | sprout seed (checks on) | reference (checks off) | rows/s vs reference |"
echo "|---|---|---|---|"
awk -v s="$mst" -v r="$mlt" -v n="$total" 'BEGIN { printf "| MariaDB | %.2f s (%d rows/s) | LOAD DATA LOCAL INFILE: %.2f s (%d rows/s) | %.2fx |\n", s, n / s, r, n / r, r / s }'
awk -v s="$mut" -v r="$mlt" -v n="$total" 'BEGIN { printf "| MariaDB, Unix socket | %.2f s (%d rows/s) | LOAD DATA LOCAL INFILE: %.2f s (%d rows/s) | %.2fx |\n", s, n / s, r, n / r, r / s }'
awk -v s="$lst" -v r="$llt" -v n="$total" 'BEGIN { printf "| SQLite | %.2f s (%d rows/s) | sqlite3 .import: %.2f s (%d rows/s) | %.2fx |\n", s, n / s, r, n / r, r / s }'
