#!/bin/sh
# FreeDOS from the shared floppy: its AUTOEXEC.BAT (extended here with
# mtools) writes a file onto the floppy and then reports on COM1.  The
# file must be in the image, through the floppy controller's DMA writes,
# even though glasspc is stopped by SIGTERM right after; with --snapshot
# the guest sees its write but the image does not change.
. "$(dirname "$0")/lib.sh"
need mtype mcopy
guest=$SHARED/guests/freedos-8086tiny-1440k.img
[ -f "$guest" ] || missing "no $guest"

img=$work/freedos.img
cp "$guest" "$img" && chmod u+w "$img" || fail "copy $guest"
mtype -i "$img" ::/AUTOEXEC.BAT > "$work/autoexec.bat" || fail "mtype"
printf 'echo written by the guest> A:\\GUEST.TXT\r\ntype A:\\GUEST.TXT> COM1\r\necho FREEDOS-STORAGE-OK> COM1\r\n' >> "$work/autoexec.bat"
mcopy -o -i "$img" "$work/autoexec.bat" ::/AUTOEXEC.BAT || fail "mcopy"
cp "$img" "$work/pristine.img"

failed=0
for bios in seabios bochs; do
	cp "$work/pristine.img" "$img"
	if ! boot "freedos-$bios" FREEDOS-STORAGE-OK --bios $bios --fda "$img"; then
		echo "not ok: FreeDOS with $bios did not reach AUTOEXEC's end"
		failed=1
		continue
	fi
	stop_guest TERM
	if mtype -i "$img" ::/GUEST.TXT 2>/dev/null | grep -q "written by the guest"; then
		echo "ok: FreeDOS with $bios wrote A:\\GUEST.TXT, in the image after SIGTERM"
	else
		echo "not ok: A:\\GUEST.TXT missing from the image after SIGTERM ($bios)"
		failed=1
	fi
done

cp "$work/pristine.img" "$img"
if boot freedos-snapshot FREEDOS-STORAGE-OK --snapshot --fda "$img"; then
	stop_guest TERM
	if ! tr -d '\r' < "$work/freedos-snapshot.serial" | grep -q "written by the guest"; then
		echo "not ok: with --snapshot the guest did not read back its file"
		failed=1
	elif cmp -s "$img" "$work/pristine.img"; then
		echo "ok: --snapshot left the image unchanged, and the guest read back its write"
	else
		echo "not ok: --snapshot changed the image"
		failed=1
	fi
else
	failed=1
fi
exit $failed
