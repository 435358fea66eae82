#!/bin/sh
# The shared FreeDOS floppy, untouched (--snapshot), to its A:\> prompt
# on the text screen, under SeaBIOS and under the Bochs BIOS.
. "$(dirname "$0")/lib.sh"
guest=$SHARED/guests/freedos-8086tiny-1440k.img
[ -f "$guest" ] || missing "no $guest"
# Both BIOSes boot it (the issue's proof: SeaBIOS and the Bochs BIOS).
for bios in seabios bochs; do
	"$GLASSPC" --display none --cpu $CPU --bios $bios --debugcon none -q --max-insns 800000000 --snapshot \
		--screen-text "$work/screen-$bios.txt" --fda "$guest" > "$work/out-$bios" 2>&1
	if ! grep -q 'A:\\>' "$work/screen-$bios.txt"; then
		echo "not ok: no A:\\> prompt with $bios; the screen was:"
		cat "$work/screen-$bios.txt"
		tail -3 "$work/out-$bios"
		exit 1
	fi
	echo "ok: FreeDOS reached A:\\> with $bios"
done
exit 0
