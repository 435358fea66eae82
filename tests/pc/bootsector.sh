#!/bin/sh
# The PC boots a boot sector of ours from a floppy with SeaBIOS and with
# the Bochs BIOS; it prints through INT 10h (checked on the text screen),
# COM1 (checked in the serial file) and INT 17h to LPT1 (checked in the
# printer file) and exits through port 0xF4 with
# status 67.  Then a bochsrc describing the same machine boots it the same
# way, and a bochsrc with a bad line fails naming FILE:LINE.
. "${srcdir:-.}/tests/pc/common.sh"
sector=$tmp/bootsector.bin
"${NASM:-nasm}" -f bin -o "$sector" "$here/bootsector.asm" || fail "cannot assemble bootsector.asm (nasm: ./bootstrap installs it)"
img=$tmp/floppy.img
dd if=/dev/zero of="$img" bs=1024 count=1440 2>/dev/null
dd if="$sector" of="$img" conv=notrunc 2>/dev/null
want="glasspc boot sector: hello through INT 10h and COM1"

check_run() { # name, then glasspc's arguments
	name=$1
	shift
	: >"$tmp/$name.com1"
	"$glasspc" --display none --debugcon none --max-insns 2000000000 \
		--screen-text "$tmp/$name.screen" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	status=$?
	[ "$status" = 67 ] || { cat "$tmp/$name.err"; fail "$name: exit status $status, want 67"; }
	tr -d '\r' <"$tmp/$name.com1" | grep -qx "$want" || fail "$name: COM1 lacks the line: $(cat "$tmp/$name.com1")"
	grep -q "$want" "$tmp/$name.screen" || { cat "$tmp/$name.screen"; fail "$name: the screen lacks the line"; }
	if [ -f "$tmp/$name.lpt" ]; then
		tr -d '\r' <"$tmp/$name.lpt" | grep -qx "$want" || fail "$name: LPT1 lacks the line: $(cat "$tmp/$name.lpt")"
	fi
	echo "ok: $name"
}

: >"$tmp/seabios.lpt"
: >"$tmp/bochs.lpt"
check_run seabios --bios seabios --serial "file:$tmp/seabios.com1" --parallel "file:$tmp/seabios.lpt" --fda "$img" --boot a
check_run bochs --bios bochs --serial "file:$tmp/bochs.com1" --parallel "file:$tmp/bochs.lpt" --fda "$img" --boot a

cat >"$tmp/bochsrc" <<EOT
# the same machine as the first run
megs: 16
cpu: model=p6
romimage: file=/usr/share/seabios/bios.bin
floppya: 1_44="$img", status=inserted
boot: floppy
com1: enabled=1, mode=file, dev=$tmp/bochsrc.com1
EOT
check_run bochsrc -f "$tmp/bochsrc"
cmp -s "$tmp/seabios.com1" "$tmp/bochsrc.com1" || fail "the bochsrc run's COM1 differs from the command line's"
cmp -s "$tmp/seabios.screen" "$tmp/bochsrc.screen" || fail "the bochsrc run's screen differs from the command line's"

printf 'megs: 16\nfloppya: 1_44=%s, status=inserted\nthis is not a directive\n' "$img" >"$tmp/bad.bochsrc"
"$glasspc" --display none -f "$tmp/bad.bochsrc" >"$tmp/bad.out" 2>"$tmp/bad.err"
status=$?
[ "$status" = 2 ] || fail "a bad bochsrc line: exit status $status, want 2"
grep -q "bad.bochsrc:3:" "$tmp/bad.err" || fail "a bad bochsrc line is not named as FILE:3: $(cat "$tmp/bad.err")"
echo "ok: bad bochsrc line reported as $(head -1 "$tmp/bad.err")"
exit 0
