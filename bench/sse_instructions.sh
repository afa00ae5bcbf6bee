#!/bin/sh
# Instructions per encode_sse_event call of one core twin, counted by callgrind.
# Usage: bench/sse_instructions.sh [c|p]   (c: compiled twin, p: pure twin)
# The event is the "sse event" benchmark's: three data lines with event and id.
# See core_call_instructions.sh. Run from the repository root.
set -eu
twin=${1:-c}
n=$(sh "$(dirname "$0")/core_call_instructions.sh" "$twin" encode_sse_event \
    "'{\"token\": \"Hello\"}\n{\"token\": \",\"}\n{\"token\": \" world\"}', event='completion', id='msg-1024'")
echo "encode_sse_event ($twin): $n instructions per call"
