#!/bin/sh
# An ISOLINUX CD made with xorriso, as ata1 master (--cdrom), booted by
# SeaBIOS and the Bochs BIOS through El Torito: every byte after the
# BIOS comes in by ATAPI PACKET commands (READ(10) of 2048-byte blocks).
. "$(dirname "$0")/lib.sh"
need xorriso
isolinux=/usr/lib/ISOLINUX/isolinux.bin
[ -f "$isolinux" ] || missing "no $isolinux (isolinux)"
[ -d "$SYSLINUX_MODULES" ] || missing "no $SYSLINUX_MODULES (syslinux-common)"

tree=$work/tree
mkdir -p "$tree/isolinux"
cp "$isolinux" "$SYSLINUX_MODULES/ldlinux.c32" "$SYSLINUX_MODULES/cat.c32" "$SYSLINUX_MODULES/libcom32.c32" \
	"$SYSLINUX_MODULES/libutil.c32" "$tree/isolinux/" || fail "cp"
syslinux_config
cp "$work/syslinux.cfg" "$tree/isolinux/isolinux.cfg"
printf 'ISOLINUX-CD-OK\r\n' > "$tree/isolinux/msg.txt"
xorriso -as mkisofs -quiet -o "$work/cd.iso" -b isolinux/isolinux.bin -c isolinux/boot.cat \
	-no-emul-boot -boot-load-size 4 -boot-info-table "$tree" 2>/dev/null || fail "xorriso"

failed=0
for bios in seabios bochs; do
	if boot "cd-$bios" ISOLINUX-CD-OK --bios $bios --cdrom "$work/cd.iso"; then
		echo "ok: ISOLINUX CD with $bios"
	else
		echo "not ok: ISOLINUX CD with $bios"
		failed=1
	fi
	stop_guest
done
exit $failed
