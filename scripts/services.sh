#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432, trust auth, database "test"), Redis (127.0.0.1:6379) and Apache Kafka
# (127.0.0.1:9092, KRaft) are installed and running, for the integration tests. Safe to run again; needs root
# to install the Debian packages.
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
# --- Apache Kafka: one KRaft node (broker and controller in one process), from Maven Central artifacts.
# The broker's jars are resolved by the project's ./mvnw from scripts/kafka/pom.xml into a cache folder; the
# node's data and log live beside them (KAFKA_CI_HOME, default /var/lib/kafka-ci, else /tmp/kafka-ci).
if ! port_open 9092; then
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  kafka_version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$root/scripts/kafka/pom.xml")
  home=${KAFKA_CI_HOME:-/var/lib/kafka-ci}
  mkdir -p "$home" 2>/dev/null && [ -w "$home" ] || home=/tmp/kafka-ci
  mkdir -p "$home"
  lib=$home/kafka-$kafka_version/lib
  (
    . "$root/scripts/jdk.sh"
    swarmrec_find_jdk || exit 1
    if [ ! -f "$lib/.complete" ]; then
      echo "services: resolving Apache Kafka $kafka_version from Maven Central"
      rm -rf "$lib"
      "$root/mvnw" -B -q -ntp -f "$root/scripts/kafka/pom.xml" dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$lib" >"$home/resolve.log" 2>&1 \
        || { echo "services: could not resolve Apache Kafka (see $home/resolve.log)" >&2; exit 1; }
      touch "$lib/.complete"
    fi
    conf=$home/server.properties
    cat >"$conf" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:9093
listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093
advertised.listeners=PLAINTEXT://127.0.0.1:9092
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$home/data
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=24
log.segment.bytes=268435456
PROPS
    cat >"$home/log4j2.properties" <<PROPS
appender.file.type=File
appender.file.name=file
appender.file.fileName=$home/server.log
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=WARN
rootLogger.appenderRef.file.ref=file
logger.started.name=kafka.server.KafkaRaftServer
logger.started.level=INFO
PROPS
    java=("$JAVA_HOME/bin/java" -Xmx512m -Xms128m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError
      -Djava.awt.headless=true -Dlog4j2.configurationFile="$home/log4j2.properties" -cp "$lib/*")
    if [ ! -f "$home/data/meta.properties" ]; then
      cluster=$("${java[@]}" kafka.tools.StorageTool random-uuid 2>>"$home/format.log" | tail -n 1)
      "${java[@]}" kafka.tools.StorageTool format -t "$cluster" -c "$conf" >>"$home/format.log" 2>&1 \
        || { echo "services: could not format the Kafka storage (see $home/format.log)" >&2; exit 1; }
    fi
    echo "services: starting Apache Kafka $kafka_version (KRaft)"
    setsid nohup "${java[@]}" kafka.Kafka "$conf" >"$home/stdout.log" 2>&1 </dev/null &
    echo $! >"$home/kafka.pid"
    for _ in $(seq 1 60); do port_open 9092 && break; sleep 1; done
  ) || true
fi
if port_open 9092; then echo "services: Kafka up on 127.0.0.1:9092"; else echo "services: Kafka is not reachable on 127.0.0.1:9092" >&2; fi
exit 0
