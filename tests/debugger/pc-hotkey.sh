#!/bin/sh
# The window's debugger hot key (Ctrl+Alt+D) on the PC, under Xvfb with
# keys typed by xdotool: with --debugger it stops the running guest and
# the console takes commands; without --debugger it starts the console on
# the spot, or says why not when standard input cannot give commands.
# The guest is hang.asm (a DIV that faults forever).
glasspc=${GLASSPC:-./glasspc}
here=$(cd "$(dirname "$0")" && pwd)
fail() {
	echo "FAIL: $*"
	exit 1
}
if [ "$1" != --under-xvfb ]; then
	command -v xvfb-run >/dev/null || fail "xvfb-run not installed (Debian package xvfb; ./bootstrap installs it)"
	command -v xdotool >/dev/null || fail "xdotool not installed (Debian package xdotool; ./bootstrap installs it)"
	# A display number of its own (-n): tests run in parallel (make check -j2)
	# and two xvfb-run -a starting together can pick the same server.
	exec xvfb-run -a -n 140 -s "-screen 0 1024x768x24" sh "$0" --under-xvfb
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/glasspc-hotkey.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
"${NASM:-nasm}" -f bin -o "$tmp/hang.bin" "$here/hang.asm" || fail "cannot assemble hang.asm"
dd if=/dev/zero of="$tmp/hang.img" bs=1024 count=1440 2>/dev/null
dd if="$tmp/hang.bin" of="$tmp/hang.img" conv=notrunc 2>/dev/null

wait_for() { # FILE TEXT: up to 60 s for the text to appear
	n=0
	until grep -qF -- "$2" "$1"; do
		n=$((n + 1))
		[ $n -le 300 ] || { cat "$1"; fail "'$2' never appeared"; }
		sleep 0.2
	done
}

# session NAME [glasspc arguments]: glasspc reads the console from a FIFO
session() {
	name=$1
	shift
	rm -f "$tmp/in"
	mkfifo "$tmp/in" || fail "mkfifo"
	exec 3<>"$tmp/in"
	# Typed keys wake SDL's input-method support, whose D-Bus connection
	# keeps allocations for the life of the process, and under the
	# sanitizers their indirect parts show no library to suppress: leaks
	# are not looked for here (pc-console.sh runs the same debugger code
	# headless with leak checking).
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		"$glasspc" --display sdl --debugcon none --fda "$tmp/hang.img" --boot a "$@" <"$tmp/in" \
		>"$tmp/$name.out" 2>"$tmp/$name.err" &
	pid=$!
	n=0
	until window=$(xdotool search --name '^glasspc' 2>/dev/null | head -1) && [ -n "$window" ]; do
		n=$((n + 1))
		[ $n -le 300 ] || { cat "$tmp/$name.err"; fail "$name: no window"; }
		sleep 0.2
	done
}

hot_key() {
	# SDL may replace its first X window when it creates the renderer
	# (another visual for OpenGL), so the window found early can be gone:
	# look it up again until one takes the focus.
	n=0
	until window=$(xdotool search --name '^glasspc' 2>/dev/null | tail -1) && [ -n "$window" ] &&
		xdotool windowfocus --sync "$window" 2>/dev/null; do
		n=$((n + 1))
		[ $n -le 50 ] || fail "cannot focus the window"
		sleep 0.2
	done
	xdotool keydown ctrl keydown alt
	sleep 0.2
	xdotool key d
	sleep 0.2
	xdotool keyup alt keyup ctrl
}

finish() { # NAME: q, and glasspc ends with status 0
	echo q >&3
	wait "$pid"
	status=$?
	pid=
	exec 3>&-
	[ "$status" = 0 ] || { cat "$tmp/$1.out" "$tmp/$1.err"; fail "$1: exit status $status, want 0"; }
}

session with --debugger
wait_for "$tmp/with.out" "glasspc debugger"
echo c >&3
# Running: the BIOS prints its banner before the sector hangs.
sleep 1
hot_key
wait_for "$tmp/with.out" "Stopped (interrupted)"
echo r >&3
wait_for "$tmp/with.out" "esi: 0x00007c16"
finish with
echo "ok: the hot key stops the guest under --debugger"

session without
sleep 1
hot_key
wait_for "$tmp/without.out" "glasspc debugger: type help for the commands, c to run"
echo "x /1hx 0x7c16" >&3
wait_for "$tmp/without.out" "[0x00007c16]: 0x0000"
finish without
echo "ok: the hot key starts the console without --debugger"

# Standard input that can give no commands (/dev/null, as from a desktop
# menu): the hot key says so, and the guest goes on.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	"$glasspc" --display sdl --debugcon none --fda "$tmp/hang.img" --boot a </dev/null >"$tmp/null.out" 2>"$tmp/null.err" &
pid=$!
n=0
until window=$(xdotool search --name '^glasspc' 2>/dev/null | head -1) && [ -n "$window" ]; do
	n=$((n + 1))
	[ $n -le 300 ] || { cat "$tmp/null.err"; fail "null: no window"; }
	sleep 0.2
done
sleep 1
hot_key
wait_for "$tmp/null.err" "glasspc: the debugger needs commands on standard input: start glasspc from a terminal"
sleep 0.5
kill -0 "$pid" 2>/dev/null || { cat "$tmp/null.err"; fail "null: glasspc ended after the hot key"; }
kill -TERM "$pid"
wait "$pid"
pid=
grep -q "stopped by SIGTERM" "$tmp/null.err" || { cat "$tmp/null.err"; fail "null: not stopped by SIGTERM"; }
echo "ok: the hot key without a usable standard input leaves the guest running"
exit 0
