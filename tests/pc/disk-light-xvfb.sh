#!/bin/sh
# The window's status line lights DISK while the guest reads the floppy:
# under Xvfb, a boot sector that reads its sector through INT 13h over and
# over keeps the light on, one that idles after booting leaves it off.
# The window is read back with xwd and status_light looks at the status
# line's pixels.
. "${srcdir:-.}/tests/pc/common.sh"
status_light=${STATUS_LIGHT:-./tests/pc/status_light}

if [ "${1:-}" = --in-xvfb ]; then
	dir=$2
	for name in busy idle; do
		"$glasspc" --display sdl --debugcon none --serial "file:$dir/$name.com1" -q --fda "$dir/$name.img" \
			--boot a 2>"$dir/$name.err" &
		pid=$!
		i=0
		until grep -q ready "$dir/$name.com1" 2>/dev/null; do
			kill -0 "$pid" 2>/dev/null || { echo "$name: glasspc ended before booting"; exit 1; }
			i=$((i + 1))
			[ "$i" -le 1200 ] || { echo "$name: not booted within 120 s"; kill "$pid"; exit 1; }
			sleep 0.1
		done
		# The line refreshes twice a second: after 1.5 s it shows
		# the last half second only.
		sleep 1.5
		window=$(timeout 60 xdotool search --sync --name '^glasspc' | head -1)
		xwd -silent -id "$window" >"$dir/$name.xwd" || { echo "$name: xwd failed"; kill "$pid"; exit 1; }
		kill -TERM "$pid"
		wait "$pid"
	done
	exit 0
fi

command -v xvfb-run >/dev/null || fail "xvfb-run not installed (Debian package xvfb; ./bootstrap installs it)"
command -v xdotool >/dev/null || fail "xdotool not installed (Debian package xdotool; ./bootstrap installs it)"
command -v xwd >/dev/null || fail "xwd not installed (Debian package x11-apps; ./bootstrap installs it)"
for name in busy idle; do
	flag=
	[ "$name" = busy ] && flag=-DREAD_FOREVER
	"${NASM:-nasm}" -f bin $flag -o "$tmp/$name.bin" "$here/diskloop.asm" || fail "cannot assemble diskloop.asm"
	empty_floppy "$tmp/$name.img"
	dd if="$tmp/$name.bin" of="$tmp/$name.img" conv=notrunc 2>/dev/null
	: >"$tmp/$name.com1"
done
# A display number of its own (-n): tests run in parallel (make check -j2)
# and two xvfb-run -a starting together can pick the same server.
xvfb-run -a -n 130 -s "-screen 0 1024x768x24" sh "$0" --in-xvfb "$tmp" >"$tmp/inner.log" 2>&1 ||
	{ cat "$tmp/inner.log" "$tmp/busy.err" "$tmp/idle.err"; fail "the runs under Xvfb failed"; }
busy=$("$status_light" "$tmp/busy.xwd") || fail "$busy"
idle=$("$status_light" "$tmp/idle.xwd") || fail "$idle"
[ "$busy" = "DISK on" ] || fail "reading the floppy without pause: the status line shows '$busy'"
[ "$idle" = "DISK off" ] || fail "idle after booting: the status line shows '$idle'"
echo "ok: reading: $busy; idle: $idle"
exit 0
