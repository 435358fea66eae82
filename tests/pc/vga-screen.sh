#!/bin/sh
# The VGA BIOSes on the PC machine, read back from the screen: SeaBIOS
# with its VGA BIOS, and the Bochs BIOS with the LGPL VGABIOS, boot an
# all-zero floppy headless; --screen-text must show their banners and
# "No bootable device", --screenshot a 720x400 PNG of text mode 3.
# Skipped until the program has both options.
. "$(dirname "$0")/common.sh"
empty_floppy "$tmp/empty.img"

# Width and height from a PNG's IHDR chunk (bytes 16-23, big-endian).
png_size() {
	od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d\n", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }'
}

boot() { # $1: name, then glasspc options
	name=$1
	shift
	"$glasspc" --cpu pentium --display none --debugcon none --fda "$tmp/empty.img" --boot a \
		--max-insns 1000000000 --screen-text "$tmp/$name.txt" --screenshot "$tmp/$name.png" "$@" \
		>/dev/null 2>"$tmp/$name.stderr"
	[ -s "$tmp/$name.png" ] || { cat "$tmp/$name.stderr"; fail "$name: no screenshot"; }
	[ "$(png_size "$tmp/$name.png")" = 720x400 ] || fail "$name: screenshot is $(png_size "$tmp/$name.png"), not 720x400"
	echo "---- $name screen"
	cat "$tmp/$name.txt"
}

if [ -r /usr/share/seabios/bios.bin ] && [ -r /usr/share/seabios/vgabios-stdvga.bin ]; then
	boot seabios
	grep -q "^SeaBIOS (version" "$tmp/seabios.txt" || fail "no SeaBIOS banner on the screen"
	grep -q "No bootable device" "$tmp/seabios.txt" || fail "no 'No bootable device' on the screen"
fi
if [ -r /usr/share/bochs/BIOS-bochs-latest ] && [ -r /usr/share/vgabios/vgabios.bin ]; then
	boot bochs --bios bochs
	grep -q "Bochs VGABios" "$tmp/bochs.txt" || fail "no LGPL VGABIOS banner on the screen"
	grep -q "Bochs .* BIOS - build" "$tmp/bochs.txt" || fail "no Bochs BIOS banner on the screen"
fi
exit 0
