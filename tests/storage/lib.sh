# Shared by the storage integration tests (sourced).  Each test boots a
# guest from images it makes in a private directory and watches COM1 (a
# file) for a line the guest prints, then stops glasspc.
#
# Environment: GLASSPC (the program; default ./glasspc in the build
# tree), GLASSPC_TEST_TIMEOUT (seconds to wait for a guest; default 180).

GLASSPC=${GLASSPC:-./glasspc}
# ../shared beside the project's root.
root=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=$root/../shared
TIMEOUT=${GLASSPC_TEST_TIMEOUT:-180}
# A CPU with WBINVD (SeaBIOS uses it once it finds the i440FX).
CPU=pentium

# A missing package or image is a failure, not a skip: ./bootstrap
# installs everything the tests need.
missing() {
	echo "FAIL: $* (run ./bootstrap, or see ../shared/README.md)"
	exit 1
}

fail() {
	echo "FAIL: $*"
	exit 1
}

need() {
	for tool in "$@"; do
		command -v "$tool" >/dev/null 2>&1 || missing "$tool not installed (see ./bootstrap)"
	done
}

[ -x "$GLASSPC" ] || missing "no $GLASSPC"
work=$(mktemp -d "${TMPDIR:-/tmp}/glasspc-storage-test.XXXXXX") || fail "mktemp"
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

# boot NAME MARKER [glasspc options...]: runs glasspc in the background
# with COM1 going to $work/NAME.serial and waits until MARKER shows
# there (returns 0), glasspc exits, or the time runs out (returns 1).
# glasspc is left running on success: stop_guest ends it.
boot() {
	name=$1
	marker=$2
	shift 2
	serial=$work/$name.serial
	: > "$serial"
	"$GLASSPC" --display none --cpu $CPU --serial "file:$serial" --debugcon none "$@" \
		> "$work/$name.out" 2> "$work/$name.err" &
	pid=$!
	waited=0
	while [ $waited -lt $((TIMEOUT * 5)) ]; do
		if tr -d '\r' < "$serial" | grep -q -- "$marker"; then
			return 0
		fi
		if ! kill -0 "$pid" 2>/dev/null; then
			# It ended: whatever it wrote last is in the file now.
			tr -d '\r' < "$serial" | grep -q -- "$marker" && return 0
			break
		fi
		sleep 0.2
		waited=$((waited + 1))
	done
	echo "--- $name: no '$marker' on COM1; COM1 was:"
	cat "$serial"
	echo "--- glasspc's standard error:"
	tail -5 "$work/$name.err"
	stop_guest
	return 1
}

# stop_guest [SIGNAL]: ends the running glasspc (SIGTERM by default) and
# waits for it; its exit status is in $status.
stop_guest() {
	status=0
	if [ -n "$pid" ]; then
		kill -"${1:-TERM}" "$pid" 2>/dev/null
		wait "$pid" || status=$?
		pid=
	fi
}

# The SYSLINUX COM32 modules that print a file (cat.c32 and its
# libraries), and a configuration that prints msg.txt on COM1.
SYSLINUX_MODULES=/usr/lib/syslinux/modules/bios
syslinux_config() {
	printf 'SERIAL 0 9600\nDEFAULT show\nPROMPT 0\nLABEL show\n  COM32 cat.c32\n  APPEND msg.txt\n' > "$work/syslinux.cfg"
}

# syslinux_files IMAGE[@@OFFSET] MARKER: the configuration, msg.txt
# holding MARKER, and the modules, copied into a FAT file system.
syslinux_files() {
	syslinux_config
	printf '%s\r\n' "$2" > "$work/msg.txt"
	mcopy -o -i "$1" "$work/syslinux.cfg" ::syslinux.cfg || fail "mcopy"
	mcopy -o -i "$1" "$work/msg.txt" ::msg.txt || fail "mcopy"
	for m in cat.c32 libcom32.c32 libutil.c32; do
		mcopy -o -i "$1" "$SYSLINUX_MODULES/$m" "::$m" || fail "mcopy $m"
	done
}
