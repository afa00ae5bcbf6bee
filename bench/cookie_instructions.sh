#!/bin/sh
# Instructions per render_set_cookie call of one core twin, counted by callgrind.
# Usage: bench/cookie_instructions.sh [c|p]   (c: compiled twin, p: pure twin)
# See core_call_instructions.sh. Run from the repository root.
set -eu
twin=${1:-c}
n=$(sh "$(dirname "$0")/core_call_instructions.sh" "$twin" render_set_cookie \
    "'session', 'abc123', max_age=3600, path='/', secure=True, http_only=True, same_site='Lax'")
echo "render_set_cookie ($twin): $n instructions per call"
