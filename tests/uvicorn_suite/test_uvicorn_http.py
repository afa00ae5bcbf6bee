"""uvicorn's HTTP protocol tests (``tests/protocols/test_http.py`` of its sdist) on its protocols and fastresp's.

The module is fetched from the sdist of the installed uvicorn (``uvicorn_sdist``),
its mocks are given what fastresp's protocol also uses (``mock_adaptations``), and
its test functions are collected here, so they run with this directory's fixtures.
"""

import pytest

pytest.register_assert_rewrite("tests.protocols.test_http")

from compat_doc import expected_failures
from mock_adaptations import adapt_mocks
from uvicorn_sdist import fetch_tests, import_test_http

_suite = import_test_http(fetch_tests())
adapt_mocks(_suite)

pytestmark = _suite.pytestmark
globals().update({name: value for name, value in vars(_suite).items() if name.startswith("test_")})


def test_compat_md_lists_only_cases_this_uvicorn_has():
    """Every expected failure in docs/compat.md names a test function of this uvicorn's file."""
    names = {name for name in vars(_suite) if name.startswith("test_")}
    listed = {pattern.split("[", 1)[0] for pattern in expected_failures().rows}
    assert listed <= names, sorted(listed - names)
