#!/bin/sh
echo "bench-compare: not written yet" >&2
exit 1
