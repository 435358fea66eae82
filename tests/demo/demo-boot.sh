#!/bin/sh
# glasspc with nothing to boot boots the demo disk on the PC; headless,
# COM1 reaches standard output by default.  Checked: the greeting on
# COM1, the text page's words (among them every hot key gui/window.c
# has), a byte typed on COM1 echoed, Tab's graphics page (check_frame:
# mode 13h's size, the colour bars, the stripes' geometry, the box), and
# that the page moves: a screenshot taken later differs in the moving area
# only; the Bochs BIOS boots it as well.  The RTC starts at a fixed time,
# so every run is the same.
. "${srcdir:-.}/tests/pc/common.sh"
check_frame=${CHECK_FRAME:-./tests/demo/check_frame}
src=${srcdir:-.}
printf 'clock: sync=none, time0=946684800\n' >"$tmp/fixed.bochsrc"

run() { # name, then glasspc's arguments; standard input is the caller's
	name=$1
	shift
	"$glasspc" -f "$tmp/fixed.bochsrc" --display none --debugcon none "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	status=$?
	[ "$status" = 0 ] || { cat "$tmp/$name.err"; fail "$name: exit status $status, want 0 (--max-insns reached)"; }
	tr -d '\r' <"$tmp/$name.out" >"$tmp/$name.com1"
}

# The text page, COM1 left to its default.
run text --max-insns 400M --screen-text "$tmp/text.screen" </dev/null
head -1 "$tmp/text.com1" | grep -qx "glasspc demo: hello from the guest on COM1." ||
	{ cat "$tmp/text.out"; fail "standard output does not start with the COM1 greeting"; }
grep -qx "glasspc demo: PS/2 mouse ready (INT 15h C2)" "$tmp/text.com1" || fail "no PS/2 mouse on COM1"
for words in "glasspc - an x86 PC emulator" "Window hot keys are Ctrl+Alt plus a letter" \
	"glasspc IMAGE  *boot your own floppy" "glasspc --debugger" "glasspc --help" "Tab: the graphics page" \
	"Ticks: *[0-9][0-9]* (the BIOS timer tick"; do
	grep -q "$words" "$tmp/text.screen" || { cat "$tmp/text.screen"; fail "the text page lacks '$words'"; }
done
letters=$(sed -n 's/^[[:space:]]*case SDL_SCANCODE_\([A-Z]\):$/\1/p' "$src/gui/window.c")
[ -n "$letters" ] || fail "no hot keys found in gui/window.c"
for l in $letters; do
	grep -q " $l  [a-z]" "$tmp/text.screen" || { cat "$tmp/text.screen"; fail "the text page does not list Ctrl+Alt+$l"; }
done
echo "ok: text page, hot keys $(echo $letters), COM1 on standard output"

# With no options at all the terminal is the demo's: the greeting first,
# SeaBIOS's debug log kept off it; --serial none silences COM1.
"$glasspc" --display none --max-insns 300M -q </dev/null >"$tmp/bare.out" 2>"$tmp/bare.err" ||
	{ cat "$tmp/bare.err"; fail "glasspc with no options failed"; }
head -1 "$tmp/bare.out" | tr -d '\r' | grep -qx "glasspc demo: hello from the guest on COM1." ||
	{ head -5 "$tmp/bare.out"; fail "with no options, standard output does not start with the demo's greeting"; }
! grep -q "SeaBIOS" "$tmp/bare.out" || fail "with no options, SeaBIOS's debug log reaches standard output"
"$glasspc" --display none --max-insns 300M -q --serial none </dev/null >"$tmp/quiet.out" 2>"$tmp/quiet.err" ||
	{ cat "$tmp/quiet.err"; fail "glasspc --serial none failed"; }
[ ! -s "$tmp/quiet.out" ] || { head -5 "$tmp/quiet.out"; fail "--serial none still prints COM1"; }
echo "ok: no options: only the demo on standard output; --serial none: nothing"

# The Bochs BIOS boots it too (its INT 15h C205 resets the mouse with the
# aux port disabled).
run bochs --bios bochs --max-insns 400M --screen-text "$tmp/bochs.screen" </dev/null
grep -qx "glasspc demo: PS/2 mouse ready (INT 15h C2)" "$tmp/bochs.com1" ||
	{ cat "$tmp/bochs.com1"; fail "no PS/2 mouse with the Bochs BIOS"; }
grep -q "Tab: the graphics page" "$tmp/bochs.screen" || { cat "$tmp/bochs.screen"; fail "no text page with the Bochs BIOS"; }
echo "ok: the Bochs BIOS boots the demo too"

# Tab and a letter typed on COM1: the graphics page, twice.
printf '\tg' | run frame1 --serial stdio --max-insns 400M --screenshot "$tmp/frame1.png"
grep -qx "COM1 got 09" "$tmp/frame1.com1" || { cat "$tmp/frame1.com1"; fail "the Tab typed on COM1 is not echoed"; }
grep -qx "COM1 got 67 'g'" "$tmp/frame1.com1" || { cat "$tmp/frame1.com1"; fail "the 'g' typed on COM1 is not echoed"; }
"$check_frame" "$tmp/frame1.png" >"$tmp/frame1.check" || { cat "$tmp/frame1.check"; fail "the graphics page is wrong"; }
printf '\t' | run frame2 --serial stdio --max-insns 410M --screenshot "$tmp/frame2.png"
"$check_frame" "$tmp/frame2.png" >"$tmp/frame2.check" || { cat "$tmp/frame2.check"; fail "the graphics page is wrong later"; }
[ "$(cat "$tmp/frame1.check")" != "$(cat "$tmp/frame2.check")" ] || fail "the graphics page did not move in 0.2 s"
echo "ok: graphics page $(cat "$tmp/frame1.check"), later $(cat "$tmp/frame2.check")"
exit 0
