#!/bin/sh
# Debian's gdb-multiarch, in batch mode, debugs a boot sector through
# glasspc's gdb stub (--gdb 127.0.0.1:0): a hardware breakpoint at
# 0x7C00, the registers, a step, 16-bit disassembly, a watchpoint the
# guest then hits, "monitor info idt", the step into protected mode
# (CR0.PE and the 32-bit code segment as gdb sees them), a detach; then
# a second gdb attaches to the running guest and lets it finish.
#
# The boot sector (gdbboot.asm) is booted from a floppy by SeaBIOS on the
# PC, then copied to 0000:7C00 by gdbrom.asm on the bare machine: the
# same session on both (GDB_MACHINE=pc or bare for one).
if [ -z "${GDB_MACHINE:-}" ]; then
	for m in pc bare; do
		echo "== $m machine"
		GDB_MACHINE=$m sh "$0" || exit 1
	done
	exit 0
fi
glasspc=${GLASSPC:-./glasspc}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/glasspc-gdb.XXXXXX")
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
	echo "FAIL: $*"
	exit 1
}
gdb=${GDB:-gdb-multiarch}
command -v "$gdb" >/dev/null || fail "$gdb is not installed (./bootstrap installs gdb-multiarch)"
nasm=${NASM:-nasm}
"$nasm" -f bin -o "$tmp/gdbboot.bin" "$here/gdbboot.asm" || fail "cannot assemble gdbboot.asm"
"$nasm" -f bin -I"$tmp/" -o "$tmp/gdbrom.rom" "$here/gdbrom.asm" || fail "cannot assemble gdbrom.asm"

machine=$GDB_MACHINE
if [ "$machine" = pc ]; then
	dd if=/dev/zero of="$tmp/floppy.img" bs=1024 count=1440 2>/dev/null
	dd if="$tmp/gdbboot.bin" of="$tmp/floppy.img" conv=notrunc 2>/dev/null
	set -- --machine pc --display none --debugcon stdio --fda "$tmp/floppy.img" --boot a
	want_status=67
else
	set -- --machine bare --rom "$tmp/gdbrom.rom"
	want_status=0
fi

# glasspc waits for gdb before the first instruction; the port is in
# the line it prints.
"$glasspc" "$@" --gdb 127.0.0.1:0 >"$tmp/glasspc.out" 2>"$tmp/glasspc.err" &
pid=$!
port=
for _ in $(seq 300); do
	port=$(sed -n 's/^glasspc: gdb stub listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$tmp/glasspc.err")
	[ -n "$port" ] && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
[ -n "$port" ] || { cat "$tmp/glasspc.err"; fail "no 'gdb stub listening on' line"; }
echo "glasspc listens on port $port"

run_gdb() { # name, then the commands on standard input
	{
		echo "set pagination off"
		echo "set confirm off"
		echo "set width 0"
		echo "target remote 127.0.0.1:$port"
		cat
	} >"$tmp/$1.gdb"
	timeout 120 "$gdb" -batch -nx -x "$tmp/$1.gdb" >"$tmp/$1.log" 2>&1 || {
		cat "$tmp/$1.log"
		fail "$1: gdb failed (status $?)"
	}
}

expect() { # name, text (a fixed string)
	grep -qF -- "$2" "$tmp/$1.log" || {
		cat "$tmp/$1.log"
		fail "$1: gdb's output lacks: $2"
	}
}

expect_line() { # name, regular expression for a whole line
	grep -qE -- "^$2\$" "$tmp/$1.log" || {
		cat "$tmp/$1.log"
		fail "$1: gdb's output has no line matching: $2"
	}
}

run_gdb first <<'EOF'
hbreak *0x7c00
continue
info registers
stepi
x/4i $pc
watch *(short *)0x600
continue
delete
monitor info idt 0 2
break *0x7c80
continue
p $cr0
p/x $cs
p/x $cs_base
set architecture i386
x/2i $pc
stepi 2
p/x $ds
delete
awatch *(int *)0x604
continue
detach
EOF
expect first "Hardware assisted breakpoint 1 at 0x7c00"
expect first "Breakpoint 1, 0x00007c00 in ?? ()"
expect_line first "eip +0x7c00 +0x7c00"
expect_line first "cs +0x0 +0"
expect_line first "esp +0x[0-9a-f]+ +0x[0-9a-f]+"
expect_line first "cr0 +0x[0-9a-f]*[02468ace] +\[ .*\]"
expect first "0x00007c05 in ?? ()"
expect first "=> 0x7c05:	xor    %ax,%ax"
expect first "   0x7c07:	mov    %ax,%ds"
expect first "Hardware watchpoint 2: *(short *)0x600"
expect first "Old value = "
expect first "New value = 4660"
expect first "IVT (base=0x00000000, limit=0x3ff): 256 entries"
expect first "IVT[0x01]="
expect first "Breakpoint 3 at 0x7c80"
expect first "Breakpoint 3, 0x00007c80 in ?? ()"
expect_line first "\\\$1 = \[ PE( [A-Z]+)* \]"
expect first "\$2 = 0x8"
expect first "\$3 = 0x0"
expect first "=> 0x7c80:	mov    \$0x10,%ax"
expect first "   0x7c84:	mov    %eax,%ds"
expect first "\$4 = 0x10"
expect first "Hardware access (read/write) watchpoint 4: *(int *)0x604"
expect first "New value = 49374"
expect first "[Inferior 1 (Remote target) detached]"
echo "ok: breakpoint, registers, stepi, x/4i, watchpoint, monitor info idt, protected mode, detach"

# The guest now waits for the flag; a second gdb attaches to it running,
# sets the flag and lets it finish: the bare machine halts (the stub says
# so, and gdb kills the machine), the PC exits through port 0xF4 (gdb
# hears that the process exited).
if [ "$machine" = pc ]; then
	finish="continue"
else
	finish="continue
p/x \$eip
kill"
fi
run_gdb second <<EOF2
p \$cr0
x/2i \$pc
set {char}0x700 = 1
$finish
EOF2
expect_line second "\\\$1 = \[ PE( [A-Z]+)* \]"
expect_line second "=> 0x7c(99|a0):	(cmpb   \\\$0x0,0x700|je     0x7c99)"
if [ "$machine" = pc ]; then
	expect second "glasspc: The machine has ended"
	expect second "[Inferior 1 (Remote target) exited normally]"
	echo "ok: a second gdb attached to the running guest and let it finish"
else
	expect second "glasspc: CPU halted"
	echo "ok: a second gdb attached to the running guest, let it finish, and killed the machine"
fi

status=0
wait "$pid" || status=$?
pid=
[ "$status" = "$want_status" ] || { cat "$tmp/glasspc.err"; fail "glasspc exit status $status, want $want_status"; }
grep -q "^RP$" "$tmp/glasspc.out" || { cat "$tmp/glasspc.out"; fail "the guest did not print RP on port 0xE9"; }
if [ "$machine" != pc ]; then
	grep -q "^glasspc: killed from gdb$" "$tmp/glasspc.err" || { cat "$tmp/glasspc.err"; fail "no 'killed from gdb'"; }
fi
echo "ok: glasspc ended cleanly ($machine machine, status $status)"
exit 0
