"""ContentNegotiation: JSON for many types (same bytes with and without orjson), Accept handling, 406, formats."""

from __future__ import annotations

import datetime as dt
import enum
import json
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

import pydantic
import pytest
from app_support import running

from fastresp.api import Application, ContentNegotiation, ContentType, HttpStatusCode
from fastresp.app import json_codec
from fastresp.app.negotiation import parse_accept, select


class Color(enum.Enum):
    RED = "red"
    BLUE = 2


@dataclass
class Address:
    city: str
    zip: str | None = None


@dataclass
class Person:
    name: str
    tags: list[str] = field(default_factory=list)
    address: Address | None = None
    color: Color = Color.RED


class Model(pydantic.BaseModel):
    id: int
    when: dt.date


SAMPLES = [
    Person("Ann", ["a"], Address("Paris")),
    {"int": 1, "float": 1.5, "none": None, "bool": True, "nested": [1, [2, {"x": "y"}]]},
    [1, 2.5, "three", None],
    (1, 2),
    {3, 1},
    Color.BLUE,
    dt.datetime(2024, 1, 2, 3, 4, 5, 678, tzinfo=dt.timezone.utc),
    dt.datetime(2024, 1, 2, 3, 4, 5),
    dt.date(2024, 1, 2),
    dt.time(12, 30),
    uuid.UUID("12345678-1234-5678-1234-567812345678"),
    Decimal("3.14159265358979323846"),
    Model(id=7, when=dt.date(2020, 5, 17)),
    {"text": 'quote " backslash \\ newline \n control \x01 del \x7f sep \u2028 emoji \U0001f600 \u00e9'},
    {1: "int key", None: "none key", 2.5: "float key", Color.RED: "enum key"},
    {True: "bool key"},  # True == 1, so it needs a dict of its own
    [1e-5, 1e16, 1.5e300, 0.1, -0.0, 5e-324, 123456.789],
    [2**70, -(2**64)],
]


@pytest.mark.parametrize("value", SAMPLES, ids=lambda v: type(v).__name__)
def test_json_is_identical_with_and_without_orjson(value):
    fast = json_codec.dumps(value, use_orjson=True)
    plain = json_codec.dumps(value, use_orjson=False)
    assert fast == plain
    json.loads(fast)  # and it is valid JSON


def test_json_conversions():
    assert json_codec.dumps(Person("Ann", ["a"], Address("Paris"))) == (
        b'{"name":"Ann","tags":["a"],"address":{"city":"Paris","zip":null},"color":"red"}'
    )
    assert json_codec.dumps(Decimal("1.10")) == b'"1.10"'
    assert json_codec.dumps(Model(id=7, when=dt.date(2020, 5, 17))) == b'{"id":7,"when":"2020-05-17"}'
    assert json_codec.dumps({"e": "\u00e9"}) == '{"e":"\u00e9"}'.encode()
    for bad in (float("nan"), float("inf"), {"k": object()}, b"bytes", {(1, 2): 1}):
        with pytest.raises((TypeError, ValueError)):
            json_codec.dumps(bad)
    cycle: list = []
    cycle.append(cycle)
    with pytest.raises(ValueError):
        json_codec.dumps(cycle)


J = ContentType.Application.Json
X = ContentType.Application.Xml
CSV = ContentType.Text.CSV


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, J),
        ("", J),
        ("application/json", J),
        ("application/xml", X),
        ("text/csv;q=0.9, application/xml;q=0.5", CSV),
        ("application/*;q=0.3, application/xml;q=0", J),
        ("*/*;q=0.1, text/csv", CSV),
        ("TEXT/CSV", CSV),
        ("application/xml; charset=utf-8", X),
        ("application/xml; level=1", None),
        ("text/html;q=0", None),
        ("text/html", None),
        ("*/*;q=0", None),
        ("*/*;q=inf", J),
        ("application/xml;q=nan, text/csv", CSV),
        ("application/xml;q=1.0001, text/csv;q=0.5", CSV),
        ("application/xml;q=-1, text/csv;q=0.5", CSV),
        ("a/b;p=\"x,y\", application/xml", X),
        (";;;", J),
        ("/", J),
        (",,,", J),
        ('text/csv;p="unterminated', J),
        ("\x00\x01", J),
    ],
)
def test_accept_selection(accept, expected):
    assert select(parse_accept(accept), [J, X, CSV]) == expected


def test_absurd_accept_is_bounded():
    header = ", ".join(["text/html;level=1"] * 10_000) + ", application/json"
    started = time.perf_counter()
    items = parse_accept(header)
    assert time.perf_counter() - started < 0.5
    assert items is not None and len(items) <= 64


def negotiation_app() -> Application:
    app = Application()
    negotiation = app.install(ContentNegotiation)
    negotiation.register(CSV, lambda value: "\n".join(",".join(map(str, row)) for row in value))

    @app.get("/rows")
    async def rows(call):
        await call.respond([[1, 2], [3, 4]])

    @app.get("/person")
    async def person(call):
        await call.respond(Person("Ann", ["x"]), status=HttpStatusCode.Created)

    @app.post("/echo")
    async def echo(call):
        received = await call.receive(Person)
        await call.respond(received)

    @app.post("/model")
    async def model(call):
        received = await call.receive(Model)
        await call.respond(received)

    @app.post("/list")
    async def as_list(call):
        await call.respond(await call.receive(list[int]))

    return app


def test_negotiation_over_uvicorn():
    with running(negotiation_app()) as client:
        as_json = client.get("/rows", headers={"Accept": "application/json"})
        assert (as_json.headers["content-type"], as_json.content) == ("application/json", b"[[1,2],[3,4]]")
        as_csv = client.get("/rows", headers={"Accept": "text/csv"})
        assert (as_csv.headers["content-type"], as_csv.text) == ("text/csv", "1,2\n3,4")
        refused = client.get("/rows", headers={"Accept": "image/png"})
        assert refused.status_code == 406
        assert "application/json" in refused.text
        for absurd in ["*/*;q=inf", "q=nan", ";;;", "/", "x" * 4000, ",".join(["a/b"] * 5000)]:
            assert client.get("/rows", headers={"Accept": absurd}).status_code in (200, 406)
        created = client.get("/person")
        assert created.status_code == 201
        assert created.json() == {"name": "Ann", "tags": ["x"], "address": None, "color": "red"}

        body = {"name": "Bo", "tags": ["t"], "address": {"city": "Oslo", "zip": "0150"}, "color": 2}
        assert client.post("/echo", json=body).json() == body
        assert client.post("/echo", json={"tags": []}).status_code == 400
        assert client.post("/echo", json={"name": 5}).status_code == 400
        assert client.post("/echo", content=b"NaN", headers={"Content-Type": "application/json"}).status_code == 400
        assert client.post("/echo", content=b"{}", headers={"Content-Type": "text/plain"}).status_code == 415
        assert client.post("/echo", content=b"{}").status_code == 415
        assert client.post("/model", json={"id": 1, "when": "2021-02-03"}).json() == {"id": 1, "when": "2021-02-03"}
        assert client.post("/model", json={"id": "x"}).status_code == 400
        assert client.post("/list", json=[1, 2]).json() == [1, 2]
        assert client.post("/list", json=[1, "2"]).status_code == 400


def test_register_refuses_wildcards():
    negotiation = Application().install(ContentNegotiation)
    with pytest.raises(ValueError):
        negotiation.register("text/*", str)
    with pytest.raises(TypeError):
        negotiation.register(CSV, 42)
