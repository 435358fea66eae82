#!/bin/sh
# The shared FreeDOS floppy, untouched (--snapshot), to its A:\> prompt
# on the text screen, with "no hard disks detected" before it.
. "$(dirname "$0")/lib.sh"
guest=$SHARED/guests/freedos-8086tiny-1440k.img
[ -f "$guest" ] || skip "no $guest"
"$GLASSPC" --help 2>&1 | grep -q -- --screen-text || skip "glasspc has no --screen-text"
"$GLASSPC" --display none --cpu $CPU --debugcon none -q --max-insns 800000000 --snapshot \
	--screen-text "$work/screen.txt" --fda "$guest" > "$work/out" 2>&1
if grep -q 'A:\\>' "$work/screen.txt"; then
	echo "ok: FreeDOS reached A:\\>"
	exit 0
fi
echo "not ok: no A:\\> prompt; the screen was:"
cat "$work/screen.txt"
tail -3 "$work/out"
exit 1
