"""Events read back by a strict event-stream parser, written here from the WHATWG HTML standard.

``parse_stream`` follows "Parsing an event stream" and "Interpreting an event stream"
(WHATWG HTML §9.2.5-9.2.6) step by step, so what ``encode_sse_event`` writes is checked
against what an EventSource would dispatch, on both core twins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core_support import property_settings
from hypothesis import given
from hypothesis import strategies as st


@dataclass
class Dispatched:
    """A MessageEvent as the EventSource fires it, with the reconnection time seen so far."""

    type: str
    data: str
    last_event_id: str
    retry: int | None


def parse_stream(stream: bytes) -> list[Dispatched]:
    """Decode UTF-8, split lines at CRLF, CR or LF, and process fields as the standard says."""
    text = stream.decode("utf-8", errors="replace")
    text = text.removeprefix("\ufeff")
    events: list[Dispatched] = []
    data, event_type, last_id, retry = "", "", "", None
    lines = re.split(r"\r\n|\r|\n", text)
    assert lines[-1] == "", "a stream of whole events ends with a line end"
    for line in lines[:-1]:
        if line == "":  # dispatch
            if data == "":
                event_type = ""
                continue
            events.append(Dispatched(event_type or "message", data.removesuffix("\n"), last_id, retry))
            data, event_type = "", ""
            continue
        if line.startswith(":"):
            continue  # a comment
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "event":
            event_type = value
        elif name == "data":
            data += value + "\n"
        elif name == "id":
            if "\x00" not in value:
                last_id = value
        elif name == "retry" and value and all("0" <= c <= "9" for c in value):
            retry = int(value)
    return events


texts = st.lists(
    st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(["\r", "\n", "\r\n"])), max_size=20
).map("".join)
one_line = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x00"))


@property_settings(300)
@given(data=texts, event=st.one_of(st.none(), one_line), id=st.one_of(st.none(), one_line),
       retry=st.one_of(st.none(), st.integers(0, 2**40)), comment=st.one_of(st.none(), texts))
def test_parser_reads_back_what_was_encoded(impl, data, event, id, retry, comment) -> None:
    """Data (line ends as LF), event type, last event id and retry survive the round trip."""
    stream = impl.encode_sse_event(data, event=event, id=id, retry=retry, comment=comment)
    [got] = parse_stream(stream)
    assert got.data == re.sub(r"\r\n|\r", "\n", data)
    assert got.type == (event or "message")
    assert got.last_event_id == (id or "")
    assert got.retry == retry


@property_settings(200)
@given(items=st.lists(st.tuples(texts, st.one_of(st.none(), one_line)), max_size=5))
def test_a_batch_is_the_events_one_after_another(impl, items) -> None:
    """encode_sse_events gives each event to the parser in order, ids carried as the standard says."""
    stream = impl.encode_sse_events([{"data": data, "id": id} for data, id in items])
    assert stream == b"".join(impl.encode_sse_event(data, id=id) for data, id in items)
    got = parse_stream(stream)
    assert [event.data for event in got] == [re.sub(r"\r\n|\r", "\n", data) for data, _ in items]
    last = ""
    for event, (_, id) in zip(got, items):
        last = id if id is not None else last
        assert event.last_event_id == last


def test_a_comment_alone_dispatches_nothing(impl) -> None:
    """A keep-alive comment reaches the parser as no event at all."""
    assert parse_stream(impl.encode_sse_event(comment="ping")) == []
