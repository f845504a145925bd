# shellcheck shell=sh
# Sourced by the acceptance tests: a cached Debian 12 root with Puppet and everything the module manages
# already installed, and throwaway copy-on-write roots on top of it.
#
# The cache is /var/cache/kaizen-test/root-KEY, where KEY hashes the package lists and ROOT_FORMAT: change
# either (bump ROOT_FORMAT when root_cached changes what it builds) and the next run builds a new one. It is built in a temporary directory and renamed into place when complete, under
# a lock, so a run that dies half-way leaves nothing that looks usable. Tests never write to it: each test
# mounts an overlay whose lower layer is the cache and whose upper layer is the test's own directory.

KAIZEN_TEST_CACHE=${KAIZEN_TEST_CACHE:-/var/cache/kaizen-test}
ROOT_FORMAT=1

# Installed by debootstrap (Depends only, no Recommends).
ROOT_BASE_PACKAGES="puppet-agent,puppet-module-puppetlabs-stdlib,puppet-module-puppetlabs-cron-core,\
puppet-module-puppetlabs-sshkeys-core,sudo,cron,openssh-server,rsync,logrotate,ca-certificates"
# Installed afterwards with apt-get, with services kept from starting (policy-rc.d): what the module's
# package resources ask for (so `puppet apply` finds them installed and needs no network), and a MariaDB
# server for the controller role's dump source.
ROOT_EXTRA_PACKAGES="openjdk-17-jre-headless mariadb-server mariadb-client procps"

root_log() { echo "[$(date +%T)] $*" >&2; }

# Prints the path of the cached root, building it first if it is missing.
root_cached() {
  key=$(printf '%s\n' "$ROOT_FORMAT" "$ROOT_BASE_PACKAGES" "$ROOT_EXTRA_PACKAGES" | sha256sum | cut -c1-12)
  cached=$KAIZEN_TEST_CACHE/root-$key
  mkdir -p "$KAIZEN_TEST_CACHE"
  (
    flock 9
    if [ -f "$cached/.kaizen-test-root" ]; then exit 0; fi
    root_log "building the cached Debian root $cached (once; about 2 minutes)"
    building=$KAIZEN_TEST_CACHE/building-$key.$$
    rm -rf "$building"
    mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
    mirror=${mirror:-http://deb.debian.org/debian}
    debootstrap --variant=minbase --include="$ROOT_BASE_PACKAGES" bookworm "$building" "$mirror" \
      > "$KAIZEN_TEST_CACHE/debootstrap.log" 2>&1 \
      || { tail -20 "$KAIZEN_TEST_CACHE/debootstrap.log" >&2; rm -rf "$building"; exit 1; }
    printf '#!/bin/sh\nexit 101\n' > "$building/usr/sbin/policy-rc.d"
    chmod 0755 "$building/usr/sbin/policy-rc.d"
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
      cp /etc/apt/sources.list.d/debian.sources "$building/etc/apt/sources.list.d/"
      : > "$building/etc/apt/sources.list"
    fi
    echo '127.0.0.1 localhost' > "$building/etc/hosts"
    mount -t proc proc "$building/proc"
    if ! chroot "$building" sh -c "export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && \
        apt-get install -y -qq --no-install-recommends $ROOT_EXTRA_PACKAGES && apt-get clean" \
        >> "$KAIZEN_TEST_CACHE/debootstrap.log" 2>&1; then
      umount "$building/proc"; tail -20 "$KAIZEN_TEST_CACHE/debootstrap.log" >&2; rm -rf "$building"; exit 1
    fi
    umount "$building/proc"
    rm -f "$building/etc/ssh/ssh_host_"*   # each test root makes its own host keys
    touch "$building/.kaizen-test-root"
    mv "$building" "$cached"
    for old in "$KAIZEN_TEST_CACHE"/root-*; do
      [ "$old" = "$cached" ] || rm -rf "$old"
    done
  ) 9> "$KAIZEN_TEST_CACHE/lock" || return 1
  echo "$cached"
}

# root_mount DIR: makes DIR/root a writable copy-on-write Debian root (overlay on the cache) with /proc, /sys,
# /dev/pts mounted and its own SSH host keys. Undo with root_unmount DIR.
root_mount() {
  dir=$1
  lower=$(root_cached) || return 1
  mkdir -p "$dir/upper" "$dir/work" "$dir/root"
  mount -t overlay overlay -o "lowerdir=$lower,upperdir=$dir/upper,workdir=$dir/work" "$dir/root"
  mount -t proc proc "$dir/root/proc"
  mount -t sysfs sysfs "$dir/root/sys"
  mount --bind /dev/pts "$dir/root/dev/pts"
  chroot "$dir/root" ssh-keygen -q -A > /dev/null
  # The root shares the host's network and host name; sudo wants to resolve it.
  echo "127.0.1.1 $(hostname)" >> "$dir/root/etc/hosts"
  mkdir -p "$dir/root/run/sshd"
}

root_unmount() {
  dir=$1
  for m in dev/pts sys proc srv/modules; do
    mountpoint -q "$dir/root/$m" 2>/dev/null && umount -l "$dir/root/$m"
  done
  mountpoint -q "$dir/root" 2>/dev/null && umount -l "$dir/root"
  return 0
}
