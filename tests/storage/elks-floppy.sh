#!/bin/sh
# ELKS from the shared floppy: its kernel and shell come in through the
# BIOS and the floppy controller; the end state is a shell prompt (or
# the login prompt) on the text screen.
. "$(dirname "$0")/lib.sh"
guest=$SHARED/guests/elks-0.6-1440k.img
[ -f "$guest" ] || missing "no $guest"
"$GLASSPC" --display none --cpu $CPU --debugcon none -q --max-insns 1500000000 --snapshot \
	--screen-text "$work/screen.txt" --fda "$guest" > "$work/out" 2>&1
if grep -q -e '# *$' -e 'login:' "$work/screen.txt"; then
	echo "ok: ELKS reached its prompt"
	exit 0
fi
echo "not ok: no ELKS prompt; the screen was:"
cat "$work/screen.txt"
tail -3 "$work/out"
exit 1
