#!/bin/sh
# Instructions per render_set_cookie call of one core twin, counted by callgrind.
# Usage: bench/cookie_instructions.sh [c|p]   (c: compiled twin, p: pure twin)
# Runs 1,000 and 11,000 calls and divides the difference by 10,000, so interpreter
# start-up and imports cancel out. Run from the repository root.
set -eu
twin=${1:-c}
python=$(python3 -c 'import sys; print(sys.executable)')  # the interpreter itself, with its venv
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$python" -c "
from fastresp import _core, _core_py
f = (_core if '$twin' == 'c' else _core_py).render_set_cookie
for _ in range($1):
    f('session', 'abc123', max_age=3600, path='/', secure=True, http_only=True, same_site='Lax')
" 2>&1 | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
small=$(count 1000)
large=$(count 11000)
echo "render_set_cookie ($twin): $(( (large - small) / 10000 )) instructions per call"
