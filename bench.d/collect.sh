#!/usr/bin/env bash
# bench.d/collect.sh (run as ./bench --collect, or directly): measures 'kaizen collect' over real SSH on this
# machine against rsync over the same SSH and forced command, in one run, and writes docs/BENCHMARKS-collect.md.
# A separate command, not a test (DESIGN.md sections 11 and 12; issue 5's performance bar).
#
#   1. delta:    a FILE_MB MiB file with CHANGES scattered 1000-byte changes, pulled against the previous copy:
#                'kaizen collect' vs 'rsync -aH --numeric-ids --no-whole-file --link-dest=PREV' over ssh;
#                bytes from the node (kaizen: agent protocol bytes; rsync: its "Total bytes received") and
#                wall time, median of RUNS runs each, alternating.
#   2. parallel: NODES nodes (one sshd each) x FILES files, first full collection with --parallel 1, 2, 4, 8.
#
# Needs root (a throwaway user kzt-bench, sshd on 127.0.0.1 ports 22900-22999, a sudoers drop-in; all removed
# at exit), java 17, rsync, openssh-server, and kaizen.jar (built if missing).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FILE_MB=1024 CHANGES=100 NODES=20 FILES=10000 RUNS=3
OUTPUT=$REPO/docs/BENCHMARKS-collect.md
WORKDIR_PARENT=/var/tmp
USER_NAME=kzt-bench
SUDOERS=/etc/sudoers.d/kzt-bench
while [ $# -gt 0 ]; do
  case $1 in
    --file-mb) FILE_MB=$2; shift 2 ;;
    --changes) CHANGES=$2; shift 2 ;;
    --nodes) NODES=$2; shift 2 ;;
    --files) FILES=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --output) OUTPUT=$2; shift 2 ;;
    --workdir) WORKDIR_PARENT=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; echo "Options: --file-mb N --changes N --nodes N --files N --runs N --output FILE --workdir DIR"; exit 0 ;;
    *) echo "collect.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "collect.sh: run as root" >&2; exit 2; }

log() { printf '[bench-collect %s] %s\n' "$(date +%T)" "$*" >&2; }
now_ns() { date +%s%N; }
secs() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.2f", (e - s) / 1e9 }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

JAR=$REPO/backup-cli/target/kaizen.jar
[ -f "$JAR" ] || (cd "$REPO" && ./mvnw -q -B -ntp -DskipTests package)
mkdir -p "$WORKDIR_PARENT"
W=$(mktemp -d "$WORKDIR_PARENT/kaizen-bench-collect.XXXXXX")
chmod 755 "$W"
PIDS=()
cleanup() {
  for pidfile in "$W"/node*/sshd.pid; do [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true; done
  rm -f "$SUDOERS"
  id "$USER_NAME" >/dev/null 2>&1 && userdel "$USER_NAME" 2>/dev/null || true
  rm -rf "$W"
}
trap cleanup EXIT

JAVA=$(readlink -f "$(command -v java)")
cat > "$W/kaizen" <<SH
#!/bin/sh
exec $JAVA -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar $JAR "\$@"
SH
chmod 755 "$W/kaizen"
K="$W/kaizen"
id "$USER_NAME" >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent --shell /bin/sh "$USER_NAME"
usermod -p '*' "$USER_NAME"
mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -C bench -f "$W/id_ed25519"
: > "$W/known_hosts"
echo "Defaults:$USER_NAME env_keep += \"SSH_ORIGINAL_COMMAND\"" > "$W/sudoers"

# node NAME PORT: an sshd on PORT whose forced command serves $W/NAME/store.
node() {
  local name=$1 port=$2 dir=$W/$1
  mkdir -p "$dir/auth" "$dir/store"
  ssh-keygen -q -t ed25519 -N '' -f "$dir/hostkey"
  echo "restrict,command=\"sudo -n $K serve --store $dir/store\" $(cat "$W/id_ed25519.pub")" > "$dir/auth/$USER_NAME"
  echo "$USER_NAME ALL=(root) NOPASSWD: $K serve --store $dir/store" >> "$W/sudoers"
  cat > "$dir/sshd_config" <<CFG
Port $port
ListenAddress 127.0.0.1
HostKey $dir/hostkey
AuthorizedKeysFile $dir/auth/%u
PidFile $dir/sshd.pid
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
AllowUsers $USER_NAME
MaxStartups 100
CFG
  /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log"
  echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$dir/hostkey.pub")" >> "$W/known_hosts"
}
install_sudoers() { visudo -cf "$W/sudoers" >/dev/null; install -m 0440 "$W/sudoers" "$SUDOERS"; }
SSH="ssh -i $W/id_ed25519 -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=$W/known_hosts"
collect() { "$K" collect --identity "$W/id_ed25519" --known-hosts "$W/known_hosts" --json "$@"; }

# ---------------------------------------------------------------- 1. delta over ssh
log "delta: $FILE_MB MiB file, $CHANGES changes of 1000 bytes"
node node0 22900
install_sudoers
mkdir -p "$W/src0"
head -c $((FILE_MB << 20)) /dev/urandom > "$W/src0/disk.img"
"$K" snapshot --source "$W/src0" --dest "$W/node0/store" --date 2026-01-01 --host node0 >/dev/null
printf 'user: %s\nnodes:\n  - {name: node0, host: 127.0.0.1, port: 22900}\n' "$USER_NAME" > "$W/inv0.yaml"
collect --inventory "$W/inv0.yaml" --dest "$W/base" >/dev/null
python3 - "$W/src0/disk.img" "$CHANGES" <<'PY'
import os, random, sys
path, changes = sys.argv[1], int(sys.argv[2])
size = os.path.getsize(path); rnd = random.Random(20260102)
with open(path, 'r+b') as f:
    for i in range(changes):
        f.seek(rnd.randrange(0, size - 1000)); f.write(os.urandom(1000))
PY
"$K" snapshot --source "$W/src0" --dest "$W/node0/store" --date 2026-01-02 --host node0 >/dev/null
REMOTE_SNAPSHOT=$W/node0/store/2026-01-02/
k_times=() k_bytes=() r_times=() r_bytes=()
for run in $(seq 1 "$RUNS"); do
  for tool in kaizen rsync; do
    [ $((run % 2)) -eq 0 ] && tool=$([ $tool = kaizen ] && echo rsync || echo kaizen)
    if [ $tool = kaizen ]; then
      rm -rf "$W/dk"; mkdir -p "$W/dk/node0"; cp -al "$W/base/node0/2026-01-01" "$W/dk/node0/2026-01-01"; sync
      start=$(now_ns); collect --inventory "$W/inv0.yaml" --dest "$W/dk" > "$W/k.json"; end=$(now_ns)
      k_times+=("$(secs "$start" "$end")")
      k_bytes+=("$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["nodes"][0]["stats"]["bytesReceived"])' "$W/k.json")")
    else
      rm -rf "$W/dr"; mkdir -p "$W/dr"; sync
      start=$(now_ns)
      rsync -aH --numeric-ids --no-whole-file --stats --link-dest="$W/base/node0/2026-01-01" -e "$SSH -p 22900" \
        "$USER_NAME@127.0.0.1:$REMOTE_SNAPSHOT" "$W/dr/" > "$W/r.txt"
      end=$(now_ns)
      r_times+=("$(secs "$start" "$end")")
      r_bytes+=("$(awk -F': ' '/Total bytes received/ { gsub(/,/, "", $2); print $2 + 0 }' "$W/r.txt")")
    fi
  done
  cmp "$W/src0/disk.img" "$W/dr/${W#/}/src0/disk.img" || { log "rsync's copy differs"; exit 1; }
  cmp "$W/src0/disk.img" "$W/dk/node0/2026-01-02/${W#/}/src0/disk.img" || { log "kaizen's copy differs"; exit 1; }
done
kt=$(median "${k_times[@]}"); kb=$(median "${k_bytes[@]}"); rt=$(median "${r_times[@]}"); rb=$(median "${r_bytes[@]}")
log "delta: kaizen ${kt}s ${kb} B; rsync ${rt}s ${rb} B"
kill "$(cat "$W/node0/sshd.pid")"; rm -rf "$W/node0/store" "$W/base" "$W/dk" "$W/dr" "$W/src0"

# ---------------------------------------------------------------- 2. parallelism curve
log "parallel: $NODES nodes x $FILES files"
java "$REPO/bench.d/TreeGen.java" mixed "$W/tree" "$FILES" 20260101 >/dev/null
printf 'user: %s\nnodes:\n' "$USER_NAME" > "$W/inv.yaml"
for i in $(seq 1 "$NODES"); do
  node "node$i" $((22900 + i))
  printf '  - {name: node%s, host: 127.0.0.1, port: %s}\n' "$i" $((22900 + i)) >> "$W/inv.yaml"
done
install_sudoers
"$K" snapshot --source "$W/tree" --dest "$W/node1/store" --date 2026-01-01 --host bench >/dev/null
for i in $(seq 2 "$NODES"); do rmdir "$W/node$i/store"; cp -al "$W/node1/store" "$W/node$i/store"; done
bytes=$(du -sb "$W/node1/store/2026-01-01" | cut -f1)
declare -A p_time
for p in 1 2 4 8; do
  times=()
  for run in $(seq 1 "$RUNS"); do
    rm -rf "$W/dp"; sync
    start=$(now_ns); collect --inventory "$W/inv.yaml" --dest "$W/dp" --parallel "$p" > "$W/p.json"; end=$(now_ns)
    times+=("$(secs "$start" "$end")")
  done
  p_time[$p]=$(median "${times[@]}")
  log "parallel $p: ${p_time[$p]}s"
done

{
  echo "# Collection benchmarks"
  echo
  echo "Measured by \`./bench --collect\` (bench.d/collect.sh) on $(date -u +%F), $(nproc) cores, load average"
  echo "$(cut -d' ' -f1-3 /proc/loadavg) at the end; medians of $RUNS runs. Both tools go through the same sshd, key,"
  echo "forced command and \`kaizen serve\` (which validates the rsync request and execs rsync); times include that JVM."
  echo
  echo "## Delta over SSH: a ${FILE_MB} MiB file with ${CHANGES} scattered 1000-byte changes"
  echo
  echo "| tool | bytes from the node | wall time |"
  echo "| --- | ---: | ---: |"
  echo "| rsync -aH --no-whole-file --link-dest over ssh | $rb | ${rt} s |"
  echo "| kaizen collect | $kb | ${kt} s |"
  echo "| ratio kaizen / rsync (bar: bytes <= 1.1, time <= 1.0) | $(ratio "$kb" "$rb") | $(ratio "$kt" "$rt") |"
  echo
  echo "## Parallelism: ${NODES} nodes x ${FILES} files ($((bytes / 1048576)) MiB each), first full collection"
  echo
  echo "| --parallel | wall time | vs --parallel 1 |"
  echo "| ---: | ---: | ---: |"
  for p in 1 2 4 8; do echo "| $p | ${p_time[$p]} s | $(ratio "${p_time[$p]}" "${p_time[1]}") |"; done
  echo
  echo "Bar: --parallel 4 <= 0.5 x --parallel 1."
} > "$OUTPUT"
log "wrote $OUTPUT"
