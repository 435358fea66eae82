#!/bin/sh
# make check: runs one protected-mode test ROM on the bare machine and
# compares what it prints on the debug console (port 0xE9) with the
# expected output written from the Intel SDM.
#
#   run.sh SRCDIR/tests/pmode/NAME.CPU.expected
#
# runs ./tests/pmode/NAME.bin (built by make from NAME.asm) with
# --cpu CPU.  The exit status must be 0 unless NAME.asm has a line
# ";! exit N"; every line ";! stderr TEXT" of NAME.asm must appear, as a
# whole line, on glasspc's standard error.  Prints the differences and
# exits 1 on failure; 99 when something is missing.
expected=$1
if [ ! -f "$expected" ]; then
	echo "run.sh: no expected-output file '$expected'" >&2
	exit 99
fi
base=$(basename "$expected" .expected)
name=${base%%.*}
cpu=${base#*.}
asm=$(dirname "$expected")/$name.asm
rom=${PMODE_BUILDDIR:-tests/pmode}/$name.bin
glasspc=${GLASSPC:-./glasspc}
for f in "$asm" "$rom" "$glasspc"; do
	if [ ! -f "$f" ]; then
		echo "run.sh: '$f' is missing" >&2
		exit 99
	fi
done

want_status=$(sed -n 's/^;! exit \([0-9][0-9]*\).*/\1/p' "$asm" | head -n 1)
want_status=${want_status:-0}
tmp=${TMPDIR:-/tmp}/glasspc-pmode.$$
mkdir "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT

echo "glasspc --machine bare --rom $rom --cpu $cpu -q"
"$glasspc" --machine bare --rom "$rom" --cpu "$cpu" -q --max-insns 50000000 \
	>"$tmp/out" 2>"$tmp/err"
status=$?
fail=0
if ! diff -u "$expected" "$tmp/out" >"$tmp/diff"; then
	echo "FAIL: the output differs from $expected (- expected, + glasspc):"
	cat "$tmp/diff"
	fail=1
fi
if [ "$status" != "$want_status" ]; then
	echo "FAIL: exit status $status, expected $want_status"
	fail=1
fi
sed -n 's/^;! stderr //p' "$asm" >"$tmp/want_err"
while IFS= read -r line; do
	if ! grep -qxF -e "$line" "$tmp/err"; then
		echo "FAIL: standard error lacks the line: $line"
		fail=1
	fi
done <"$tmp/want_err"
if [ -s "$tmp/err" ]; then
	echo "standard error:"
	cat "$tmp/err"
fi
[ "$fail" = 0 ] && echo "PASS: $base"
exit "$fail"
