#!/bin/sh
# Instructions per request of one app alone, counted by callgrind (immune to machine noise).
# Usage: bench/suite/app_instructions.sh [raw|starlette_app|fastresp_app] [plaintext|json|headers|html|stream|not-modified]
# Runs appcalls.py for 200 and for 2200 calls and divides the difference by 2000,
# so interpreter start-up and imports cancel out. Run from the repository root.
set -eu
app=${1:-fastresp_app}
scenario=${2:-plaintext}
# sys.executable, not its real path: a venv's python is a link to the base interpreter,
# and only the link's path keeps the venv's site-packages (a pyenv shim execs the real binary,
# so sys.executable is never the shim).
python=$(python3 -c 'import sys; print(sys.executable)')
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$python" -m bench.suite.appcalls "$app" "$scenario" "$1" 2>&1 \
        | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
small=$(count 200)
large=$(count 2200)
echo "$app $scenario: $(( (large - small) / 2000 )) instructions per request"
