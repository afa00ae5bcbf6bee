"""The deliberate divergences of docs/compat.md, read from its tables (the one place they are listed)."""

from __future__ import annotations

import dataclasses
import fnmatch
import re
from pathlib import Path

#: docs/compat.md, beside the tests in a checkout and in cibuildwheel's copy (test-sources).
COMPAT = Path(__file__).resolve().parents[1] / "docs" / "compat.md"
#: The heading of the table of uvicorn test cases fastresp fails on purpose.
UVICORN_SUITE_SECTION = "uvicorn's protocol tests"
#: The heading of the table of differences the differential test asserts.
DIFFERENTIAL_SECTION = "Differences on the wire"

_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|(.+)\|\s*$")


@dataclasses.dataclass
class Table:
    """Rows of one compat.md table: a backticked key (a pattern or a name) and its reason."""

    rows: dict[str, str]

    def reason_for(self, name: str) -> str | None:
        """The reason of the first row whose key (an fnmatch pattern, ``[`` taken literally) matches ``name``."""
        for pattern, reason in self.rows.items():
            if fnmatch.fnmatchcase(name, pattern.replace("[", "[[]")):
                return reason
        return None


def read_table(section: str, path: Path = COMPAT) -> Table:
    """The rows of the table under the ``## section`` heading of ``path``; fails if the section is missing."""
    text = path.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(section)}\s*$(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    if match is None:
        raise LookupError(f"{path} has no section '## {section}'")
    rows = {}
    for line in match.group(1).splitlines():
        row = _ROW.match(line.strip())
        if row:
            rows[row.group(1)] = row.group(2).strip()
    return Table(rows)


def expected_failures() -> Table:
    """uvicorn test cases (fastresp's parametrisation) that fail on purpose, with why."""
    return read_table(UVICORN_SUITE_SECTION)
