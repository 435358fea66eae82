#!/bin/sh
# make check: a 386 has no FPU unless --fpu 387 fits one, and its guest
# detection code sees exactly that (tests/x87/detect.asm).  The 486 has
# its FPU built in.
glasspc=${GLASSPC:-./glasspc}
rom=tests/x87/detect.bin
[ -f "$rom" ] || { echo "FAIL: $rom is missing (built by make check)"; exit 1; }
fail=0
check() {
	expected=$1
	shift
	out=$("$glasspc" --machine bare --rom "$rom" -q --max-insns 100000 "$@" 2>&1)
	if [ "$out" = "$expected" ]; then
		echo "PASS: $* -> $out"
	else
		echo "FAIL: $*: expected '$expected', got '$out'"
		fail=1
	fi
}
check "status=5A5A ET=0" --cpu 386
check "status=5A5A ET=0" --cpu 386 --fpu none
check "status=0000 ET=1" --cpu 386 --fpu 387
check "status=0000 ET=1" --cpu 486
if "$glasspc" --machine bare --rom "$rom" --cpu 486 --fpu 387 >/dev/null 2>&1; then
	echo "FAIL: --fpu 387 accepted with --cpu 486"
	fail=1
fi
exit $fail
