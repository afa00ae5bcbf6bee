#!/bin/sh
# Instructions inside the compiled render_set_cookie call alone (entry, body and what they
# call), counted by callgrind with collection toggled on the entry, so the interpreter's
# share of the call, which varies from run to run, is left out. Deterministic.
# Usage: bench/cookie_call_self_instructions.sh   Run from the repository root.
set -eu
python=$(python3 -c 'import sys; print(sys.executable)')  # the interpreter itself, with its venv
calls=20000
total=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    --toggle-collect='*_render_set_cookie_call*' "$python" -c "
from fastresp import _core
f = _core.render_set_cookie
for _ in range($calls):
    f('session', 'abc123', max_age=3600, path='/', secure=True, http_only=True, same_site='Lax')
" 2>&1 | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p')
echo "render_set_cookie (c), inside the call: $(( total / calls )) instructions per call"
