#!/usr/bin/env bash
# with-postgres.sh <dir> <command>...: runs <command> with a PostgreSQL
# cluster in <dir>/data listening on a unix socket in <dir> only (PGHOST,
# PGUSER set), stopped afterwards whatever happens. As root, the server
# runs as 'nobody' (initdb refuses root), and its cluster and socket live in
# a directory of its own under /tmp: 'nobody' may not be able to reach
# <dir> (a checkout inside a mode 0700 directory, as mktemp -d makes).
set -euo pipefail
dir=$1
shift
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_server=()
mkdir -p "$dir"
cluster=$dir
if [ "$(id -u)" -eq 0 ]; then
  cluster=$(mktemp -d /tmp/txnlint-pg.XXXXXX)
  chown nobody "$cluster"
  as_server=(runuser -u nobody --)
fi
(cd "$cluster" && "${as_server[@]}" "$bin/initdb" -D "$cluster/data" -U postgres \
   --auth=trust --no-sync -E UTF8 --locale=C > "$dir/initdb.log")
(cd "$cluster" && "${as_server[@]}" "$bin/pg_ctl" -D "$cluster/data" \
   -l "$cluster/server.log" -w -o "-k $cluster -c listen_addresses= -F" start > /dev/null)
trap '(cd "$cluster" && "${as_server[@]}" "$bin/pg_ctl" -D "$cluster/data" -m immediate -w stop > /dev/null); [ "$cluster" = "$dir" ] || rm -rf "$cluster"' EXIT
export PGHOST=$cluster PGUSER=postgres
"$@"
