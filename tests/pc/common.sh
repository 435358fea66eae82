# Shared by the PC machine's boot tests: where things are, a scratch
# directory, and how to fail.  Sourced, not run.
glasspc=${GLASSPC:-./glasspc}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/glasspc-pc.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() {
	echo "FAIL: $*"
	exit 1
}
# A missing package or image is a failure, not a skip: ./bootstrap
# installs everything the tests need.
missing() {
	echo "FAIL: $* (run ./bootstrap, or see ../shared/README.md)"
	exit 1
}
# An all-zero 1.44 MB floppy: nothing to boot from.
empty_floppy() {
	dd if=/dev/zero of="$1" bs=1024 count=1440 2>/dev/null
}
# Assembles tests/pc/NAME.asm into a 64 KiB BIOS image at $tmp/NAME.rom.
test_rom() {
	command -v "${NASM:-nasm}" >/dev/null || missing "nasm not installed"
	"${NASM:-nasm}" -f bin -I"$here/" -o "$tmp/$1.rom" "$here/$1.asm" || fail "cannot assemble $1.asm"
}
