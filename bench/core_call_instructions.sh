#!/bin/sh
# Instructions per call of one core function on one twin, counted by callgrind.
# Usage: bench/core_call_instructions.sh [c|p] FUNCTION 'ARGUMENTS'   (c: compiled twin, p: pure twin)
# e.g. bench/core_call_instructions.sh c encode_chunk 'b"x" * 1024' prints the count alone.
# Runs it 1,000 and 11,000 times and divides the difference by 10,000, so interpreter
# start-up and imports cancel out. Run from the repository root.
set -eu
twin=$1
function=$2
arguments=$3
python=$(python3 -c 'import sys; print(sys.executable)')  # the interpreter itself, with its venv
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$python" -c "
from fastresp import _core, _core_py
f = (_core if '$twin' == 'c' else _core_py).$function
for _ in range($1):
    f($arguments)
" 2>&1 | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
small=$(count 1000)
large=$(count 11000)
echo "$(( (large - small) / 10000 ))"
