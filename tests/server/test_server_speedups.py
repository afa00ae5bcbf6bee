"""The server's hot path (``_hotpath.py``, compiled or run as plain Python) behaves alike in both builds.

Each test takes the ``hotpath`` fixture and so runs on both builds (the compiled one
fails, never skips, when it was expected but is missing); the ``compiled`` tests
compare the two directly. The suite as a whole also runs once per build (CI sets
``FASTRESP_NO_EXTENSIONS=1`` for the pure run).
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import socket
import types

import pytest
import uvicorn
from server_support import load_hotpath
from uvicorn.server import ServerState

from fastresp import core
from fastresp.server import HttpProtocol, _shared, sendfile, speedups

compiled = pytest.mark.compiled


def test_build_is_chosen_like_the_core():
    if core.NO_EXTENSIONS:
        assert speedups.IMPLEMENTATION == "python"
    else:
        assert speedups.IMPLEMENTATION == "cython"  # a missing build must not pass unnoticed
    assert issubclass(HttpProtocol, speedups.ProtocolCore)




@compiled
def test_both_builds_offer_the_same_methods():
    source, built = load_hotpath("python"), load_hotpath("cython")
    assert built.__file__.endswith((".so", ".pyd"))
    for name in ("ProtocolCore", "CycleCore"):
        pure = {n for n in dir(getattr(source, name)) if not n.startswith("__")}
        fast = {n for n in dir(getattr(built, name)) if not n.startswith("__")}
        assert pure <= fast, name



@compiled
def test_the_asgi_coroutines_are_compiled_with_the_rest_of_the_hot_path():
    built = load_hotpath("cython")
    from fastresp.server.cycle import RequestCycle

    cycle = built.CycleCore.__new__(built.CycleCore)
    for name in ("run_asgi", "receive", "send", "_send_later", "_pathsend"):
        assert name not in vars(RequestCycle), name  # one definition, in _hotpath.py
        assert asyncio.iscoroutinefunction(getattr(built.CycleCore, name)), name
    coro = cycle.receive()
    try:
        # Compiled: not the interpreter's own coroutine type, yet asyncio takes it as one.
        assert type(coro) is not types.CoroutineType and asyncio.iscoroutine(coro)
    finally:
        coro.close()

# --- request heads ------------------------------------------------------------------------------


class _Loop:
    def __init__(self) -> None:
        self.soon: list = []  # callbacks for the next turn, run by hand

    def time(self) -> float:
        return 1.0

    def call_soon(self, callback, *args) -> None:
        self.soon.append((callback, args))


def _reader(hotpath, root_path: str = "", max_head_size: int = 16384):
    reader = type("Reader", (hotpath.ProtocolCore,), {})()
    reader.loop = _Loop()
    reader.max_head_size = max_head_size
    reader._via_proxy = False
    reader.app_state = {"shared": 1}
    reader.scope_template = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": None,
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 5000),
        "scheme": "http",
        "method": None,
        "root_path": root_path,
        "path": None,
        "raw_path": None,
        "query_string": None,
        "headers": None,
        "state": None,
        "extensions": None,
    }
    return reader


def _read_head(hotpath, target: bytes, headers, version: str = "1.1", root_path: str = ""):
    reader = _reader(hotpath, root_path)
    reader.on_message_begin()
    reader.on_url(target[:3])  # the target may arrive in pieces
    reader.on_url(target[3:])
    for name, value in headers:
        reader.on_header(name, value)
    return reader, reader.request_scope(b"GET", version)


HEADS = [
    (b"/a/b?x=1&y=2", [(b"Host", b"h")], "1.1", ""),
    (b"/caf%C3%A9%2Fx?q", [(b"Expect", b"100-Continue")], "1.1", ""),
    (b"http://example.com/p?q=1", [(b"TE", b"gzip, Trailers")], "1.1", ""),
    (b"/x", [(b"TE", b"trailers")], "1.0", "/root"),
    (b"*", [], "1.1", ""),
]


@pytest.mark.parametrize(("target", "headers", "version", "root_path"), HEADS)
def test_scope_from_a_head(hotpath, target, headers, version, root_path):
    reader, scope = _read_head(hotpath, target, headers, version, root_path)
    assert list(scope) == list(reader.scope_template)  # the usual key order
    assert scope["headers"] == [(name.lower(), value) for name, value in headers]
    assert scope["http_version"] == version
    assert scope["method"] == "GET"
    assert scope["state"] == {"shared": 1} and scope["state"] is not reader.app_state
    assert scope["path"].startswith(root_path)
    assert ("http.response.early_hint" in scope["extensions"]) == (version == "1.1")
    te = any(name.lower() == b"te" for name, _ in headers)
    assert ("http.response.trailers" in scope["extensions"]) == te
    assert reader._te_trailers == te
    assert reader._expect_continue == any(name == b"Expect" for name, _ in headers)


def test_scope_of_a_percent_encoded_target():
    _, scope = _read_head(load_hotpath("python"), b"/caf%C3%A9%2Fx?q", [])
    assert (scope["path"], scope["raw_path"], scope["query_string"]) == ("/café/x", b"/caf%C3%A9%2Fx", b"q")
    _, scope = _read_head(load_hotpath("python"), b"/x", [], "1.0", "/root")
    assert (scope["path"], scope["raw_path"]) == ("/root/x", b"/root/x")


@compiled
@pytest.mark.parametrize(("target", "headers", "version", "root_path"), HEADS)
def test_twins_build_the_same_scope(target, headers, version, root_path):
    _, pure = _read_head(load_hotpath("python"), target, headers, version, root_path)
    _, compiled = _read_head(load_hotpath("cython"), target, headers, version, root_path)
    assert pure == compiled


def test_a_head_over_the_limit_stops_the_parser(hotpath):
    reader = _reader(hotpath, max_head_size=40)
    reader.on_message_begin()
    reader.on_url(b"/" * 10)
    reader.on_header(b"a", b"b" * 20)  # 10 + 1 + 20 + 4 = 35
    with pytest.raises(_shared.HeadTooLarge):
        reader.on_header(b"c", b"d")


# --- response framing ----------------------------------------------------------------------------


class _Transport:
    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data) -> None:
        self.writes.append(bytes(data))

    def writelines(self, data) -> None:
        self.writes.append(b"|".join(data))

    def close(self) -> None:
        self.closed = True


class _Flow:
    write_paused = False


def _conn(hotpath):
    """A connection as CycleCore sees one: the hotpath's ProtocolCore with the fields it reads."""

    class Conn(hotpath.ProtocolCore):
        def after_response(self, cycle) -> None:
            self.completed += 1

    conn = Conn()
    conn.access_log = False
    conn.completed = 0
    conn.loop = _Loop()
    conn.flow = _Flow()
    conn.transport = _Transport()
    conn.server_state = ServerState()
    conn.server_state.default_headers = [(b"server", b"test")]
    return conn


def _cycle(hotpath, method: bytes = b"GET", version: str = "1.1"):
    cls = type("Cycle", (hotpath.CycleCore,), {})
    conn = _conn(hotpath)
    return cls(conn, {"http_version": version}, method, True, False, False), conn


def _start(headers=(), status: int = 200) -> dict:
    return {"type": "http.response.start", "status": status, "headers": list(headers)}


def _body(body: bytes, more: bool = False) -> dict:
    return {"type": "http.response.body", "body": body, "more_body": more}


SEQUENCES = [
    ("GET", [_start([(b"content-length", b"5")]), _body(b"hello")]),
    ("GET", [_start(), _body(b"he", True), _body(bytearray(b"llo"), True), _body(b"")]),
    ("HEAD", [_start([(b"content-length", b"5")]), _body(b"")]),
    ("GET", [_start(status=204), _body(b"")]),
    ("GET", [_start([(b"content-length", b"2")]), _body(b"abc")]),
    ("GET", [_start([(b"content-length", b"4")]), _body(b"abc")]),
    ("GET", [_body(b"early")]),
    ("GET", [_start(), _start()]),
    ("GET", [_start([(b"content-length", b"1")]), _body(b"a"), _body(b"b")]),
    ("GET", [_start(status=103)]),
    ("GET", [_start([(b"bad name", b"x")])]),
    ("GET", [_start(), _body("text")]),
    ("GET", [{"type": "http.response.nothing"}]),
    ("GET", [_start(), {"type": "http.response.pathsend", "path": "/x"}]),
]


def _run(hotpath, method: str, messages) -> tuple:
    cycle, conn = _cycle(hotpath, method.encode())
    outcome = []
    for message in messages:
        try:
            outcome.append(cycle._dispatch(message))
        except Exception as error:  # noqa: BLE001 - the error is the outcome compared
            outcome.append((type(error).__name__, str(error)))
            break
    return outcome, conn.transport.writes, cycle.state, cycle.keep_alive, conn.completed


def test_content_length_response_leaves_in_one_write(hotpath):
    outcome, writes, state, keep_alive, completed = _run(hotpath, *SEQUENCES[0])
    assert outcome == [_shared.SENT, _shared.SENT] and state == _shared.DONE and completed == 1 and keep_alive
    assert len(writes) == 1 and writes[0].endswith(b"\r\n\r\nhello")


def test_a_failed_message_leaves_the_cycle_failed(hotpath):
    outcome, writes, state, _, completed = _run(hotpath, *SEQUENCES[4])
    assert outcome[-1] == ("RuntimeError", "Response content longer than Content-Length")
    assert (writes, state, completed) == ([], _shared.FAILED, 0)


def test_dispatch_waits_for_a_full_transport_and_ignores_a_gone_client(hotpath):
    cycle, conn = _cycle(hotpath)
    conn.flow.write_paused = True
    assert cycle._dispatch(_start()) == _shared.DRAIN
    assert cycle.state == _shared.WAITING  # nothing was done
    conn.flow.write_paused = False
    assert cycle._dispatch(_start()) == _shared.SENT
    assert cycle._dispatch({"type": "http.response.pathsend", "path": "/x"}) == _shared.PATHSEND
    cycle.connection_lost()
    assert cycle._dispatch(_body(b"late")) == _shared.SENT
    assert conn.transport.writes == []


@compiled
@pytest.mark.parametrize(("method", "messages"), SEQUENCES)
def test_twins_frame_alike(method, messages):
    assert _run(load_hotpath("python"), method, messages) == _run(load_hotpath("cython"), method, messages)


def test_states_are_the_shared_ones(hotpath):
    cycle, _ = _cycle(hotpath)
    assert cycle.state == _shared.WAITING
    cycle._dispatch({**_start(), "trailers": True})
    assert cycle.state == _shared.HEAD_READY
    cycle._dispatch(_body(b"a", True))
    assert cycle.state == _shared.STREAMING
    cycle._dispatch(_body(b""))
    assert cycle.state == _shared.TRAILERS
    with pytest.raises(RuntimeError, match="only 'http.response.trailers' may follow"):
        cycle._dispatch(_body(b""))
    assert cycle.state == _shared.TRAILERS  # a message out of order changes nothing


# --- sendfile: the head leaves with the file, and the socket is left uncorked ------------------------------


@pytest.mark.skipif(not hasattr(socket, "TCP_CORK"), reason="TCP_CORK is Linux-only")
def test_cork_toggles_tcp_cork():
    with socket.create_server(("127.0.0.1", 0)) as server, socket.create_connection(server.getsockname()) as sock:
        sendfile.cork(sock, True)
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_CORK) == 1
        sendfile.cork(sock, False)
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_CORK) == 0


class _SocketTransport(asyncio.Transport):
    """Writes straight to a real socket, so that sendfile runs; records nothing else."""

    def __init__(self, sock: socket.socket) -> None:
        super().__init__()
        self.sock = sock
        self.closed = False

    def get_extra_info(self, name, default=None):
        if name == "socket":
            return self.sock
        return {"peername": ("127.0.0.1", 5000), "sockname": ("127.0.0.1", 8000)}.get(name, default)

    def write(self, data) -> None:
        self.sock.sendall(data)

    def get_write_buffer_size(self) -> int:
        return 0

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


@pytest.mark.skipif(not hasattr(os, "sendfile"), reason="no sendfile(2)")
def test_pathsend_of_a_large_file_goes_out_whole_and_uncorked(tmp_path):
    content = os.urandom(300_000)
    path = tmp_path / "big.bin"
    path.write_bytes(content)

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-length", str(len(content)).encode())]})
        await send({"type": "http.response.pathsend", "path": str(path)})

    async def main() -> bytes:
        config = uvicorn.Config(app, http=HttpProtocol, lifespan="off", proxy_headers=False)
        state = ServerState()
        protocol = HttpProtocol(config=config, server_state=state, app_state={}, _loop=asyncio.get_running_loop())
        with socket.create_server(("127.0.0.1", 0)) as listener:
            client = socket.create_connection(listener.getsockname())
            server_side, _ = listener.accept()
        with client, server_side:
            server_side.setblocking(False)
            client.setblocking(False)
            protocol.connection_made(_SocketTransport(server_side))
            protocol.data_received(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            received = bytearray()
            loop = asyncio.get_running_loop()
            while state.tasks or b"\r\n\r\n" not in received or len(received.partition(b"\r\n\r\n")[2]) < len(content):
                try:
                    received += await asyncio.wait_for(loop.sock_recv(client, 1 << 16), 10)
                except asyncio.TimeoutError:
                    break
            if hasattr(socket, "TCP_CORK"):
                assert server_side.getsockopt(socket.IPPROTO_TCP, socket.TCP_CORK) == 0
            protocol.connection_lost(None)
            return bytes(received)

    received = asyncio.run(main())
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert body == content


# --- one Task per request: context isolation and uvicorn's task set ---------------------------------

_REQUEST_VAR: contextvars.ContextVar[str] = contextvars.ContextVar("request_var", default="unset")


class _RecordingTransport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []

    def get_extra_info(self, name, default=None):
        return {"peername": ("127.0.0.1", 5000), "sockname": ("127.0.0.1", 8000)}.get(name, default)

    def write(self, data) -> None:
        self.writes.append(bytes(data))

    def is_closing(self) -> bool:
        return False

    def close(self) -> None:
        pass

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


@pytest.mark.parametrize("reset", [False, True])
def test_each_request_runs_in_its_own_task_and_context(reset):
    seen = []

    async def app(scope, receive, send):
        seen.append((_REQUEST_VAR.get(), asyncio.current_task() is not None))
        _REQUEST_VAR.set(scope["path"])  # must not leak into the next request
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})

    async def main() -> ServerState:
        config = uvicorn.Config(app, http=HttpProtocol, lifespan="off", proxy_headers=False)
        config.reset_contextvars = reset
        state = ServerState()
        protocol = HttpProtocol(config=config, server_state=state, app_state={}, _loop=asyncio.get_running_loop())
        protocol.connection_made(_RecordingTransport())
        _REQUEST_VAR.set("server")
        for path in (b"/one", b"/two"):
            protocol.data_received(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n\r\n")
            while state.tasks:  # run_asgi takes its task out of the set when it ends
                await asyncio.sleep(0)
        protocol.connection_lost(None)
        return state

    state = asyncio.run(main())
    expected = "unset" if reset else "server"
    assert seen == [(expected, True), (expected, True)]
    assert state.total_requests == 2 and not state.tasks
