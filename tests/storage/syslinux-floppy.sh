#!/bin/sh
# SYSLINUX floppies of every drive type, made with dosfstools, mtools and
# syslinux, booted by SeaBIOS and the Bochs BIOS: the boot sector, then
# ldlinux and a COM32 module read through the floppy controller (DMA
# channel 2, IRQ 6), with the BIOS finding the data rate.
. "$(dirname "$0")/lib.sh"
need mkfs.fat mcopy syslinux
[ -d "$SYSLINUX_MODULES" ] || missing "no $SYSLINUX_MODULES (syslinux-common)"

failed=0
for kib in 360 720 1200 1440 2880; do
	img=$work/floppy-$kib.img
	mkfs.fat -C "$img" $kib >/dev/null || fail "mkfs.fat $kib"
	syslinux --install "$img" || fail "syslinux $kib"
	marker="FLOPPY-$kib-OK"
	if [ $kib = 360 ]; then
		# No room for the COM32 modules: SYSLINUX's complaint about
		# the configuration shows that ldlinux.sys, ldlinux.c32 and
		# syslinux.cfg came in.
		printf 'SERIAL 0 9600\nPROMPT 0\n' > "$work/syslinux.cfg"
		mcopy -o -i "$img" "$work/syslinux.cfg" ::syslinux.cfg || fail "mcopy"
		marker="No DEFAULT or UI configuration"
	else
		syslinux_files "$img" "$marker"
	fi
	for bios in seabios bochs; do
		if boot "fd$kib-$bios" "$marker" --bios $bios --fda "$img"; then
			echo "ok: $kib K floppy with $bios"
		else
			echo "not ok: $kib K floppy with $bios"
			failed=1
		fi
		stop_guest
	done
done
exit $failed
