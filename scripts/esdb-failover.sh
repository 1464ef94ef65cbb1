#!/bin/sh
# Makes the docker-compose EventStoreDB cluster fail over once: finds the node that leads
# (from any live node's gossip), stops it, waits until another node leads, starts it again.
# Used as EVENTSTORE_FAILOVER_COMMAND by the failover loop of `npm run test:esdb`.
# Needs docker compose, curl and jq; run from the repository root.
set -eu

leader_ip() {
  for port in 2111 2112 2113; do
    ip=$(curl --silent --max-time 2 "http://127.0.0.1:$port/gossip" \
      | jq -r '.members[] | select(.isAlive and .state == "Leader") | .httpEndPointIp' \
      2>/dev/null | head -n 1) || true
    if [ -n "${ip:-}" ]; then echo "$ip"; return 0; fi
  done
  return 1
}

old=$(leader_ip) || { echo "no node leads the cluster" >&2; exit 1; }
service="eventstore${old##*.1}" # 172.30.240.11 → eventstore1
docker compose stop "$service" >/dev/null
for _ in $(seq 1 60); do
  new=$(leader_ip) || new=""
  if [ -n "$new" ] && [ "$new" != "$old" ]; then break; fi
  sleep 1
done
docker compose start "$service" >/dev/null
echo "leader $service stopped and started again; ${new:-no node} leads now"
