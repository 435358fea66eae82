#!/bin/sh
# The debugger on the PC: a boot sector of ours (pcboot.asm) booted by
# SeaBIOS from a floppy, driven by --debugger-script.  The console stops
# at 0x7C00, steps, reads registers and memory, hits a watchpoint, steps
# over a CALL, disassembles, runs into the timer (HLT waits skip to the
# next IRQ 0), shows the PIC, PIT and PCI pages and takes a screenshot.
# The guest behaves identically with and without the debugger (same exit,
# same instruction count, same COM1 output, same trace twice, also when
# stepped through thousands of instructions).  A triple fault stops in
# the console with the exception chain; --max-insns stops there too and
# c goes on.  Last, the session docs/debugging.md shows on hang.asm.
glasspc=${GLASSPC:-./glasspc}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/glasspc-dbgpc.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() {
	echo "FAIL: $*"
	exit 1
}
sector() { # NAME: tests/debugger/NAME.asm on a 1.44 MB floppy, $tmp/NAME.img
	"${NASM:-nasm}" -f bin -o "$tmp/$1.bin" "$here/$1.asm" || fail "cannot assemble $1.asm (nasm: ./bootstrap installs it)"
	dd if=/dev/zero of="$tmp/$1.img" bs=1024 count=1440 2>/dev/null
	dd if="$tmp/$1.bin" of="$tmp/$1.img" conv=notrunc 2>/dev/null
}
sector pcboot
sector pctriple
sector hang
# A fixed RTC start: the BIOS reads the clock, and two runs must agree.
rc() { # IMAGE
	printf 'megs: 16\ncpu: model=p6\nfloppya: 1_44=%s, status=inserted\nboot: floppy\nclock: sync=none, time0=946684800\n' \
		"$1" >"$tmp/rc"
}
rc "$tmp/pcboot.img"
# run NAME [glasspc arguments]: output in $tmp/NAME.out, NAME.err, NAME.com1; status in $status
run() {
	name=$1
	shift
	: >"$tmp/$name.com1"
	"$glasspc" -f "$tmp/rc" --display none --debugcon none --serial "file:$tmp/$name.com1" "$@" \
		</dev/null >"$tmp/$name.out" 2>"$tmp/$name.err"
	status=$?
}
has() { # NAME TEXT: the output has the line fragment
	grep -qF -- "$2" "$tmp/$1.out" || { cat "$tmp/$1.out"; fail "$1: the output lacks '$2'"; }
}
script() { # NAME, then the script's lines
	name=$1
	shift
	printf '%s\n' "$@" >"$tmp/$name.script"
}

# ---- the same guest without and with the debugger ----
run plain
[ "$status" = 115 ] || { cat "$tmp/plain.err"; fail "plain run: exit status $status, want 115"; }
grep -qx "pcboot: three timer ticks" "$tmp/plain.com1" || tr -d '\r' <"$tmp/plain.com1" | grep -qx "pcboot: three timer ticks" ||
	fail "plain run: COM1 has '$(cat "$tmp/plain.com1")'"
grep "^glasspc: exit requested" "$tmp/plain.err" >"$tmp/plain.report" || fail "plain run: no report: $(cat "$tmp/plain.err")"
same_end() { # NAME: same status, report line and COM1 as the plain run
	[ "$status" = 115 ] || { cat "$tmp/$1.out" "$tmp/$1.err"; fail "$1: exit status $status, want 115"; }
	grep "^glasspc: exit requested" "$tmp/$1.err" >"$tmp/$1.report"
	cmp -s "$tmp/plain.report" "$tmp/$1.report" ||
		fail "$1 ends differently: '$(cat "$tmp/$1.report")' against '$(cat "$tmp/plain.report")'"
	cmp -s "$tmp/plain.com1" "$tmp/$1.com1" || fail "$1: COM1 differs from the plain run's"
	echo "ok: $1 ends as without the debugger: $(cat "$tmp/$1.report")"
}
script cont c
run cont --debugger-script "$tmp/cont.script"
has cont "The machine has ended: exit requested on port 0xF4 (exit status 115)"
same_end cont
# Stepping: from the boot sector on, through HLT waits for the timer.
script stepped "b 0x7c00" c "s 20000" c
run stepped --debugger-script "$tmp/stepped.script"
has stepped "Breakpoint 1, 0000:7c00"
same_end stepped
run trace1 --trace "$tmp/trace1.txt"
same_end trace1
run trace2 --trace "$tmp/trace2.txt"
same_end trace2
[ -s "$tmp/trace1.txt" ] || fail "the trace is empty"
cmp -s "$tmp/trace1.txt" "$tmp/trace2.txt" || fail "two traces of the same run differ"
grep -q "0000:00007c49	00007c49	8306000605	add word ptr \[0x600\], 0x5	eflags=.* \[00000600\]=1239" "$tmp/trace1.txt" ||
	fail "the trace lacks add_five's line"
grep -q "	-	(interrupt)	.*int=08" "$tmp/trace1.txt" || fail "the trace has no IRQ 0 delivery"
echo "ok: two traces identical ($(wc -l <"$tmp/trace1.txt") lines)"

# ---- the console ----
script console \
	"b 0x7c00" c s \
	"watch w 0x600 2" c \
	"d 2" "xp /1hx 0x600" \
	"u 0:0x7c16 2" \
	n "x /1hx 0x600" r \
	"lb 0x7c1e" c "? word [0x46c] - bx" \
	"info pic" "info pit" "info pci" "info pci 02.0" \
	"d 3" "s 5" s \
	"screenshot $tmp/shot.png" \
	c
run console --debugger-script "$tmp/console.script"
[ "$status" = 115 ] || { cat "$tmp/console.out" "$tmp/console.err"; fail "console: exit status $status, want 115"; }
has console "Breakpoint 1"
has console "Breakpoint 1, 0000:7c00"
has console "[0x00007c05] 0000:7c05  fa               cli"
has console "Watchpoint 2: write of 2 bytes at 0x00000600 (value 0x1234), by the instruction at 0000:00007c10"
has console "[0x00007c16] 0000:7c16  e83000           call 0x7c49"
has console "[0x00000600]: 0x1234"
has console "[0x00007c16] 0000:7c16  e83000                   call 0x7c49"
has console "[0x00007c19] 0000:7c19  8b1e6c04                 mov bx, word ptr [0x46c]"
has console "[0x00007c19] 0000:7c19  8b1e6c04         mov bx, word ptr [0x46c]"
has console "[0x00000600]: 0x1239"
has console "esp: 0x00007c00"
has console "eip: 0x00007c19"
# The timer ran while the guest waited in HLT: one tick later.
has console "Breakpoint 3, 0000:7c1e"
has console "0x00000001 1 1"
# SeaBIOS's masks: IRQ 0, 1, 2 (cascade), 6 (floppy) on the master.
has console "master (ports 0x20-0x21): IRR=0x00 ISR=0x00 IMR=0xb8 ELCR=0x00 vectors 0x08-0x0f"
has console "slave  (ports 0xa0-0xa1): "
has console "vectors 0x70-0x77"
has console "  unmasked:    0 1 2 6 8 12 13 14"
has console "counter 0 (port 0x40, IRQ 0): mode 2, LSB then MSB, binary, count "
has console "(reload 65536, 18.207 Hz), OUT high, GATE high"
has console "00:00.0 8086:1237 class 060000"
has console "00:01.1 8086:7010 class 010180 rev 00, command 0x0103 (I/O memory)"
has console "00:02.0 1234:1111 class 030000 rev 02"
has console "  BAR: memory 0xfd000000 size 0x1000000, decoded"
has console "  00: 34 12 11 11 03 01"
# Five steps from 0x7c1e come back to the HLT; the next one waits for
# IRQ 0 and delivers it (BIOS handler at F000:FEA5).
has console "[0x00007c1e] 0000:7c1e  a16c04           mov ax, word ptr [0x46c]"
has console "[0x000ffea5] f000:fea5"
has console "screenshot written to $tmp/shot.png"
[ "$(head -c 8 "$tmp/shot.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "the screenshot is not a PNG"
has console "The machine has ended: exit requested on port 0xF4 (exit status 115)"
echo "ok: console session on the PC"

# ---- --max-insns stops in the console; c goes on ----
script limit c c
run limit --max-insns 1000000 --debugger-script "$tmp/limit.script"
has limit "Instruction limit reached (--max-insns); c goes on without it"
has limit "(the --max-insns limit no longer applies)"
has limit "The machine has ended: exit requested on port 0xF4 (exit status 115)"
[ "$status" = 115 ] || fail "limit: exit status $status, want 115"
echo "ok: --max-insns stops in the console"

# ---- a triple fault stops in the console with the chain ----
rc "$tmp/pctriple.img"
script triple c r q
run triple --debugger-script "$tmp/triple.script"
has triple "Triple fault: #GP, then #DF while delivering it, then #GP; shutdown at 0000:00007c0f"
has triple "eip: 0x00007c0f"
[ "$status" = 4 ] || { cat "$tmp/triple.out" "$tmp/triple.err"; fail "triple: exit status $status, want 4"; }
echo "ok: a triple fault stops in the console"

# ---- docs/debugging.md's walk, command by command, on hang.asm ----
rc "$tmp/hang.img"
run hang-limit --max-insns 200000000
grep -q "^glasspc: reached the --max-insns limit of guest time after .* at F000:0000FF53" "$tmp/hang-limit.err" ||
	fail "hang: not stopped in the BIOS's IRET: $(cat "$tmp/hang-limit.err")"
grep -q "ESP=00007BF8" "$tmp/hang-limit.err" || fail "hang: SP is not 7BF8: $(cat "$tmp/hang-limit.err")"
script hang1 "b 0x7c00" c "catch exc 0-7" c "x /3hx ss:sp" "u 0x7c13 1" q
run hang1 --debugger-script "$tmp/hang1.script"
has hang1 "Breakpoint 1, 0000:7c00"
has hang1 "[0x00007c00] 0000:7c00  31c0             xor ax, ax"
has hang1 "Caught #DE (vector 0x00) from 0000:00007c13; stopped at its handler"
has hang1 "[0x000fff53] f000:ff53  cf               iret"
has hang1 "[0x00007bf8]: 0x7c13 0x0000 0x0246"
has hang1 "[0x00007c13]  f6f3                     div bl"
script hang2 "b 0:0x7c13" c r "x /1hx ds:si" "watch w 0x7c16 2" q
run hang2 --debugger-script "$tmp/hang2.script"
has hang2 "Breakpoint 1, 0000:7c13"
has hang2 "[0x00007c13] 0000:7c13  f6f3             div bl"
has hang2 "esp: 0x00007bfe   ebp: 0x00000000"
has hang2 "esi: 0x00007c16   edi: 0x00000000"
has hang2 "eflags: 0x00000246: vm rf nt of df IF tf sf ZF af PF cf iopl=0"
has hang2 "[0x00007c16]: 0x0000"
has hang2 "Watchpoint 2"
run hang-trace --max-insns 133500000 --trace "$tmp/run.txt" --trace-range 0x7c00:0x7dff
grep -q "	R16	0000:00007c13	00007c13	f6f3	div bl	esp=00007bf8 eflags=00000046 cs=f000 cs.base=000f0000 \[00007bfc\]=0246 \[00007bfa\]=0000 \[00007bf8\]=7c13 int=00$" \
	"$tmp/run.txt" || fail "hang: the trace lacks the DIV's line"
sed 's/^table:	dw 0/table:	dw 3/' "$here/hang.asm" >"$tmp/fixed.asm"
"${NASM:-nasm}" -f bin -o "$tmp/fixed.bin" "$tmp/fixed.asm" || fail "cannot assemble the fixed sector"
cmp -s "$tmp/fixed.bin" "$tmp/hang.bin" && fail "the fixed sector is the same as the hanging one"
cp "$tmp/hang.img" "$tmp/fixed.img"
dd if="$tmp/fixed.bin" of="$tmp/fixed.img" conv=notrunc 2>/dev/null
rc "$tmp/fixed.img"
run fixed-trace --max-insns 133500000 --trace "$tmp/new.txt" --trace-range 0x7c00:0x7dff
"${TRACEDIFF:-./glasspc-tracediff}" "$tmp/run.txt" "$tmp/new.txt" >"$tmp/diff.out"
grep -qx "first difference at line 7" "$tmp/diff.out" || fail "tracediff: $(cat "$tmp/diff.out")"
grep -qx "  only in B: ebx=00000003" "$tmp/diff.out" || fail "tracediff: $(cat "$tmp/diff.out")"
echo "ok: the walk in docs/debugging.md"
exit 0
