#!/bin/bash
# Build nova_lite's tiny test guest ("our cirros") offline from Debian
# packages: Debian's cloud kernel + static busybox in an initramfs, on a
# partitionless FAT "superfloppy" booted by syslinux, as compressed qcow2.
# No loop devices, no mounts, no network but the Debian archive (apt).
#
# Usage: tools/build-test-image.sh [OUTDIR]   (default: tools/.cache/image,
#        where nova-lite-all and the tests look for it)
# Output: OUTDIR/nova-lite-tiny.qcow2, OUTDIR/nova-lite-tiny.json (image
#         metadata for upload), OUTDIR/nova-lite-tiny.stamp (build key).
# If OUTDIR already holds a valid image built by this script version (this
# file + tools/test-image/*), it exits at once.
#
# Env:
#   NOVA_LITE_TEST_KERNEL_PKG  kernel package (default: what the metapackage
#                              linux-image-cloud-amd64 depends on, i.e. the
#                              current stock cloud kernel; else the newest
#                              linux-image-6.1.0-*-cloud-amd64)
#   NOVA_LITE_CACHE_DIR        download cache (default tools/.cache/test-image)
#   SOURCE_DATE_EPOCH          timestamp put into the image (default fixed)
#
# The guest's /init (tools/test-image/init) prints NOVA_LITE_TEST_GUEST_BOOTED
# and NOVA_LITE_TEST_GUEST_IP=<addr>|none on ttyS0; see that file.
set -euo pipefail

NAME=nova-lite-tiny
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="$HERE/test-image"
CACHE="${NOVA_LITE_CACHE_DIR:-$HERE/.cache/test-image}"
EPOCH="${SOURCE_DATE_EPOCH:-1704067200}"   # 2024-01-01T00:00:00Z
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH="$EPOCH"

log() { echo "build-test-image: $*" >&2; }
die() { echo "build-test-image: ERROR: $*" >&2; exit 1; }

[ $# -le 1 ] || die "usage: $0 [OUTDIR]"
OUT="${1:-$HERE/.cache/image}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

# --- cache check: same script version and an intact image -> done ----------
stamp_of_sources() {
    (cd "$HERE" && sha256sum build-test-image.sh test-image/*) | sha256sum | cut -c1-16
}
STAMP="$(stamp_of_sources)"

image_is_valid() {
    local qcow="$OUT/$NAME.qcow2" json="$OUT/$NAME.json" st="$OUT/$NAME.stamp"
    [ -s "$qcow" ] && [ -s "$json" ] && [ -s "$st" ] || return 1
    [ "$(head -n1 "$st")" = "$STAMP" ] || return 1
    # size and sha512 must match the metadata
    local size sha
    size=$(stat -c %s "$qcow")
    grep -q "\"size\": $size," "$json" || return 1
    sha=$(sha512sum "$qcow" | cut -d' ' -f1)
    grep -q "\"os_hash_value\": \"$sha\"" "$json" || return 1
}

if image_is_valid; then
    log "up to date: $OUT/$NAME.qcow2 (stamp $STAMP)"
    exit 0
fi

# One builder per OUTDIR at a time; the second one finds the image built.
exec 9>"$OUT/.$NAME.lock"
flock 9
if image_is_valid; then
    log "up to date: $OUT/$NAME.qcow2 (built concurrently)"
    exit 0
fi

for tool in apt-get apt-cache dpkg-deb cpio gzip strings flock mkfs.vfat mcopy syslinux qemu-img md5sum sha512sum; do
    command -v "$tool" >/dev/null || die "$tool missing; run tools/install-libvirt.sh"
done
SYSLINUX_BIOS=/usr/lib/syslinux/modules/bios
[ -d "$SYSLINUX_BIOS" ] || die "$SYSLINUX_BIOS missing (package syslinux-common)"

T0=$(date +%s.%N)
mkdir -p "$CACHE"

# --- which kernel -----------------------------------------------------------
apt_updated=0
apt_update_once() {
    if [ "$apt_updated" = 0 ]; then
        log "apt-get update (package lists missing or stale)"
        if [ "$(id -u)" = 0 ]; then apt-get -q -o DPkg::Lock::Timeout=600 update >&2
        else sudo apt-get -q update >&2; fi
        apt_updated=1
    fi
}

pick_kernel() {
    local dep
    dep=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null \
          | sed -n 's/^ *Depends: \(linux-image-[0-9].*-cloud-amd64\)$/\1/p' | head -n1)
    if [ -z "$dep" ]; then
        dep=$(apt-cache pkgnames linux-image-6.1.0- 2>/dev/null \
              | grep -E '^linux-image-6\.1\.0-[0-9]+-cloud-amd64$' | sort -V | tail -n1)
    fi
    echo "$dep"
}

KPKG="${NOVA_LITE_TEST_KERNEL_PKG:-}"
if [ -z "$KPKG" ]; then
    KPKG=$(pick_kernel)
    if [ -z "$KPKG" ]; then apt_update_once; KPKG=$(pick_kernel); fi
    [ -n "$KPKG" ] || die "no linux-image-*-cloud-amd64 package known to apt"
fi
BBPKG=busybox-static

# --- download (cached) ------------------------------------------------------
APT_DL_OPTS=()
if [ "$(id -u)" = 0 ]; then APT_DL_OPTS=(-o APT::Sandbox::User=root); fi

# deb_for PKG -> path of the cached .deb of PKG's candidate version
deb_for() {
    local pkg=$1 ver deb
    ver=$(apt-cache policy "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: //p')
    if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
        apt_update_once
        ver=$(apt-cache policy "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: //p')
    fi
    if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
        # Offline with an empty apt cache: fall back to any cached download.
        deb=$(ls -1 "$CACHE/${pkg}_"*.deb 2>/dev/null | sort -V | tail -n1 || true)
        [ -n "$deb" ] || die "package $pkg unknown to apt and not in $CACHE"
        echo "$deb"; return
    fi
    deb="$CACHE/${pkg}_${ver//:/%3a}_amd64.deb"
    if [ ! -s "$deb" ]; then
        log "downloading $pkg=$ver"
        (cd "$CACHE" && apt-get download -q "${APT_DL_OPTS[@]}" "$pkg=$ver" >&2) || {
            apt_update_once
            (cd "$CACHE" && apt-get download -q "${APT_DL_OPTS[@]}" "$pkg=$ver" >&2)
        }
        [ -s "$deb" ] || deb=$(ls -1 "$CACHE/${pkg}_"*.deb | sort -V | tail -n1)
    fi
    echo "$deb"
}

KDEB=$(deb_for "$KPKG")
BBDEB=$(deb_for "$BBPKG")
log "kernel:  $(basename "$KDEB")"
log "busybox: $(basename "$BBDEB")"

# --- unpack -----------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/nova-lite-image.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
dpkg-deb -x "$KDEB" "$WORK/kernel"
dpkg-deb -x "$BBDEB" "$WORK/busybox"

VMLINUZ=$(ls -1 "$WORK"/kernel/boot/vmlinuz-* | head -n1)
[ -s "$VMLINUZ" ] || die "no vmlinuz in $KDEB"
KVER=${VMLINUZ##*/vmlinuz-}
MODDIR="$WORK/kernel/lib/modules/$KVER"
BUSYBOX="$WORK/busybox/bin/busybox"
[ -x "$BUSYBOX" ] || die "no static busybox in $BBDEB"

# --- initramfs --------------------------------------------------------------
ROOT="$WORK/initramfs"
mkdir -p "$ROOT"/{bin,dev,proc,sys,run,tmp,etc/acpi/PWRF,lib/modules,var}
ln -s ../run "$ROOT/var/run"
ln -s bin "$ROOT/sbin"
install -m 0755 "$BUSYBOX" "$ROOT/bin/busybox"
for applet in $("$BUSYBOX" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$ROOT/bin/$applet"
done
install -m 0755 "$SRC/init" "$ROOT/init"
install -m 0755 "$SRC/udhcpc.script" "$ROOT/etc/udhcpc.script"
install -m 0755 "$SRC/acpi-power-button" "$ROOT/etc/acpi/PWRF/00000080"

# Modules, in load order; every dependency must come earlier in the list.
: > "$ROOT/etc/modules"
loaded=" "
while read -r mod; do
    [ -n "$mod" ] || continue
    ko=$(find "$MODDIR" \( -name "$mod.ko" -o -name "$mod.ko.xz" -o -name "$mod.ko.zst" \) | head -n1)
    if [ -z "$ko" ]; then
        if grep -qE "/$mod\.ko" "$MODDIR/modules.builtin" 2>/dev/null; then
            log "module $mod is built into $KVER"; continue
        fi
        die "module $mod not found in $KPKG"
    fi
    case "$ko" in
        *.xz)  xz -dc "$ko" > "$ROOT/lib/modules/$mod.ko" ;;
        *.zst) zstd -qdc "$ko" > "$ROOT/lib/modules/$mod.ko" ;;
        *)     cp "$ko" "$ROOT/lib/modules/$mod.ko" ;;
    esac
    deps=$(strings "$ROOT/lib/modules/$mod.ko" 2>/dev/null | sed -n 's/^depends=//p' | tr ',' ' ' || true)
    for d in $deps; do
        case "$loaded" in *" $d "*) ;; *) die "module $mod needs $d, which is not loaded before it" ;; esac
    done
    loaded="$loaded$mod "
    echo "$mod" >> "$ROOT/etc/modules"
done < "$SRC/modules"

find "$ROOT" -exec touch -h -d "@$EPOCH" {} +
(cd "$ROOT" && find . -mindepth 1 | sort | cpio --quiet -o -H newc -R 0:0 --reproducible) \
    | gzip -9 -n > "$WORK/initrd.gz"

# --- FAT superfloppy with syslinux -----------------------------------------
RAW="$WORK/disk.raw"
cp "$VMLINUZ" "$WORK/vmlinuz"
cp "$SRC/syslinux.cfg" "$WORK/syslinux.cfg"
touch -d "@$EPOCH" "$WORK/vmlinuz" "$WORK/initrd.gz" "$WORK/syslinux.cfg"
payload_kb=$(( ( $(stat -c %s "$WORK/vmlinuz") + $(stat -c %s "$WORK/initrd.gz") ) / 1024 ))
size_kb=$(( (payload_kb + 2048 + 1023) / 1024 * 1024 ))   # +2 MiB, whole MiB
mkfs.vfat -C --invariant -i 4e4c5454 -n NOVALITE "$RAW" "$size_kb" >/dev/null
export MTOOLS_SKIP_CHECK=1
mcopy -m -i "$RAW" "$WORK/vmlinuz" "$WORK/initrd.gz" "$WORK/syslinux.cfg" ::/
syslinux --install "$RAW"

# --- qcow2 + metadata -------------------------------------------------------
TMPQ="$OUT/.$NAME.qcow2.tmp"
qemu-img convert -q -f raw -O qcow2 -c "$RAW" "$TMPQ"
size=$(stat -c %s "$TMPQ")
md5=$(md5sum "$TMPQ" | cut -d' ' -f1)
sha=$(sha512sum "$TMPQ" | cut -d' ' -f1)
vsize=$(qemu-img info --output=json "$TMPQ" | sed -n 's/.*"virtual-size": \([0-9]*\).*/\1/p' | head -n1)
cat > "$OUT/.$NAME.json.tmp" <<JSON
{
    "name": "$NAME",
    "disk_format": "qcow2",
    "container_format": "bare",
    "min_ram": 96,
    "min_disk": 1,
    "size": $size,
    "virtual_size": $vsize,
    "checksum": "$md5",
    "os_hash_algo": "sha512",
    "os_hash_value": "$sha",
    "properties": {
        "hw_disk_bus": "virtio",
        "hw_vif_model": "virtio",
        "os_type": "linux"
    }
}
JSON
rm -f "$OUT/$NAME.stamp"
mv -f "$TMPQ" "$OUT/$NAME.qcow2"
mv -f "$OUT/.$NAME.json.tmp" "$OUT/$NAME.json"
printf '%s\nkernel=%s\nbusybox=%s\n' "$STAMP" "$(basename "$KDEB")" "$(basename "$BBDEB")" \
    > "$OUT/$NAME.stamp"

T1=$(date +%s.%N)
log "built $OUT/$NAME.qcow2: $size bytes (virtual $vsize), kernel $KVER, $(awk "BEGIN{printf \"%.1f\", $T1-$T0}") s"
