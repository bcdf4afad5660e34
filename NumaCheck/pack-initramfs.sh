#!/usr/bin/env bash
# Packs the guest's initramfs: a static busybox, the release gemmbench with every
# library `ldd` names (at the same paths, so the guest needs no LD_LIBRARY_PATH),
# the static page-nodes query tool, and the guest scripts (/init, the matrix).
#
# Usage: NumaCheck/pack-initramfs.sh BINARY OUT.cpio
# The archive is left uncompressed: the kernel would spend longer inflating it
# under emulation (TCG) than reading 60 MB from the host.
set -euo pipefail
binary=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(mktemp -d "${TMPDIR:-/tmp}/numa-initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,root,numacheck/bin}
cp /bin/busybox "$root/bin/busybox"
# busybox --install would need the guest's /proc; make the applet links here.
for applet in $("$root/bin/busybox" --list); do
    [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done

cp "$binary" "$root/numacheck/bin/gemmbench"
# Every shared library the binary loads, at the path the loader will look for it.
ldd "$binary" | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }' | while read -r lib; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
done

gcc -static -O2 -Wall -o "$root/numacheck/bin/page-nodes" "$here/page-nodes.c"
cp "$here/guest/init" "$root/init"
cp "$here"/guest/*.sh "$root/numacheck/"
cp "$here/guest/gemmbench-keep" "$root/numacheck/bin/"
chmod +x "$root/init" "$root"/numacheck/*.sh "$root/numacheck/bin/gemmbench-keep"

(cd "$root" && find . -print0 | cpio --null --create --format=newc --quiet) > "$out"
