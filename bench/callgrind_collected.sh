# Sourced by bench/*_instructions.sh: `collected COMMAND...` prints how many instructions
# callgrind counts for one run of COMMAND; if COMMAND fails, shows its output and exits 1.
collected() {
    collected_log=$(mktemp)
    if ! valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" >"$collected_log" 2>&1; then
        cat "$collected_log" >&2
        rm -f "$collected_log"
        exit 1
    fi
    sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$collected_log"
    rm -f "$collected_log"
}
