#!/bin/sh
# The board with tiny BIOS images of our own (tests/pc/*.asm): the test
# exit port, a triple fault, virtual time with HLT, the resets, x87
# errors through IRQ 13, ACPI power-off.
. "$(dirname "$0")/common.sh"
for rom in exit triple timer resets ferr poweroff; do test_rom $rom; done
empty_floppy "$tmp/empty.img"
run() {
	rom=$1
	shift
	"$glasspc" --bios "$tmp/$rom.rom" --display none --debugcon none --fda "$tmp/empty.img" \
		--max-insns 200000000 "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	cat "$tmp/err"
}
run exit -q
[ $status -eq 67 ] || fail "exit port: status $status, not 67"
run triple
[ $status -eq 4 ] || fail "triple fault: status $status, not 4"
grep -q "triple fault" "$tmp/err" || fail "triple fault not reported"
echo "cpu: reset_on_triple_fault=1" >"$tmp/bochsrc"
run triple -q -f "$tmp/bochsrc"
[ $status -eq 103 ] || fail "triple fault with reset_on_triple_fault: status $status, not 103"
run timer
[ $status -eq 85 ] || fail "timer: status $status, not 85"
# 1000 ticks 1193 PIT clocks apart, halted in between: the first tick
# comes at once (the mode 2 control word raises OUT0), the other 999
# take 0.99885 s of guest time, the same on every run.
grep -q " 0.999 s of guest time" "$tmp/err" || fail "1000 ticks at 1 kHz did not take 0.999 s of guest time"
run timer -q --realtime
[ $status -eq 85 ] || fail "timer in real time: status $status, not 85"
run resets -q
[ $status -eq 9 ] || fail "resets: status $status, not 9"
run ferr -q --cpu 486
[ $status -eq 39 ] || fail "x87 error through IRQ 13: status $status, not 39"
run poweroff
[ $status -eq 0 ] || fail "ACPI power-off: status $status, not 0"
grep -q "^glasspc: powered off" "$tmp/err" || fail "ACPI power-off not reported"
