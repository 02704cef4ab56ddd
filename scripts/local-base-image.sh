#!/usr/bin/env bash
# Make a stand-in for the Dockerfile's base image (python:3.11-slim-bookworm) from Debian's own packages, for
# a machine that cannot pull from Docker Hub but reaches a Debian mirror: a minimal bookworm (debootstrap
# --variant=minbase) with Debian's Python 3.11 (python3, python3-venv, python3-pip), ca-certificates, netbase
# and tzdata, imported as a local image. Then build on it:
#
#   sudo scripts/local-base-image.sh [--mirror URL] [TAG]
#   podman build --format docker --build-arg PYTHON_IMAGE=localhost/python:3.11-slim-bookworm -t modbot .
#
# TAG defaults to localhost/python:3.11-slim-bookworm; the mirror to http://deb.debian.org/debian. Needs root,
# debootstrap and podman (or docker: ENGINE=docker). Its python3 is Debian's 3.11 in /usr/bin, not the
# official image's build in /usr/local/bin; the Dockerfile needs only python3 -m venv, groupadd and useradd.
set -euo pipefail

mirror="http://deb.debian.org/debian"
tag="localhost/python:3.11-slim-bookworm"
while [ $# -gt 0 ]; do
  case "$1" in
    --mirror) mirror="${2:?--mirror needs a URL}"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "local-base-image.sh: unknown option $1" >&2; exit 2 ;;
    *) tag="$1"; shift ;;
  esac
done
engine="${ENGINE:-$(command -v podman >/dev/null && echo podman || echo docker)}"
[ "$(id -u)" -eq 0 ] || { echo "local-base-image.sh: run as root (debootstrap, chroot)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "local-base-image.sh: apt-get install debootstrap" >&2; exit 2; }

rootfs="$(mktemp -d /tmp/modbot-base.XXXXXX)"
cleanup() {
  umount "$rootfs/proc" 2>/dev/null || true
  rm -rf "$rootfs"
}
trap cleanup EXIT

debootstrap --variant=minbase bookworm "$rootfs" "$mirror"
cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
mount -t proc proc "$rootfs/proc"
chroot "$rootfs" /bin/sh -eu -c '
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    python3 python3-venv python3-pip ca-certificates netbase tzdata
  apt-get clean
  rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/*.log /var/log/apt/*
'
umount "$rootfs/proc"
rm -f "$rootfs/etc/resolv.conf"  # the engine provides its own
tar -C "$rootfs" --numeric-owner -c . |
  "$engine" import --change 'ENV LANG=C.UTF-8' --change 'CMD ["python3"]' - "$tag"
"$engine" run --rm "$tag" python3 -c 'import ensurepip, sqlite3, ssl, sys
print("local-base-image.sh: Python", sys.version.split()[0], ssl.OPENSSL_VERSION, sqlite3.sqlite_version)'
echo "local-base-image.sh: $tag ready; build with --build-arg PYTHON_IMAGE=$tag"
