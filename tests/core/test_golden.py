"""Golden bytes: every row of ``core_golden.CASES`` on both core twins.

The table holds the exact bytes (or exact exception type and message) worked out by
hand from the RFCs, the issue text and the security catalogue; this module only runs it.
"""

from __future__ import annotations

import re

import pytest
from core_golden import CASES, Case, Raises

from fastresp import _core_py


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_golden(impl, case: Case) -> None:
    """One row: the twin returns exactly the expected value or raises exactly as listed."""
    function = getattr(impl, case.function)
    if isinstance(case.expected, Raises):
        with pytest.raises(Exception) as info:  # the exact type is checked below
            function(*case.args, **case.kwargs)
        # Exact type: an InvalidHeaderError where a TypeError is due (or the reverse) is a bug.
        assert type(info.value) is case.expected.type, f"{type(info.value).__name__}: {info.value}"
        for fragment in case.expected.messages:
            assert fragment in str(info.value)
    else:
        result = function(*case.args, **case.kwargs)
        assert type(result) is type(case.expected)
        assert result == case.expected


def test_case_ids_are_unique() -> None:
    """Each row has its own id, so a failure names exactly one case."""
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))


def test_every_public_function_has_cases() -> None:
    """The table covers every public function of the core with valid and invalid input."""
    functions = {name for name in _core_py.__all__ if callable(getattr(_core_py, name))} - {
        "InvalidHeaderError"
    }
    for name in functions:
        rows = [case for case in CASES if case.function == name]
        assert any(not isinstance(case.expected, Raises) for case in rows), name
        assert any(isinstance(case.expected, Raises) for case in rows), name


def test_security_catalogue_items_1_to_18_are_covered() -> None:
    """Items 1-18 of the catalogue's bad-input list (section 4) each have a row."""
    covered = {int(match.group(1)) for case in CASES if (match := re.fullmatch(r"cat-(\d+)", case.ref))}
    assert set(range(1, 19)) <= covered
