#!/usr/bin/env bash
# with-postgres.sh <dir> <command>...: runs <command> with a PostgreSQL
# cluster in <dir>/data listening on a unix socket in <dir> only (PGHOST,
# PGUSER set), stopped afterwards whatever happens. As root, the server
# runs as 'nobody' (initdb refuses root).
set -euo pipefail
dir=$1
shift
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_server=()
mkdir -p "$dir"
if [ "$(id -u)" -eq 0 ]; then
  chown nobody "$dir"
  as_server=(runuser -u nobody --)
fi
(cd "$dir" && "${as_server[@]}" "$bin/initdb" -D "$dir/data" -U postgres \
   --auth=trust --no-sync -E UTF8 --locale=C > "$dir/initdb.log")
(cd "$dir" && "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
   -w -o "-k $dir -c listen_addresses= -F" start > /dev/null)
trap '(cd "$dir" && "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop > /dev/null)' EXIT
export PGHOST=$dir PGUSER=postgres
"$@"
