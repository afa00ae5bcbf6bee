"""Make the checkout's ``bench`` package importable: it is not installed with fastresp.

Where the suite runs from a copy without ``bench/`` (cibuildwheel's test-sources), these
harness tests have nothing to test and are not collected.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if (REPO / "bench" / "suite").is_dir():
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
else:
    collect_ignore_glob = ["test_bench_*.py"]
