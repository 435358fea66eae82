#!/bin/sh
# SeaBIOS runs its whole POST on the PC machine and, with an all-zero
# floppy as the only boot device, ends on "No bootable device".  A
# billion instructions are 20 s of guest time at the default rate: past
# the POST, the boot menu's 2.5 s and the boot attempts, and before
# SeaBIOS's retry 60 s later.  (No host time is asserted: that is for
# the report.)
. "$(dirname "$0")/common.sh"
[ -r /usr/share/seabios/bios.bin ] || [ -n "${GLASSPC_FIRMWARE_PATH:-}" ] || missing "SeaBIOS not installed"
empty_floppy "$tmp/empty.img"
"$glasspc" --cpu pentium --display none --debugcon stdio --fda "$tmp/empty.img" --boot a \
	--max-insns 1000000000 >"$tmp/console" 2>"$tmp/stderr"
status=$?
cat "$tmp/stderr"
[ $status -eq 0 ] || fail "exit status $status"
grep -q "^SeaBIOS (version" "$tmp/console" || fail "no SeaBIOS banner on the debug console"
# What the POST found on the board.
for line in "Found 5 PCI devices" "init bdf=00:00.0 id=8086:1237" "init bdf=00:01.0 id=8086:7000" \
	"init bdf=00:01.1 id=8086:7010" "init bdf=00:01.3 id=8086:7113" "init bdf=00:02.0 id=1234:1111" \
	"Using pmtimer, ioport 0xb008" \
	"RamSize: 0x01000000 [cmos]" "PS2 keyboard initialized" "Press ESC for boot menu"; do
	grep -qF "$line" "$tmp/console" || fail "the log lacks '$line'"
done
last=$(grep -v '^[[:space:]]*$' "$tmp/console" | tail -n 1)
case "$last" in
"No bootable device."*) echo "last line: $last" ;;
*) fail "the log ends with '$last', not 'No bootable device'" ;;
esac
grep -q "reached the --max-insns limit" "$tmp/stderr" || fail "not stopped by the instruction limit"
