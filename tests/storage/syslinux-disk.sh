#!/bin/sh
# A partitioned hard disk (MBR, FAT16 partition at 1 MiB) with SYSLINUX,
# as ata0 master and as ata1 slave, booted by SeaBIOS and the Bochs BIOS:
# everything after the MBR is read through the ATA channel.  Also: the
# disk image is locked while glasspc runs, and read-only users share it.
. "$(dirname "$0")/lib.sh"
need mkfs.fat mcopy syslinux sfdisk
[ -d "$SYSLINUX_MODULES" ] || missing "no $SYSLINUX_MODULES (syslinux-common)"
mbr=/usr/lib/syslinux/mbr/mbr.bin
[ -f "$mbr" ] || missing "no $mbr"

img=$work/disk.img
truncate -s 32M "$img" || fail "truncate"
echo 'start=2048, type=6, bootable' | sfdisk -q "$img" || fail "sfdisk"
mkfs.fat -F 16 --offset 2048 -n GLASSPC "$img" >/dev/null || fail "mkfs.fat"
syslinux --offset $((2048 * 512)) --install "$img" || fail "syslinux"
dd if="$mbr" of="$img" conv=notrunc bs=440 count=1 2>/dev/null || fail "dd"
syslinux_files "$img@@1M" "SYSLINUX-DISK-OK"

failed=0
for bios in seabios bochs; do
	if boot "hda-$bios" SYSLINUX-DISK-OK --bios $bios --hda "$img"; then
		echo "ok: disk as ata0 master with $bios"
	else
		echo "not ok: disk as ata0 master with $bios"
		failed=1
	fi
	stop_guest
done

# The secondary channel's slave, booted by SeaBIOS.
if boot hdd-seabios SYSLINUX-DISK-OK --hdd "$img" --boot c; then
	echo "ok: disk as ata1 slave"
else
	echo "not ok: disk as ata1 slave"
	failed=1
fi
stop_guest

# While one glasspc has the image read-write, a second one refuses it
# with a line naming the file.
if boot lock SYSLINUX-DISK-OK --hda "$img"; then
	if "$GLASSPC" --display none --cpu $CPU --max-insns 1000 --hda "$img" > "$work/second.out" 2> "$work/second.err"; then
		echo "not ok: a second glasspc opened the locked image"
		failed=1
	elif grep -q "$img" "$work/second.err" && grep -qi "lock" "$work/second.err"; then
		echo "ok: locked: $(grep -i lock "$work/second.err" | head -1)"
	else
		echo "not ok: unclear refusal:"
		cat "$work/second.err"
		failed=1
	fi
else
	failed=1
fi
stop_guest

# --snapshot users share the image (read-only, with private overlays).
if boot shared1 SYSLINUX-DISK-OK --snapshot --hda "$img"; then
	first=$pid
	if boot shared2 SYSLINUX-DISK-OK --snapshot --hda "$img"; then
		echo "ok: two --snapshot users share the image"
	else
		failed=1
	fi
	stop_guest
	kill "$first" 2>/dev/null
	wait "$first" 2>/dev/null
else
	failed=1
fi
exit $failed
