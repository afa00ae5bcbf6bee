"""Header values checked in blocks: a bad byte is found wherever it sits in a long value.

The compiled twin passes whole 16-byte blocks of plain field-content without a table
lookup (and a last block that overlaps the one before), so a control character must
be refused at every offset of values longer than one block, on both twins alike.
"""

from __future__ import annotations

import pytest

from fastresp import _core_py

#: Bytes that are never field-content (RFC 9110 §5.5): controls other than HTAB, and DEL.
BAD = (0x00, 0x01, 0x0A, 0x0D, 0x1F, 0x7F)
SIZES = (15, 16, 17, 31, 32, 33, 47, 70)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("bad", BAD)
def test_a_control_byte_is_refused_at_every_offset(impl, size: int, bad: int) -> None:
    for offset in range(size):
        value = bytearray(b"a" * size)
        value[offset] = bad
        with pytest.raises(impl.InvalidHeaderError, match="control character"):
            impl.check_field(b"x-long", bytes(value))
        with pytest.raises(impl.InvalidHeaderError, match="control character"):
            impl.encode_headers([(b"x-long", bytes(value).decode("latin-1"))])


@pytest.mark.parametrize("size", SIZES)
def test_htab_and_obs_text_inside_a_value_are_kept(impl, size: int) -> None:
    for offset in range(1, size - 1):
        for good in (0x09, 0x20, 0x7E, 0x80, 0xFF):
            value = bytearray(b"a" * size)
            value[offset] = good
            expected = _core_py.check_field(b"x-long", bytes(value))
            assert impl.check_field(b"x-long", bytes(value)) == expected == (b"x-long", bytes(value))
