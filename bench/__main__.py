"""``python -m bench`` from a checkout: the end-to-end comparison of issue 6 (see bench/suite).

``bench`` stays a namespace package (no ``__init__.py``): pytest then keeps putting
``bench/`` itself on sys.path for ``bench/test_core_bench.py``, whose conftest imports
its helpers by their bare names.
"""

import sys

from bench.suite.cli import main

sys.exit(main())
