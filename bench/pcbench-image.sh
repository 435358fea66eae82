#!/bin/sh
# Builds a 1.44 MB floppy image of the full-system benchmark:
#   pcbench-image.sh NASM BOOT.asm PAYLOAD.bin OUT.img [nasm -D options]
# the boot sector (assembled with the options: -DROUNDS=n, -DBOOT_ONLY=1;
# it loads as many sectors as the payload fills)
# in sector 0, the payload from sector 1 on, zeros after.
set -e
nasm=$1 boot=$2 payload=$3 out=$4
shift 4
size=$(wc -c <"$payload")
"$nasm" -f bin -DPAYLOAD_SECTORS=$(((size + 511) / 512)) "$@" -o "$out.boot" "$boot"
dd if=/dev/zero of="$out.tmp" bs=1024 count=1440 2>/dev/null
dd if="$out.boot" of="$out.tmp" conv=notrunc 2>/dev/null
dd if="$payload" of="$out.tmp" bs=512 seek=1 conv=notrunc 2>/dev/null
rm -f "$out.boot"
mv "$out.tmp" "$out"
