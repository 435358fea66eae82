#!/bin/sh
# make check: the whole SingleStepTests 8086 set through glasspc-sst.
# The test data lives in the shared folder beside the checkout
# ($(top_srcdir)/../shared); SST8086_DIR overrides where the set is.
srcdir=${srcdir:-.}
set_dir=${SST8086_DIR:-"$srcdir/../shared/testdata/sst8086"}
if [ ! -d "$set_dir/v1_binary" ] || [ ! -f "$set_dir/v1/metadata.json" ]; then
	echo "run-8086.sh: the SingleStepTests 8086 set is missing: expected" >&2
	echo "  $set_dir/v1_binary/*.MOO.gz and $set_dir/v1/metadata.json" >&2
	echo "  (the shared/ folder must sit beside the source checkout, or set SST8086_DIR)" >&2
	exit 99
fi
# -v: the first failing test of each file goes into the log in full.
exec ./glasspc-sst --cpu 8086 -v \
	--meta "$set_dir/v1/metadata.json" \
	--skip-list "$srcdir/tests/sst/skip-8086.txt" \
	"$set_dir/v1_binary"
