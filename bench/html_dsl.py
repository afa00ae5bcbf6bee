"""Render the HTML page scenario's page with the HTML DSL N times, for callgrind.

    python -m bench.html_dsl 1000
    bench/html_dsl_instructions.sh            # instructions per page, start-up cancelled out

``--module`` renders with another copy of the DSL (``html_before`` on ``PYTHONPATH``,
say), so that two implementations are counted on the same page.
"""

from __future__ import annotations

import argparse
import importlib

from bench.suite.apps.fastresp_app import _page


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and render the page."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", type=int)
    parser.add_argument("--module", default="fastresp.app.html", help="the DSL module to render with")
    args = parser.parse_args(argv)
    render_page = importlib.import_module(args.module).render_page
    for _ in range(args.pages):
        render_page(_page)


if __name__ == "__main__":
    main()
