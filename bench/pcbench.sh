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
while [ "$n" -le "$runs" ]; do
	"$glasspc" --display none --debugcon none --serial "file:$tmp/com1" --fda "$img" --boot a -q \
		--bench-report >"$tmp/out" 2>"$tmp/err"
	status=$?
	[ "$status" = 0 ] || { cat "$tmp/err" >&2; fail "run $n: glasspc exit status $status, want 0 (powered off)"; }
	got=$(tr -d '\r' <"$tmp/com1")
	[ "$got" = "$expected" ] || fail "run $n: the guest printed '$got', the reference '$expected'"
	work=$(sed -n 's/^glasspc: bench: work: //p' "$tmp/err")
	boot=$(sed -n 's/^glasspc: bench: boot sector reached after \([0-9]*\) instructions, \([0-9.]*\) s$/\2/p' "$tmp/err")
	[ -n "$work" ] && [ -n "$boot" ] || { cat "$tmp/err" >&2; fail "run $n: no bench report"; }
	phases=$(sed -n 's/^glasspc: bench: phase \([0-9]*\): .* = \([0-9.]*\) MIPS$/\1:\2/p' "$tmp/err" |
		sed 's/^1:/paging off /; s/^2:/paging on /' | paste -sd, - | sed 's/,/, /g')
	echo "run $n: $work ($phases); SeaBIOS to the boot sector $boot s"
	echo "$work" | sed 's/.* = \([0-9.]*\) MIPS$/\1/' >>"$tmp/mips"
	echo "$boot" >>"$tmp/boot"
	n=$((n + 1))
done
echo "bench: glasspc work phase: $(stats %.2f MIPS <"$tmp/mips")"
echo "bench: glasspc SeaBIOS to the boot sector: $(stats %.3f s <"$tmp/boot")"
echo "bench: load after: $(uptime | sed 's/.*load average: //')"
