"""Max-Age digits and SameSite spellings, where the compiled twin takes shortcuts.

Max-Age is written two digits per division and a SameSite value spelled canonically is
found by identity; here every digit-count boundary must read back as the number given,
and every spelling (interned literal, equal str built at run time, any case) must give
the same attribute without touching the canonical value's reference count.
"""

from __future__ import annotations

import sys

import pytest

from fastresp._tables import COOKIE_SAME_SITE

#: 0, then 10**k - 1, 10**k and 10**k + 1 for every digit count, up to the C fast path's
#: limit (2**63 - 1) and past it (the general path).
BOUNDARIES = sorted(
    {0, 3600, 2**63 - 1, 2**63, 2**64}
    | {10**k + delta for k in range(1, 20) for delta in (-1, 0, 1)}
)


@pytest.mark.parametrize("max_age", BOUNDARIES)
def test_max_age_reads_back_as_the_number_given(impl, max_age: int) -> None:
    """RFC 6265 §4.1.1 Max-Age is 1*DIGIT: the number's shortest decimal form."""
    field = impl.render_set_cookie("sid", "v", max_age=max_age)
    assert field == b"sid=v; Max-Age=" + str(max_age).encode("ascii")


def runtime_copy(text: str) -> str:
    """An equal str that is a different object from the interned literal."""
    built = "".join([text[:1], text[1:]])
    assert built == text and built is not sys.intern(text)
    return built


@pytest.mark.parametrize("key", sorted(COOKIE_SAME_SITE))
def test_same_site_every_spelling_gives_the_canonical_value(impl, key: str) -> None:
    """Literal, run-time built, lower- and upper-case spellings all write the canonical value."""
    canonical = COOKIE_SAME_SITE[key]
    literal = sys.intern(canonical.decode("ascii"))
    expected = b"sid=v; Secure; SameSite=" + canonical
    before = sys.getrefcount(canonical)
    for spelling in (literal, runtime_copy(literal), key, key.upper()):
        for _ in range(100):
            assert impl.render_set_cookie("sid", "v", secure=True, same_site=spelling) == expected
    assert sys.getrefcount(canonical) == before
