#!/bin/sh
# Instructions per request of a protocol class, counted by callgrind (immune to machine noise).
# Usage: bench/server/instructions.sh [fastresp|httptools]
# Runs micro.py for 300 and for 1300 requests and divides the difference by 1000,
# so interpreter start-up and imports cancel out. Repeated runs differ by up to about
# 1.5k (compiled) or 2k (pure): compare medians of several runs.
set -eu
kind=${1:-fastresp}
here=$(dirname "$0")
# sys.executable is the interpreter itself, never a pyenv shim (valgrind would count
# the shim's shell); unresolved, so that a venv's python keeps its site-packages.
python=$(python3 -c 'import sys; print(sys.executable)')
# shellcheck source=../callgrind_collected.sh
. "$here/../callgrind_collected.sh"  # a failing run shows its output and stops the script
count() {
    collected "$python" "$here/micro.py" "$kind" "$1"
}
small=$(count 300)
large=$(count 1300)
echo "$kind: $(( (large - small) / 1000 )) instructions per request"
