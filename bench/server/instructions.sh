#!/bin/sh
# Instructions per request of a protocol class, counted by callgrind (immune to machine noise).
# Usage: bench/server/instructions.sh [fastresp|httptools]
# Runs micro.py for 300 and for 1300 requests and divides the difference by 1000,
# so interpreter start-up and imports cancel out.
set -eu
kind=${1:-fastresp}
here=$(dirname "$0")
python=$(python3 -c 'import os, sys; print(os.path.realpath(sys.executable))')  # not a pyenv shim
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$python" "$here/micro.py" "$kind" "$1" 2>&1 \
        | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
small=$(count 300)
large=$(count 1300)
echo "$kind: $(( (large - small) / 1000 )) instructions per request"
