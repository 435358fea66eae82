#!/bin/sh
# `make bench-compare`: the full-system benchmark under glasspc and under
# Bochs 2.7, the same images, in the same run.
#   compare.sh DIR     (DIR holds pcbench.img, pcbench-nowork.img, pcbench-boot.img)
#
# Bochs cannot count the instructions of a part of a run, so both
# emulators are measured the same way, from outside, by the wall time of
# whole runs:
#   work time  = time(pcbench.img) - time(pcbench-nowork.img)
#                (the same boot sector and payload, 0 rounds of work: the
#                same boot, payload load, paging set-up, printing, power-off)
#   work MIPS  = the work phase's guest instructions / work time, where
#                the instruction count is the one glasspc --bench-report
#                counts exactly (both run the same guest code, with
#                interrupts off, so the same instructions)
#   boot time  = time(pcbench-boot.img): emulator start to the power-off
#                the boot sector does first thing (SeaBIOS's POST and boot,
#                plus each emulator's start-up and exit)
# The same figures are computed from the processes' CPU time (user +
# system, GNU time), which a busy host disturbs less than wall time.
# Each image runs BENCH_RUNS times per emulator, interleaved; every run's
# COM1 must carry the line the host computes (bench/pcbench-ref).
# Environment (set by make): GLASSPC, PCBENCH_REF, PCBENCH_ROUNDS,
# BENCH_RUNS; BOCHS (default bochs), BOCHS_CPU (default p3_katmai),
# BOCHS_IPS (default 50000000, glasspc's --ips default).
glasspc=${GLASSPC:-./glasspc}
ref=${PCBENCH_REF:-./bench/pcbench-ref}
rounds=${PCBENCH_ROUNDS:-100}
runs=${BENCH_RUNS:-3}
bochs=${BOCHS:-bochs}
bochs_cpu=${BOCHS_CPU:-p3_katmai}
bochs_ips=${BOCHS_IPS:-50000000}
dir=${1:-bench}
seabios=/usr/share/seabios/bios.bin
vgabios=/usr/share/seabios/vgabios-stdvga.bin

fail() {
	echo "bench-compare: FAILED: $*" >&2
	exit 1
}
command -v "$bochs" >/dev/null 2>&1 ||
	fail "'$bochs' not found: install the Debian package bochs (apt-get install bochs; ./bootstrap does)"
[ -r "$seabios" ] && [ -r "$vgabios" ] || fail "no $seabios or $vgabios: install the Debian package seabios"
[ -x /usr/bin/time ] || fail "no /usr/bin/time: install the Debian package time"
case $runs in '' | *[!0-9]* | 0) fail "BENCH_RUNS must be a positive number, not '$runs'" ;; esac
for img in pcbench pcbench-nowork pcbench-boot; do
	[ -f "$dir/$img.img" ] || fail "no image $dir/$img.img (make bench-compare builds it)"
done
expected=$("$ref" "$rounds") || fail "$ref $rounds failed"
expected_nowork=$("$ref" 0) || fail "$ref 0 failed"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/glasspc-compare.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Debian's Bochs 2.7 has no "nogui" display library: "rfb" with no
# connection timeout is headless (nobody connects; it only listens).
# Its built-in debugger would stop at the first instruction for a
# command: -rc gives it "continue".  Sound is off (its mixer thread
# aborts without a sound card).
bochs_args=
if "$bochs" --help 2>&1 | grep -q -- '-rc '; then
	echo c >"$tmp/bochs.rc"
	bochs_args="-rc $tmp/bochs.rc"
fi
write_bochsrc() { # image
	cat >"$tmp/bochsrc" <<EOT
display_library: rfb, options="timeout=0"
megs: 16
cpu: model=$bochs_cpu, count=1, ips=$bochs_ips, reset_on_triple_fault=0
clock: sync=none, time0=utc
romimage: file=$seabios
vgaromimage: file=$vgabios
vga: extension=vbe
pci: enabled=1, chipset=i440fx
floppya: 1_44="$1", status=inserted
boot: floppy
com1: enabled=1, mode=file, dev=$tmp/com1
speaker: enabled=0
sound: driver=dummy
log: $tmp/bochs.log
panic: action=fatal
error: action=report
info: action=report
debug: action=ignore
EOT
}

now_ns() {
	date +%s%N
}

# Runs one emulator on one image; prints the wall time in seconds and
# checks the COM1 line ($3: what it must be, empty for none).
run_bochs() { # image run-label expected-line
	write_bochsrc "$1"
	rm -f "$tmp/com1"
	: >"$tmp/com1"
	start=$(now_ns)
	# shellcheck disable=SC2086
	/usr/bin/time -f '%U %S' -o "$tmp/time" timeout 900 "$bochs" -q -f "$tmp/bochsrc" $bochs_args \
		>"$tmp/bochs.out" 2>&1 </dev/null
	end=$(now_ns)
	grep -q 'ACPI control: soft power off' "$tmp/bochs.log" || {
		tail -n 20 "$tmp/bochs.log" >&2
		fail "$2: Bochs did not end by the guest's power-off (its log: above)"
	}
	check_line "$2" "$3"
	run_times
}

run_glasspc() { # image run-label expected-line
	: >"$tmp/com1"
	start=$(now_ns)
	/usr/bin/time -f '%U %S' -o "$tmp/time" "$glasspc" --display none --debugcon none \
		--serial "file:$tmp/com1" --fda "$1" --boot a -q --bench-report \
		>"$tmp/glasspc.out" 2>"$tmp/glasspc.err" </dev/null
	status=$?
	end=$(now_ns)
	[ "$status" = 0 ] || { cat "$tmp/glasspc.err" >&2; fail "$2: glasspc exit status $status, want 0"; }
	check_line "$2" "$3"
	run_times
}

# "WALL CPU" of the run that just ended, in seconds.
run_times() {
	cpu=$(tail -n 1 "$tmp/time" | awk '{ printf "%.2f", $1 + $2 }')
	echo "$start $end $cpu" | awk '{ printf "%.3f %s", ($2 - $1) / 1e9, $3 }'
}

check_line() { # label expected
	got=$(tr -d '\r' <"$tmp/com1")
	[ "$got" = "$2" ] || fail "$1: COM1 says '$got', want '$2'"
}

# "median X (min X, max X)" of the numbers on standard input, format $1.
stats() {
	sort -g | awk -v f="$1" '{ v[NR] = $1 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "median " f " (min " f ", max " f ")", m, v[1], v[NR] }'
}
median() {
	stats %.6f | sed 's/^median \([0-9.]*\).*/\1/'
}

echo "bench-compare: $runs runs of each image per emulator; Bochs: $("$bochs" --help 2>&1 |
	sed -n 's/^ *\(Bochs x86 Emulator [0-9.]*\).*/\1/p' | head -n 1), cpu model=$bochs_cpu, ips=$bochs_ips,"
echo "  clock sync=none, SeaBIOS $seabios, VGA BIOS $vgabios; glasspc: $glasspc (its defaults: P6, --ips 50M)"
echo "bench-compare: load before: $(uptime | sed 's/.*load average: //')"
insns=
n=1
while [ "$n" -le "$runs" ]; do
	for emu in glasspc bochs; do
		boot=$(run_$emu "$dir/pcbench-boot.img" "$emu run $n boot-only" "") || exit 1
		if [ "$emu" = glasspc ]; then
			boot_inside=$(sed -n 's/^glasspc: bench: boot sector reached after [0-9]* instructions, \([0-9.]*\) s (CPU time \([0-9.]*\) s)$/\1 \2/p' \
				"$tmp/glasspc.err")
			echo "$boot_inside" >>"$tmp/glasspc.boot-inside"
		fi
		nowork=$(run_$emu "$dir/pcbench-nowork.img" "$emu run $n no-work" "$expected_nowork") || exit 1
		full=$(run_$emu "$dir/pcbench.img" "$emu run $n" "$expected") || exit 1
		if [ "$emu" = glasspc ]; then
			count=$(sed -n 's/^glasspc: bench: work: \([0-9]*\) instructions .*/\1/p' "$tmp/glasspc.err")
			inside=$(sed -n 's/^glasspc: bench: work: .* = \([0-9.]*\) MIPS (CPU time [0-9.]* s = \([0-9.]*\) MIPS)$/\1 \2/p' \
				"$tmp/glasspc.err")
			[ -n "$count" ] || fail "glasspc run $n: no work line in its bench report"
			[ -z "$insns" ] || [ "$insns" = "$count" ] || fail "glasspc run $n counted $count instructions, run 1 $insns"
			insns=$count
			echo "$inside" >>"$tmp/glasspc.inside"
		fi
		# wall and CPU seconds of each run; MIPS from each
		line=$(echo "$insns $boot $nowork $full" | awk '{
			ww = $6 - $4; wc = $7 - $5
			printf "%.3f %.2f %.3f %.2f %.3f %.2f %.3f %.2f %.2f %.2f", $2, $3, $4, $5, $6, $7, ww, wc,
				(ww > 0 ? $1 / ww / 1e6 : 0), (wc > 0 ? $1 / wc / 1e6 : 0) }')
		set -- $line
		echo "$1" >>"$tmp/$emu.boot"
		echo "$2" >>"$tmp/$emu.boot-cpu"
		echo "$9" >>"$tmp/$emu.mips"
		echo "${10}" >>"$tmp/$emu.mips-cpu"
		printf '%-8s run %d: boot-only %6.3f s, no-work %6.3f s, full %7.3f s: work %7.3f s = %7.2f MIPS' \
			"$emu" "$n" "$1" "$3" "$5" "$7" "$9"
		printf ' (CPU time: %.2f, %.2f, %.2f s: %.2f MIPS)\n' "$2" "$4" "$6" "${10}"
	done
	n=$((n + 1))
done
echo "bench-compare: load after: $(uptime | sed 's/.*load average: //')"
echo "bench-compare: work phase: $insns guest instructions ($rounds rounds with paging off, $rounds with 4 KiB paging)"
for emu in glasspc bochs; do
	printf '  %-8s %s MIPS by wall time, %s by CPU time\n' "$emu" "$(stats %.2f <"$tmp/$emu.mips")" \
		"$(stats %.2f <"$tmp/$emu.mips-cpu")"
done
printf '  %-8s %s MIPS by wall time, %s by CPU time (--bench-report: its own count and clocks)\n' "glasspc" \
	"$(awk '{ print $1 }' "$tmp/glasspc.inside" | stats %.2f)" "$(awk '{ print $2 }' "$tmp/glasspc.inside" | stats %.2f)"
ratio() { # file suffix
	echo "$(median <"$tmp/glasspc.$1") $(median <"$tmp/bochs.$1")" | awk '{ printf "%.2f", ($2 > 0 ? $1 / $2 : 0) }'
}
echo "  glasspc/Bochs: $(ratio mips) by wall time, $(ratio mips-cpu) by CPU time (medians)"
echo "bench-compare: SeaBIOS from the emulator's start to the boot sector (boot-only image, whole process):"
for emu in glasspc bochs; do
	printf '  %-8s %s s wall, %s s CPU\n' "$emu" "$(stats %.3f <"$tmp/$emu.boot")" "$(stats %.2f <"$tmp/$emu.boot-cpu")"
done
printf '  %-8s %s s wall, %s s CPU (from reset, --bench-report)\n' "glasspc" \
	"$(awk '{ print $1 }' "$tmp/glasspc.boot-inside" | stats %.3f)" "$(awk '{ print $2 }' "$tmp/glasspc.boot-inside" | stats %.3f)"
