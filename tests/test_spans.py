"""encoder.spans: whether a span overlaps one already taken, as a scan of every span taken would say."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from encoder.spans import Spans

_SPAN = st.tuples(st.integers(0, 40), st.integers(1, 12)).map(lambda span: (span[0], span[0] + span[1]))


@settings(max_examples=500, deadline=None)
@given(steps=st.lists(st.tuples(st.booleans(), _SPAN), max_size=40))
def test_overlaps_and_holds_answer_as_a_scan_of_the_spans_added(steps: list[tuple[bool, tuple[int, int]]]) -> None:
    spans, added = Spans(), []
    for adding, (start, end) in steps:
        assert spans.overlaps(start, end) == any(s < end and start < e for s, e in added), (added, start, end)
        assert spans.holds(start) == any(s <= start < e for s, e in added), (added, start)
        assert spans.holds(end) == any(s <= end < e for s, e in added), (added, end)
        if adding:
            spans.add(start, end)
            added.append((start, end))


def test_spans_that_only_touch_are_not_an_overlap() -> None:
    spans = Spans([(0, 3), (3, 5)])
    assert not spans.overlaps(5, 9) and not spans.overlaps(-2, 0)
    assert spans.overlaps(2, 4) and spans.holds(3) and not spans.holds(5)
