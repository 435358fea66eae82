#!/bin/sh
# The full-system benchmark's guest, with a few rounds of work (no timing:
# speed is for `make bench`): SeaBIOS boots it from a floppy, it runs the
# integer mix with paging off and on, prints both checksums on COM1 and
# powers the PC off.  The line must be the one the host computes
# (bench/pcbench-ref), and --bench-report must have seen the boot mark,
# both phases and the end.
glasspc=${GLASSPC:-./glasspc}
img=bench/pcbench-check.img
tmp=$(mktemp -d "${TMPDIR:-/tmp}/glasspc-pcbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() {
	echo "FAIL: $*"
	exit 1
}
rounds=$(sed -n 's/^PCBENCH_CHECK_ROUNDS = //p' Makefile)
[ -n "$rounds" ] || fail "no PCBENCH_CHECK_ROUNDS in the Makefile"
expected=$(./bench/pcbench-ref "$rounds") || fail "bench/pcbench-ref failed"
echo "reference: $expected"
"$glasspc" --display none --debugcon none --serial "file:$tmp/com1" --fda "$img" --boot a \
	--max-insns 2G -q --bench-report >"$tmp/out" 2>"$tmp/err"
status=$?
cat "$tmp/err"
[ "$status" = 0 ] || fail "exit status $status, want 0 (powered off)"
got=$(tr -d '\r' <"$tmp/com1")
[ "$got" = "$expected" ] || fail "COM1 says '$got', the reference '$expected'"
grep -q '^glasspc: bench: boot sector reached after [1-9][0-9]* instructions' "$tmp/err" || fail "no boot mark"
for phase in 1 2; do
	grep -q "^glasspc: bench: phase $phase: [1-9][0-9]* instructions" "$tmp/err" || fail "no phase $phase"
done
grep -q '^glasspc: bench: work: [1-9][0-9]* instructions' "$tmp/err" || fail "no work line"
! grep -q 'unfinished' "$tmp/err" || fail "a phase did not end"
echo "ok: $got"
