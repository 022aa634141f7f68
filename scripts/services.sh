#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432, trust auth, database "test") and Redis (127.0.0.1:6379) are
# installed and running, for the integration tests. Safe to run again; needs root to install.
set -uo pipefail

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then apt-get update -qq >/dev/null 2>&1 || true; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- PostgreSQL
if ! port_open 5432; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "services: installing PostgreSQL"
    apt_install postgresql || { echo "services: could not install PostgreSQL" >&2; exit 1; }
  fi
  v=$(ls /etc/postgresql | sort -V | tail -n 1)
  conf=/etc/postgresql/$v/main
  if ! grep -qE '^host\s+all\s+all\s+127.0.0.1/32\s+trust' "$conf/pg_hba.conf"; then
    sed -i -E 's/^(host\s+all\s+all\s+(127.0.0.1\/32|::1\/128)\s+)\S+/\1trust/; s/^(local\s+all\s+all\s+)\S+/\1trust/' "$conf/pg_hba.conf"
  fi
  echo "services: starting PostgreSQL $v"
  pg_ctlcluster --skip-systemctl-redirect "$v" main start || true
  for _ in $(seq 1 30); do port_open 5432 && break; sleep 1; done
fi
if port_open 5432; then
  if ! psql -h 127.0.0.1 -U postgres -d test -tAc 'select 1' >/dev/null 2>&1; then
    psql -h 127.0.0.1 -U postgres -tAc 'create database test' >/dev/null 2>&1 \
      || su postgres -c "psql -tAc 'create database test'" >/dev/null 2>&1 || true
  fi
  echo "services: PostgreSQL up on 127.0.0.1:5432"
else
  echo "services: PostgreSQL is not reachable on 127.0.0.1:5432" >&2
fi

# --- Redis
if ! port_open 6379; then
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "services: installing Redis"
    apt_install redis-server || { echo "services: could not install Redis" >&2; exit 1; }
  fi
  mkdir -p /var/lib/redis /var/log/redis
  echo "services: starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 30); do port_open 6379 && break; sleep 1; done
fi
if port_open 6379; then echo "services: Redis up on 127.0.0.1:6379"; else echo "services: Redis is not reachable on 127.0.0.1:6379" >&2; fi
exit 0
