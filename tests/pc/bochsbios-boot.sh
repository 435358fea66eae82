#!/bin/sh
# The Bochs BIOS runs its POST (and its 32-bit part, rombios32) on the PC
# machine and, with an all-zero floppy as the only boot device, panics
# with "No bootable device" on its log ports and halts with interrupts
# off, which ends the run.
. "$(dirname "$0")/common.sh"
[ -r /usr/share/bochs/BIOS-bochs-latest ] || [ -n "${GLASSPC_FIRMWARE_PATH:-}" ] || missing "bochsbios not installed"
empty_floppy "$tmp/empty.img"
"$glasspc" --cpu pentium --bios bochs --display none --debugcon stdio --fda "$tmp/empty.img" --boot a \
	--max-insns 1000000000 >"$tmp/console" 2>"$tmp/stderr"
status=$?
cat "$tmp/stderr"
[ $status -eq 0 ] || fail "exit status $status"
grep -q "Starting rombios32" "$tmp/console" || fail "rombios32 did not start"
grep -q "vendor_id=0x8086 device_id=0x7113" "$tmp/console" || fail "the PIIX4 PM function was not found"
grep -q "^glasspc: BIOS panic: No bootable device" "$tmp/stderr" || fail "no 'No bootable device' panic"
grep -q "halted with interrupts disabled" "$tmp/stderr" || fail "the BIOS did not halt"
