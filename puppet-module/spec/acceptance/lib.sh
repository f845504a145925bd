# shellcheck shell=bash
# Sourced by the acceptance tests (bash): assertions, ports, processes and cleanup.

T0=$(date +%s)
# CPU seconds (user + system) this test and everything it waited for used so far.
cpu_seconds() { awk '{ printf "%d", ($14 + $15 + $16 + $17) / 100 }' /proc/$$/stat; }
CHECKS=0
say() { printf '[%s +%3ss] %s\n' "$TEST_NAME" "$(( $(date +%s) - T0 ))" "$*"; }

# Every assertion is named for what it proves; the first that fails ends the test with exit 1.
ok() { CHECKS=$((CHECKS + 1)); say "ok - $*"; }
not_ok() { say "NOT OK - $*" >&2; exit 1; }

# check NAME COMMAND...: COMMAND must succeed.
check() {
  local name=$1; shift
  local out
  if out=$("$@" 2>&1); then ok "$name"; else printf '%s\n' "$out" | tail -20 >&2; not_ok "$name"; fi
}

# check_rc RC NAME COMMAND...: COMMAND must exit with RC.
check_rc() {
  local want=$1 name=$2; shift 2
  local out rc=0
  out=$("$@" 2>&1) || rc=$?
  if [ "$rc" = "$want" ]; then ok "$name"; else printf '%s\n' "$out" | tail -20 >&2; not_ok "$name (exit $rc, wanted $want)"; fi
}

# check_eq NAME ACTUAL EXPECTED
check_eq() {
  if [ "$2" = "$3" ]; then ok "$1"; else
    printf -- '--- expected\n%s\n--- actual\n%s\n' "$3" "$2" >&2; not_ok "$1"
  fi
}

# check_match NAME TEXT EXTENDED_REGEX (grep -E, multi-line text: some line matches)
# Here and in check_no_match grep reads all of its input (no -q): under pipefail, a grep that quits at the first match
# can leave printf writing into a closed pipe when the text is longer than the pipe's buffer (the README is), and the
# killed printf made a match count as none (a false failure here, a false pass in check_no_match).
check_match() {
  if printf '%s\n' "$2" | grep -E -- "$3" >/dev/null; then ok "$1"; else
    printf -- '--- wanted a line matching: %s\n--- got (first 40 lines):\n%s\n' "$3" "$(printf '%s\n' "$2" | head -40)" >&2
    not_ok "$1"
  fi
}

check_no_match() {
  if ! printf '%s\n' "$2" | grep -E -- "$3" >/dev/null; then ok "$1"; else
    printf -- '--- wanted no line matching: %s\n--- got (the lines that match):\n%s\n' "$3" "$(printf '%s\n' "$2" | grep -E -- "$3" | head -20)" >&2
    not_ok "$1"
  fi
}

# A free TCP port on 127.0.0.1 in the project's test range 23000-23999.
free_port() {
  local port tries=0
  while [ $tries -lt 200 ]; do
    port=$(( 23000 + RANDOM % 1000 ))
    if ! ss -Htln "sport = :$port" | grep -q .; then echo "$port"; return 0; fi
    tries=$((tries + 1))
  done
  echo "no free port in 23000-23999" >&2; return 1
}

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every half second.
wait_for() {
  local limit=$1 what=$2; shift 2
  local end=$(( $(date +%s) + limit ))
  until "$@" > /dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$end" ]; then not_ok "$what (waited ${limit}s)"; fi
    sleep 0.5
  done
}

# The PIDs of the processes whose root directory is $1 (those running in a chroot).
root_pids() {
  local proc
  for proc in /proc/[0-9]*; do
    [ "$(readlink "$proc/root" 2>/dev/null)" = "$1" ] && echo "${proc#/proc/}"
  done
  return 0
}
export -f root_pids

# Processes this test started, stopped by PID at the end.
STARTED_PIDS=()
started() { STARTED_PIDS+=("$1"); }
stop_started() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  STARTED_PIDS=()
}

# Removes a test's work directory, but only once nothing is mounted below it (a mounted /proc or /dev/pts
# must never be walked into).
remove_work() {
  local dir=$1
  if grep -q " $dir/" /proc/mounts; then
    echo "not removing $dir: still mounted: $(grep " $dir/" /proc/mounts | cut -d' ' -f2 | tr '\n' ' ')" >&2
    return 1
  fi
  rm -rf --one-file-system "$dir"
}
