#!/usr/bin/env bash
# The stand-in postgres:17 image's entrypoint (see Containerfile). On the first start (an empty PGDATA) it makes
# the cluster with the superuser POSTGRES_USER (default postgres) and the password POSTGRES_PASSWORD (required,
# as in the official image), creates POSTGRES_DB (default: the user's name) and runs /docker-entrypoint-initdb.d's
# *.sh and *.sql files; then it runs the server as the user postgres, listening on every address of the
# container with password (scram-sha-256) sign-in from outside it.
set -Eeuo pipefail

if [ "${1:-}" != postgres ]; then
  exec "$@"
fi

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 0700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?is not set: the official postgres image refuses to start without it, and so does this one}"
  user=${POSTGRES_USER:-postgres}
  db=${POSTGRES_DB:-$user}
  initdb --username="$user" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 -D "$PGDATA" >/dev/null
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  # Set-up runs on the socket only, so nobody connects to a half-made database.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  if [ "$db" != postgres ]; then
    psql -v ON_ERROR_STOP=1 --username="$user" --dbname=postgres -q -c "CREATE DATABASE \"$db\""
  fi
  for file in /docker-entrypoint-initdb.d/*; do
    case "$file" in
      *.sh) echo "running $file"; . "$file" ;;
      *.sql) echo "running $file"; psql -v ON_ERROR_STOP=1 --username="$user" --dbname="$db" -q -f "$file" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "PostgreSQL init process complete; ready for start up."
fi

exec "$@"
