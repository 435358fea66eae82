#!/bin/sh
# A missing or truncated BIOS image is a one-line error naming what to
# install; a BIOS file must come in 64 KiB pieces.
. "$(dirname "$0")/common.sh"
empty_floppy "$tmp/empty.img"
run() {
	"$glasspc" --cpu pentium --display none --debugcon none --fda "$tmp/empty.img" "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	cat "$tmp/err"
	[ $status -eq 2 ] || fail "exit status $status for $*"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "not one line for $*"
}
mkdir "$tmp/fw"
GLASSPC_FIRMWARE_PATH="$tmp/fw" run
grep -q "install the Debian package 'seabios'" "$tmp/err" || fail "missing SeaBIOS: no package named"
GLASSPC_FIRMWARE_PATH="$tmp/fw" run --bios bochs
grep -q "install the Debian package 'bochsbios'" "$tmp/err" || fail "missing Bochs BIOS: no package named"
head -c 100000 /dev/zero >"$tmp/fw/bios.bin"
GLASSPC_FIRMWARE_PATH="$tmp/fw" run
grep -q "truncated.*reinstall the Debian package 'seabios'" "$tmp/err" || fail "truncated SeaBIOS not reported"
head -c 3000 /dev/zero >"$tmp/short.rom"
run --bios "$tmp/short.rom"
grep -q "multiple of 64 KiB" "$tmp/err" || fail "a 3000-byte BIOS file was accepted"
