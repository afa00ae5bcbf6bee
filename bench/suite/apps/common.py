"""Payloads every benchmark app serves, and the exact bytes each scenario must answer.

The apps build their responses per request, each the way its framework would; the
constants here are the inputs and the expected outputs the harness checks against.
"""

from __future__ import annotations

import html
import json
import os
import random
from dataclasses import asdict, dataclass
from pathlib import Path

#: Where the benchmark files live; the harness creates them and passes the folder on.
DATA_DIR = Path(os.environ.get("FASTRESP_BENCH_DATA", "/tmp/fastresp-bench-data"))
TEMPLATES = Path(__file__).resolve().parent / "templates"

FILE_1M = "bench-1mib.bin"
FILE_100M = "bench-100mib.bin"
FILE_SIZES = {FILE_1M: 1 << 20, FILE_100M: 100 << 20}

PLAINTEXT = "Hello, world!"
STREAM_CHUNK = bytes(range(256)) * 4  # 1 KiB, not compressible by accident
STREAM_CHUNKS = 64
#: The server-sent events scenario: this many small events to one client, the data of
#: event i being SSE_DATA[i % 4] (model tokens, as a chat completion streams them).
SSE_EVENTS = 100_000
SSE_DATA = tuple(json.dumps({"token": token}) for token in ("Hello", ",", " world", "!"))
ETAG = '"bench-v1"'


@dataclass
class Customer:
    """The seed's serialized object (Ktor's ContentNegotiation example)."""

    id: int
    first_name: str
    last_name: str


CUSTOMER = Customer(1, "Jet", "Brains")
#: About 32 KiB of JSON once serialized: the gzip scenario's payload.
CUSTOMERS = [Customer(i, f"First{i:04d}", f"Last-name-{i:04d}") for i in range(506)]

#: The six headers of the headers scenario, as (name, value); the cookies are separate.
HEADERS = [
    ("etag", '"7c876b7e"'),
    ("cache-control", "max-age=3600, public"),
    ("link", "</style.css>; rel=stylesheet"),
    ("x-request-id", "6f1c2e7a-4b3d-4c2a-9f7e-1d2b3c4d5e6f"),
    ("x-frame-options", "DENY"),
    ("custom-header", "Some value"),
]
#: The two cookies: (name, value, max_age); all are Path=/, HttpOnly, Secure, SameSite=Lax.
COOKIES = [("session", "abc123", None), ("theme", "dark", 3600)]
#: The same cookies as Set-Cookie lines, for apps without a cookie API.
SET_COOKIES = [
    "session=abc123; Path=/; Secure; HttpOnly; SameSite=Lax",
    "theme=dark; Max-Age=3600; Path=/; Secure; HttpOnly; SameSite=Lax",
]

TITLE = "Fortunes"
#: Rows of the HTML page; the messages need escaping (< > &) but hold no quotes, whose
#: entity spelling differs between escapers (&#39; vs &#x27;).
ROWS = [
    {"id": 1, "message": "fortune: no such file or directory"},
    {"id": 2, "message": "A computer scientist is someone who fixes things that are not broken."},
    {"id": 3, "message": "After enough decimal places, nobody gives a damn."},
    {"id": 4, "message": "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"},
    {"id": 5, "message": "A computer program does what you tell it to do, not what you want it to do."},
    {"id": 6, "message": "Emacs is a nice operating system, but I prefer UNIX. -- Tom Christaensen"},
    {"id": 7, "message": "Any program that runs right is obsolete."},
    {"id": 8, "message": "A list is only as strong as its weakest link. -- Donald Knuth"},
    {"id": 9, "message": "Feature: A bug with seniority."},
    {"id": 10, "message": "Computers make very fast, very accurate mistakes."},
    {"id": 11, "message": "<script>alert(1);</script> & friends"},
    {
        "id": 12,
        "message": "\u30d5\u30ec\u30fc\u30e0\u30ef\u30fc\u30af\u306e\u30d9\u30f3\u30c1\u30de\u30fc\u30af",
    },
]


def customer_dict(customer: Customer = CUSTOMER) -> dict:
    """A customer as the dict frameworks without dataclass support serialize."""
    return asdict(customer)


def json_bytes(value: object) -> bytes:
    """Compact JSON, the form every stack sends."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def page_html(title: str = TITLE, rows: list[dict] = ROWS) -> str:
    """The HTML page built with string formatting: what the HTML DSL scenario must equal."""
    body = "".join(f"<tr><td>{row['id']}</td><td>{html.escape(row['message'])}</td></tr>" for row in rows)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body><h1>{html.escape(title)}</h1>"
        f"<table><tr><th>id</th><th>message</th></tr>{body}</table></body></html>\n"
    )


def sse_body(events: int = SSE_EVENTS) -> bytes:
    """The scenario's events in their plainest encoding (one ``data:`` line, LF), what every stack's
    stream must decode to."""
    return b"".join(b"data: %s\n\n" % SSE_DATA[i % len(SSE_DATA)].encode() for i in range(events))


def file_path(name: str) -> Path:
    """The absolute path of one benchmark file."""
    return DATA_DIR / name


def ensure_files(data_dir: Path = DATA_DIR) -> None:
    """Create the benchmark files (seeded random bytes) unless they already have the right size."""
    data_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(6)
    for name, size in FILE_SIZES.items():
        path = data_dir / name
        if path.exists() and path.stat().st_size == size:
            continue
        tmp = path.with_suffix(".tmp")
        with open(tmp, "wb") as handle:
            handle.writelines(rng.randbytes(1 << 20) for _ in range(size >> 20))
        os.replace(tmp, path)
