#!/bin/sh
# Instructions per HTML DSL page, counted by callgrind (immune to machine noise).
# Usage: bench/html_dsl_instructions.sh [MODULE]   (default fastresp.app.html)
# Renders the page 200 and 2200 times and divides the difference by 2000, so that
# interpreter start-up and imports cancel out. Run from the repository root.
set -eu
module=${1:-fastresp.app.html}
python=$(python3 -c 'import sys; print(sys.executable)')  # the interpreter itself, with its venv
. "$(dirname "$0")/callgrind_collected.sh"
count() {
    collected "$python" -m bench.html_dsl --module "$module" "$1"
}
small=$(count 200)
large=$(count 2200)
echo "$module: $(( (large - small) / 2000 )) instructions per page"
