#!/bin/sh
# Keys typed into the window reach the guest as the scan codes it reads
# from port 0x60.  Under Xvfb, xdotool types through XTEST into glasspc's
# SDL window, booted on the demo disk; SDL's key events go through the
# keymap (set 2) and the 8042 (translated to set 1) to the demo's own
# IRQ 1 handler, which prints every byte it read on COM1.  Checked: a
# letter's make and break, shift with a letter, and two extended keys
# (E0-prefixed makes and breaks).  (No right Ctrl: xdotool presses
# Control_L along with it, as the modifier it believes Control_R needs.)
# Then a click captures the mouse, and motion down and right with the
# left button held reaches the demo through the BIOS's PS/2 services (its
# text page, read with --screen-text, shows the pointer and buttons).
. "${srcdir:-.}/tests/pc/common.sh"

if [ "${1:-}" = --in-xvfb ]; then
	# Inside xvfb-run: $2 is the outer run's scratch directory.
	dir=$2
	"$glasspc" --display sdl --debugcon none --serial "file:$dir/com1" -q --max-insns 5G \
		--screen-text "$dir/screen" 2>"$dir/glasspc.err" &
	pid=$!
	wait_for() {
		i=0
		until grep -q "$1" "$dir/com1" 2>/dev/null; do
			kill -0 "$pid" 2>/dev/null || { echo "glasspc ended before '$1'"; return 1; }
			i=$((i + 1))
			[ "$i" -le 1200 ] || { echo "no '$1' on COM1 within 120 s"; kill "$pid"; return 1; }
			sleep 0.1
		done
	}
	wait_for "PS/2 mouse ready" || exit 1
	timeout 60 xdotool search --sync --name '^glasspc' windowfocus --sync || { echo "no glasspc window"; kill "$pid"; exit 1; }
	xdotool key a shift+b Up Delete
	wait_for "key E0 D3 break"
	found=$?
	window=$(xdotool search --name '^glasspc' | head -1)
	xdotool mousemove --window "$window" 100 100 click 1
	sleep 0.5
	xdotool mousemove_relative 30 20
	sleep 0.3
	xdotool mousemove_relative 30 20 mousedown 1
	sleep 1
	kill -TERM "$pid"
	wait "$pid"
	exit "$found"
fi

command -v xvfb-run >/dev/null || fail "xvfb-run not installed (Debian package xvfb; ./bootstrap installs it)"
command -v xdotool >/dev/null || fail "xdotool not installed (Debian package xdotool; ./bootstrap installs it)"
: >"$tmp/com1"
# A display number of its own (-n): tests run in parallel (make check -j2)
# and two xvfb-run -a starting together can pick the same server.
xvfb-run -a -n 120 -s "-screen 0 1024x768x24" sh "$0" --in-xvfb "$tmp" >"$tmp/inner.log" 2>&1 ||
	{ cat "$tmp/inner.log" "$tmp/glasspc.err" "$tmp/com1"; fail "typing into the window under Xvfb failed"; }
# xdotool releases a chord's keys in the order it pressed them.
cat >"$tmp/want" <<EOT
key 1E make 'a'
key 9E break
key 2A make
key 30 make 'B'
key AA break
key B0 break
key E0 48 make
key E0 C8 break
key E0 53 make
key E0 D3 break
EOT
tr -d '\r' <"$tmp/com1" | grep '^key ' >"$tmp/got"
diff "$tmp/want" "$tmp/got" || fail "the guest read other scan codes from port 0x60 than the keys typed"
echo "ok: $(wc -l <"$tmp/got") scan code events, E0-prefixed and breaks among them"
# The pointer starts at 160,100; it must have gone right and down.
mouse=$(grep "Mouse:" "$tmp/screen")
echo "$mouse" | grep -q "buttons L--" || fail "the left button did not reach the guest: $mouse"
x=$(echo "$mouse" | sed -n 's/.* x \([0-9]*\) .*/\1/p')
y=$(echo "$mouse" | sed -n 's/.* y \([0-9]*\) .*/\1/p')
[ -n "$x" ] && [ -n "$y" ] && [ "$x" -gt 160 ] && [ "$y" -gt 100 ] ||
	fail "the mouse's motion did not reach the guest: $mouse"
echo "ok: the mouse reached the guest:$mouse"
exit 0
