"""``python -m fastresp``: the same command line as the ``fastresp`` script."""

from __future__ import annotations

import sys


def main() -> int:
    """Run the ``fastresp`` command (``run``, ``demo``) with ``sys.argv``."""
    from .server.cli import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
