#!/usr/bin/env bash
# Start PostgreSQL and MariaDB when they are installed but not running (the commands are the
# ones this kind of machine uses to start them before a session).
set -uo pipefail

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if ! port_open 5432 && command -v pg_ctlcluster >/dev/null 2>&1; then
  for version in $(ls /etc/postgresql 2>/dev/null); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  done
fi
if ! port_open 3306 && [ -x /usr/sbin/mariadbd ]; then
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
fi
for _ in $(seq 1 30); do
  if port_open 5432 && port_open 3306; then break; fi
  sleep 1
done
port_open 5432 || echo "warning: PostgreSQL is not reachable on 127.0.0.1:5432" >&2
port_open 3306 || echo "warning: MariaDB is not reachable on 127.0.0.1:3306" >&2
exit 0
