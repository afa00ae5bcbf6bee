"""py-spy's raw samples are folded into own and inclusive time per frame."""

from __future__ import annotations

from bench.suite.hotspots import collapse, table

RAW = [
    "main (m.py:1);loop (l.py:2);handler (h.py:3);write (w.py:4) 6",
    "main (m.py:1);loop (l.py:2);handler (h.py:3) 3",
    "main (m.py:1);loop (l.py:2);rec (r.py:5);rec (r.py:5) 1",
    "garbage line",
]


def test_collapse_counts_own_and_inclusive_samples_once_per_sample():
    total, own, inclusive = collapse(RAW)
    assert total == 10
    assert own["write (w.py:4)"] == 6 and own["handler (h.py:3)"] == 3
    assert inclusive["handler (h.py:3)"] == 9
    assert inclusive["rec (r.py:5)"] == 1  # recursion counted once


def test_table_skips_the_start_up_chain_when_asked():
    total, own, inclusive = collapse(RAW)
    assert table(total, own, 1) == [" 60.0%  write (w.py:4)"]
    assert table(total, inclusive, 2, skip_root=True) == [
        " 90.0%  handler (h.py:3)",
        " 60.0%  write (w.py:4)",
    ]
