#!/bin/sh
# The guest's part of LvmSnapshotIT, run as root by run-in-vm: a logical volume kz/data (ext4 on a loop device)
# mounted on /srv/data, then kaizen runs with 'snapshot: lvm' sources (and, as controls, without). Each scenario
# writes its facts into WORKDIR/NAME.*: the exit code (.rc), kaizen's output (.out), what is left of kaizen's
# snapshots and mounts (.left: "snapshots N mounts N"); the test reads and judges them. WORKDIR/env sets JAVA, JAR
# and JAVA_OPTIONS (a class archive made on the host: the guest's emulated CPU makes every JVM start slow).
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
# Writes /tmp/NAME.yaml: name, store, engine, path, and the snapshot's size (none: the path is copied live).
config() {
  printf 'store: %s\nengine: %s\nsources:\n  - path: %s\n' "$2" "$3" "$4" > "/tmp/$1.yaml"
  [ -z "${5-}" ] || printf '    snapshot: lvm\n    lvm-snapshot-size: %s\n' "$5" >> "/tmp/$1.yaml"
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

# consistent: a writer stamps one number into, in this order, db/first, the head and the tail of the 32 MiB
# db/image and db/last, then the next number into all four, and so on every 5 ms. A copy of one moment holds
# first >= head >= tail >= last >= first - 1. Each engine copies db from an LVM snapshot (lvm-ENGINE) and, as the
# control, from the live volume (live-ENGINE), which reads the image's tail 32 MiB after its head. Facts: the copy's
# four stamps (.stamps) and the live first stamp when the run had ended (.live).
db=/srv/data/db
zero=$(printf '%031d' 0)
echo "$zero" > $db/first && cp $db/first $db/last || exit 1
dd if=/dev/zero of=$db/image bs=1M count=32 status=none && dd if=$db/first of=$db/image conv=notrunc status=none \
  && dd if=$db/first of=$db/image bs=32 seek=$((32 * 1024 * 1024 / 32 - 1)) conv=notrunc status=none || exit 1
rm -f /tmp/stop-writer
perl -e 'my ($db, $stop) = @ARGV;
  my @files = map { open(my $f, "+<", "$db/$_") or die "$db/$_: $!"; $f } qw(first image last);
  my @stamps = ([$files[0], 0], [$files[1], 0], [$files[1], (-s $files[1]) - 32], [$files[2], 0]);
  for (my $n = 1; !-e $stop; $n++) {
    for (@stamps) { sysseek($_->[0], $_->[1], 0); syswrite($_->[0], sprintf("%031d\n", $n)) == 32 or die "$!" }
    select(undef, undef, undef, 0.005);
  }' $db /tmp/stop-writer &
writer=$!
while [ "$(cat $db/last)" = "$zero" ]; do sleep 0.1; done
for engine in java rsync; do
  for copy in lvm live; do
    name=$copy-$engine
    size=""; [ $copy = lvm ] && size=16M
    config $name /tmp/store-$name $engine $db $size
    run $name /tmp/$name.yaml
    cat $db/first > "$work/$name.live"
    copied=$(find /tmp/store-$name -path '*/srv/data/db' -type d)
    echo $(cat "$copied/first") $(head -c 32 "$copied/image") $(tail -c 32 "$copied/image") $(cat "$copied/last") \
      > "$work/$name.stamps"
    rm -rf /tmp/store-$name
  done
done
touch /tmp/stop-writer; wait $writer
echo "== consistent done at $(cut -d' ' -f1 /proc/uptime) s"

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
