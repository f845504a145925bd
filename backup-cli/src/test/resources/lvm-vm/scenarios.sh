#!/bin/sh
# The guest's part of LvmSnapshotIT, run as root by run-in-vm: a logical volume kz/data (ext4 on a loop device)
# mounted on /srv/data, then kaizen runs with 'snapshot: lvm' sources. Each scenario writes its facts into
# WORKDIR/NAME.*: the exit code (.rc), kaizen's output (.out), what is left of kaizen's snapshots and mounts
# (.left: "snapshots N mounts N"); the test reads and judges them. WORKDIR/env sets JAVA, JAR and JAVA_OPTIONS
# (a class archive made on the host: the guest's emulated CPU makes every JVM start slow).
set -u
work=$1
. "$work/env"
export DM_DISABLE_UDEV=1 LVM_SUPPRESS_FD_WARNINGS=1 LANG=C
export JDK_JAVA_OPTIONS="$JAVA_OPTIONS"

left() {
  echo "snapshots $(lvs --noheadings -o lv_name kz | grep -c kaizen-snap) mounts $(grep -c ' /run/kaizen/lvm/' /proc/mounts)"
}
# Runs kaizen in the foreground: scenario name, config.
run() {
  "$JAVA" -jar "$JAR" snapshot --config "$2" > "$work/$1.out" 2>&1
  echo $? > "$work/$1.rc"
  left > "$work/$1.left"
}
# Waits (up to 10 minutes) until a kaizen snapshot is mounted; says whether one was.
await_mount() {
  tries=0
  while ! grep -q ' /run/kaizen/lvm/' /proc/mounts; do
    tries=$((tries + 1))
    [ $tries -gt 3000 ] && return 1
    sleep 0.2
  done
}
# Starts kaizen, sends SIGNAL once its snapshot is mounted and the copy under way: scenario name, config, signal.
interrupt() {
  "$JAVA" -jar "$JAR" snapshot --config "$2" > "$work/$1.out" 2>&1 &
  pid=$!
  await_mount && echo mounted > "$work/$1.seen"
  sleep 2
  kill -"$3" $pid
  wait $pid
  echo $? > "$work/$1.rc"
  left > "$work/$1.left"
}
config() {
  printf 'store: %s\nengine: %s\nsources:\n  - path: %s\n    snapshot: lvm\n    lvm-snapshot-size: %s\n' "$2" "$3" "$4" "$5" \
    > "/tmp/$1.yaml"
}

echo "== guest up at $(cut -d' ' -f1 /proc/uptime) s"
truncate -s 1G /tmp/pv.img
dev=$(losetup -f --show /tmp/pv.img)
pvcreate -q "$dev" && vgcreate -q kz "$dev" && lvcreate -q -y -L 384M -n data kz && mkfs.ext4 -q /dev/kz/data || exit 1
mkdir -p /srv/data && mount /dev/kz/data /srv/data || exit 1
mkdir -p /srv/data/db /srv/data/tree /srv/data/image
i=0
while [ $i -lt 20 ]; do
  mkdir /srv/data/tree/d$i
  j=0
  while [ $j -lt 100 ]; do echo "file $i $j" > /srv/data/tree/d$i/f$j; j=$((j + 1)); done
  i=$((i + 1))
done
dd if=/dev/urandom of=/srv/data/image/disk.img bs=1M count=64 status=none
sync
echo "== volume ready at $(cut -d' ' -f1 /proc/uptime) s"

# normal: a journal appended to all the time (64-byte records: number, checksum, padding) is copied whole.
config normal /tmp/store-normal java /srv/data/db 16M
(n=0; while [ ! -f /tmp/stop-writer ]; do
   awk -v s=$n 'BEGIN { for (n = s; n < s + 50; n++) {
     printf "%010d %010d %041d\n", n, (n * 7919) % 1000003, 0 >> "/srv/data/db/journal"; fflush("/srv/data/db/journal") } }'
   n=$((n + 50)); sleep 0.05; done) &
writer=$!
while [ ! -s /srv/data/db/journal ]; do sleep 0.1; done
run normal /tmp/normal.yaml
touch /tmp/stop-writer; wait $writer
find /tmp/store-normal -path '*/srv/data/db/journal' -exec cp {} "$work/normal.journal" \;
stat -c %s /srv/data/db/journal > "$work/normal.live-size"
echo "== normal done at $(cut -d' ' -f1 /proc/uptime) s"

# failed: a 4 MiB snapshot of a volume on which 64 MiB are rewritten during the copy overflows.
config failed /tmp/store-failed java /srv/data/image 4M
rm -f /tmp/stop-writer
(while [ ! -f /tmp/stop-writer ]; do
   dd if=/dev/urandom of=/srv/data/image/disk.img bs=1M count=64 conv=notrunc status=none; sync; done) &
writer=$!
run failed /tmp/failed.yaml
touch /tmp/stop-writer; wait $writer
echo "== failed done at $(cut -d' ' -f1 /proc/uptime) s"

# killed: SIGKILL mid-copy leaves the snapshot mounted; the next run removes it, then copies the whole tree.
config killed /tmp/store-killed rsync /srv/data/tree 16M
interrupt killed /tmp/killed.yaml KILL
run after-kill /tmp/killed.yaml
find /tmp/store-killed -path '*/srv/data/tree/*' -type f | wc -l > "$work/after-kill.files"
echo "== killed done at $(cut -d' ' -f1 /proc/uptime) s"

# terminated: SIGTERM mid-copy; the run removes its snapshot before it exits.
config terminated /tmp/store-terminated rsync /srv/data/tree 16M
interrupt terminated /tmp/terminated.yaml TERM
echo "== terminated done at $(cut -d' ' -f1 /proc/uptime) s"
