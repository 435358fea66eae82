#!/bin/sh
# Runs the benchmark workload for a fixed number of instructions (no
# timing: speed is for `make bench`) and checks that its rounds completed
# and printed the checksum that the C reference computes without glasspc.
set -e
expected=$(./bench/workload-ref)
echo "reference: $expected"
exec ./glasspc-bench --insns 20000000 --expect "$expected"
