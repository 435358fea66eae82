#!/bin/sh
# `make bench`: the full-system benchmark under glasspc.
#   pcbench.sh IMAGE
# Boots IMAGE (bench/pcbench.img) BENCH_RUNS times with --bench-report,
# checks every run's COM1 line against the host's reference
# (bench/pcbench-ref PCBENCH_ROUNDS) and prints the work phase's MIPS per
# run, then the median, min and max.  Exits non-zero when a run fails or
# prints a wrong checksum.
# Environment (set by make): GLASSPC, PCBENCH_REF, PCBENCH_ROUNDS, BENCH_RUNS.
glasspc=${GLASSPC:-./glasspc}
ref=${PCBENCH_REF:-./bench/pcbench-ref}
rounds=${PCBENCH_ROUNDS:-100}
runs=${BENCH_RUNS:-3}
img=${1:-bench/pcbench.img}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/glasspc-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() {
	echo "bench: FAILED: $*" >&2
	exit 1
}
case $runs in '' | *[!0-9]* | 0) fail "BENCH_RUNS must be a positive number, not '$runs'" ;; esac
[ -f "$img" ] || fail "no image $img"
expected=$("$ref" "$rounds") || fail "$ref $rounds failed"

# "median X UNIT (min X, max X) over N runs" of the numbers on standard
# input; $1 is the printf format of a number, $2 the unit.
stats() {
	sort -g | awk -v f="$1" -v unit="$2" '{ v[NR] = $1 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "median " f " %s (min " f ", max " f ") over %d runs", m, unit, v[1], v[NR], NR }'
}

echo "bench: $img, $rounds rounds per run of the mix; expecting: $expected"
echo "bench: load before: $(uptime | sed 's/.*load average: //')"
n=1
: >"$tmp/mips"
: >"$tmp/boot"
: >"$tmp/mips-cpu"
: >"$tmp/boot-cpu"
while [ "$n" -le "$runs" ]; do
	"$glasspc" --display none --debugcon none --serial "file:$tmp/com1" --fda "$img" --boot a -q \
		--bench-report >"$tmp/out" 2>"$tmp/err"
	status=$?
	[ "$status" = 0 ] || { cat "$tmp/err" >&2; fail "run $n: glasspc exit status $status, want 0 (powered off)"; }
	got=$(tr -d '\r' <"$tmp/com1")
	[ "$got" = "$expected" ] || fail "run $n: the guest printed '$got', the reference '$expected'"
	# "glasspc: bench: work: I instructions in S s = W MIPS (CPU time C s = M MIPS)"
	figures='\([0-9]*\) instructions in \([0-9.]*\) s = \([0-9.]*\) MIPS (CPU time \([0-9.]*\) s = \([0-9.]*\) MIPS)'
	work=$(sed -n "s/^glasspc: bench: work: $figures\$/\1 \2 \3 \4 \5/p" "$tmp/err")
	boot=$(sed -n 's/^glasspc: bench: boot sector reached after [0-9]* instructions, \([0-9.]*\) s (CPU time \([0-9.]*\) s)$/\1 \2/p' \
		"$tmp/err")
	[ -n "$work" ] && [ -n "$boot" ] || { cat "$tmp/err" >&2; fail "run $n: no bench report"; }
	phases=$(sed -n "s/^glasspc: bench: phase \([0-9]*\): $figures\$/\1 \4 \6/p" "$tmp/err" |
		awk '{ printf "%s%s %s/%s", (NR > 1 ? ", " : ""), ($1 == 1 ? "paging off" : ($1 == 2 ? "paging on" : "phase " $1)), $2, $3 }')
	set -- $work
	echo "run $n: $1 instructions in $2 s = $3 MIPS, CPU time $4 s = $5 MIPS ($phases);" \
		"SeaBIOS to the boot sector $(echo "$boot" | awk '{ printf "%s s (CPU %s s)", $1, $2 }')"
	echo "$3" >>"$tmp/mips"
	echo "$5" >>"$tmp/mips-cpu"
	echo "$boot" | awk '{ print $1 }' >>"$tmp/boot"
	echo "$boot" | awk '{ print $2 }' >>"$tmp/boot-cpu"
	n=$((n + 1))
done
echo "bench: glasspc work phase: $(stats %.2f MIPS <"$tmp/mips") by wall time"
echo "bench: glasspc work phase: $(stats %.2f MIPS <"$tmp/mips-cpu") by CPU time"
echo "bench: glasspc SeaBIOS to the boot sector: $(stats %.3f s <"$tmp/boot") by wall time"
echo "bench: glasspc SeaBIOS to the boot sector: $(stats %.3f s <"$tmp/boot-cpu") by CPU time"
echo "bench: (per phase: MIPS by wall time/by CPU time; a busy host lowers the wall-time figures most)"
echo "bench: load after: $(uptime | sed 's/.*load average: //')"
