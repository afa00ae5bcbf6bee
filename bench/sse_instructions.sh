#!/bin/sh
# Instructions per encode_sse_event call of one core twin, counted by callgrind.
# Usage: bench/sse_instructions.sh [c|p]   (c: compiled twin, p: pure twin)
# The event is the "sse event" benchmark's: three data lines with event and id.
# Runs 1,000 and 11,000 calls and divides the difference by 10,000, so interpreter
# start-up and imports cancel out. Run from the repository root.
set -eu
twin=${1:-c}
python=$(python3 -c 'import os, sys; print(os.path.realpath(sys.executable))')
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$python" -c "
from fastresp import _core, _core_py
f = (_core if '$twin' == 'c' else _core_py).encode_sse_event
data = '{\"token\": \"Hello\"}\n{\"token\": \",\"}\n{\"token\": \" world\"}'
for _ in range($1):
    f(data, event='completion', id='msg-1024')
" 2>&1 | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
small=$(count 1000)
large=$(count 11000)
echo "encode_sse_event ($twin): $(( (large - small) / 10000 )) instructions per call"
