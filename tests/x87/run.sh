#!/bin/sh
# make check: runs the x87 guest test ROM on the bare machine and compares
# what it prints on the debug console (port 0xE9) with the output the
# Intel SDM and exact arithmetic say it must print.
#
#   tests/x87/run.sh            (from the build directory; srcdir from make)
#
# For each NAME.CPU.expected below, runs tests/x87/NAME.bin (built by make
# from NAME.asm) with --cpu CPU.  Prints the differences and exits 1 on
# failure; 99 when something is missing.
srcdir=${srcdir:-.}
glasspc=${GLASSPC:-./glasspc}
tmp=${TMPDIR:-/tmp}/glasspc-x87.$$
mkdir "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
for expected in "$srcdir"/tests/x87/x87.p6.expected; do
	base=$(basename "$expected" .expected)
	name=${base%%.*}
	cpu=${base#*.}
	rom=tests/x87/$name.bin
	for f in "$expected" "$rom" "$glasspc"; do
		if [ ! -f "$f" ]; then
			echo "run.sh: '$f' is missing" >&2
			exit 99
		fi
	done
	echo "glasspc --machine bare --rom $rom --cpu $cpu -q"
	"$glasspc" --machine bare --rom "$rom" --cpu "$cpu" -q --max-insns 10000000 >"$tmp/out" 2>"$tmp/err"
	status=$?
	if ! diff -u "$expected" "$tmp/out"; then
		echo "FAIL: $base: the output differs (- expected, + glasspc)"
		fail=1
	elif [ "$status" != 0 ]; then
		echo "FAIL: $base: exit status $status"
		cat "$tmp/err"
		fail=1
	else
		echo "PASS: $base"
	fi
done
exit "$fail"
