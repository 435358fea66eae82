#!/bin/sh
# Boots Debian's 32-bit Linux kernel (686 flavour; ./bootstrap downloads
# it into tests/linux/kernel/) on the PC with a P6 and 128 MiB: SeaBIOS,
# an ISOLINUX CD made with xorriso, the kernel with an initramfs whose
# only file is tests/linux/init.elf.  That init copies /proc/cpuinfo to
# the console (COM1) and powers the PC off through ACPI, which ends
# glasspc.  The test wants the kernel's banner, the verdicts of its x87
# checks at boot (fdiv_bug: no, fpu: yes, fpu_exception: yes), a SIGFPE
# for init's unmasked x87 zero divide and the power-off.
#
# Kernel parameters: console and earlyprintk on ttyS0; nokaslr
# (addresses stay those of /proc/kallsyms when debugging);
# cryptomgr.notests (the crypto self-tests do RSA and DH with private
# keys: about 4 billion more guest instructions).  No noapic or
# nolapic: the kernel finds by itself that the PC has neither an I/O
# APIC nor a local APIC (CPUID.1:EDX.APIC is 0).
#
# Environment: GLASSPC (default ./glasspc), GLASSPC_LINUX_KERNEL (a
# bzImage; default tests/linux/kernel/vmlinuz in the source tree),
# GLASSPC_TEST_TIMEOUT (seconds; default 1200).
GLASSPC=${GLASSPC:-./glasspc}
root=$(cd "$(dirname "$0")/../.." && pwd)
KERNEL=${GLASSPC_LINUX_KERNEL:-$root/tests/linux/kernel/vmlinuz}
INIT=${GLASSPC_LINUX_INIT:-tests/linux/init.elf}
TIMEOUT=${GLASSPC_TEST_TIMEOUT:-1200}
# The boot takes about 2.7 billion instructions (most of it the
# decompression of the xz-packed kernel); the limit leaves room.
MAX_INSNS=5000000000

fail() {
	echo "FAIL: $*"
	exit 1
}
missing() {
	fail "$* (run ./bootstrap)"
}

[ -x "$GLASSPC" ] || missing "no $GLASSPC"
[ -s "$KERNEL" ] || missing "no Linux kernel at $KERNEL"
[ -f "$INIT" ] || missing "no $INIT (make check builds it)"
for tool in xorriso cpio timeout; do
	command -v "$tool" >/dev/null 2>&1 || missing "$tool not installed"
done
isolinux=/usr/lib/ISOLINUX/isolinux.bin
ldlinux=/usr/lib/syslinux/modules/bios/ldlinux.c32
[ -f "$isolinux" ] || missing "no $isolinux (isolinux)"
[ -f "$ldlinux" ] || missing "no $ldlinux (syslinux-common)"

work=$(mktemp -d "${TMPDIR:-/tmp}/glasspc-linux-test.XXXXXX") || fail "mktemp"
trap 'rm -rf "$work"' EXIT INT TERM

# The initramfs: a newc cpio archive (uncompressed) holding /init.
mkdir "$work/rootfs" "$work/cd" "$work/cd/isolinux"
cp "$INIT" "$work/rootfs/init" && chmod 755 "$work/rootfs/init" || fail "cp init"
(cd "$work/rootfs" && echo init | cpio -o -H newc -R 0:0 --quiet) > "$work/cd/initrd.img" || fail "cpio"

cp "$KERNEL" "$work/cd/vmlinuz" || fail "cp kernel"
cp "$isolinux" "$ldlinux" "$work/cd/isolinux/" || fail "cp isolinux"
cat > "$work/cd/isolinux/isolinux.cfg" <<EOF
SERIAL 0 115200
DEFAULT linux
PROMPT 0
LABEL linux
  KERNEL /vmlinuz
  APPEND initrd=/initrd.img console=ttyS0,115200 earlyprintk=serial,ttyS0,115200 nokaslr cryptomgr.notests
EOF
xorriso -as mkisofs -quiet -o "$work/linux.iso" -b isolinux/isolinux.bin -c isolinux/boot.cat \
	-no-emul-boot -boot-load-size 4 -boot-info-table "$work/cd" 2>/dev/null || fail "xorriso"

serial=$work/com1.txt
status=0
timeout "$TIMEOUT" "$GLASSPC" --display none --cpu p6 -m 128 --serial "file:$serial" --debugcon none \
	--max-insns $MAX_INSNS --cdrom "$work/linux.iso" > "$work/out.txt" 2> "$work/err.txt" || status=$?
tr -d '\r' < "$serial" > "$work/com1.lf"

failed=0
check() {
	if grep -q -- "$2" "$work/com1.lf"; then
		echo "ok: $1"
	else
		echo "not ok: $1 (no '$2' on COM1)"
		failed=1
	fi
}
check "the kernel's banner" '^\[ *0\.000000\] Linux version [0-9]'
check "/proc/cpuinfo: no FDIV bug" '^fdiv_bug[[:space:]]*: no$'
check "/proc/cpuinfo: an FPU" '^fpu[[:space:]]*: yes$'
check "/proc/cpuinfo: FPU exceptions (#MF)" '^fpu_exception[[:space:]]*: yes$'
check "SIGFPE for an unmasked x87 zero divide (#MF)" '^init: SIGFPE FPE_FLTDIV from the x87$'
check "init ran to its end" '^init: done, powering off$'
if [ $status -eq 0 ] && grep -q "^glasspc: powered off" "$work/err.txt"; then
	echo "ok: the guest powered the PC off"
else
	echo "not ok: the guest did not power the PC off (exit status $status)"
	failed=1
fi
if [ $failed -ne 0 ]; then
	echo "--- the last lines on COM1:"
	tail -25 "$work/com1.lf"
	echo "--- glasspc's standard error:"
	tail -5 "$work/err.txt"
fi
exit $failed
