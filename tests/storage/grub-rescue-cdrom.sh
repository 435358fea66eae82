#!/bin/sh
# grub-rescue-pc's CD: SeaBIOS boots it through El Torito and GRUB, which
# reads its modules and configuration from the CD with the BIOS's ATAPI
# driver, shows its menu on the text screen.
. "$(dirname "$0")/lib.sh"
iso=/usr/lib/grub-rescue/grub-rescue-cdrom.iso
[ -f "$iso" ] || missing "no $iso (grub-rescue-pc)"
"$GLASSPC" --display none --cpu $CPU --debugcon none -q --max-insns 1500000000 \
	--screen-text "$work/screen.txt" --cdrom "$iso" > "$work/out" 2>&1
if grep -q "GNU GRUB" "$work/screen.txt"; then
	echo "ok: GRUB's menu from the CD"
	exit 0
fi
echo "not ok: no GRUB menu; the screen was:"
cat "$work/screen.txt"
tail -3 "$work/out"
exit 1
