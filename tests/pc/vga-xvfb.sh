#!/bin/sh
# The window shows exactly what a headless run renders: the same SeaBIOS
# boot with --display sdl under Xvfb and with --display none must write
# byte-identical --screenshot PNGs (guest time is virtual, so both runs
# end on the same frame).
. "$(dirname "$0")/common.sh"
command -v xvfb-run >/dev/null || missing "xvfb-run not installed (Debian package xvfb)"
[ -r /usr/share/seabios/bios.bin ] || missing "SeaBIOS not installed"
empty_floppy "$tmp/empty.img"
set -- --cpu pentium --debugcon none --fda "$tmp/empty.img" --boot a --max-insns 300000000
"$glasspc" "$@" --display none --screenshot "$tmp/headless.png" 2>"$tmp/headless.stderr" ||
	{ cat "$tmp/headless.stderr"; fail "headless run failed"; }
# No leak check for the windowed run: SDL's X11 back end loads and
# unloads libraries whose allocations LeakSanitizer then cannot name (it
# blames the sanitizer runtime), so no suppression can single them out;
# the headless run above, like every other test, still checks ours.
# A display number of its own (-n): tests run in parallel (make check -j2)
# and two xvfb-run -a starting together can pick the same server.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	xvfb-run -a -n 110 -s "-screen 0 1024x768x24" "$glasspc" "$@" --display sdl --screenshot "$tmp/window.png" \
	2>"$tmp/window.stderr" || { cat "$tmp/window.stderr"; fail "run under Xvfb failed"; }
cmp "$tmp/headless.png" "$tmp/window.png" || fail "the window run's screenshot differs from the headless one"
exit 0
