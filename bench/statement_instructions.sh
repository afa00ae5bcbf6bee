#!/bin/sh
# Instructions per run of one Python statement, counted by callgrind (immune to machine noise).
# Usage: bench/statement_instructions.sh SETUP STATEMENT
#   e.g. bench/statement_instructions.sh "from fastresp.app.response import ApplicationResponse as R" \
#            "r = R(); r.etag('7c876b7e')"
# Runs SETUP, then STATEMENT 200 and 2200 times in a loop, and divides the difference by 2000,
# so start-up, imports and SETUP cancel out (the loop's own few instructions stay in).
# Run from the repository root.
set -eu
setup=$1
statement=$2
python=$(python3 -c 'import sys; print(sys.executable)')  # the interpreter itself, with its venv
. "$(dirname "$0")/callgrind_collected.sh"
count() {
    collected "$python" -c "
$setup
def _run(n):
    for _ in range(n):
        $statement
_run($1)
"
}
small=$(count 200)
large=$(count 2200)
echo "$(( (large - small) / 2000 )) instructions: $statement"
