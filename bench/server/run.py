"""Load benchmark: uvicorn's httptools protocol vs fastresp's HttpProtocol, measured with wrk.

The server is pinned to CPU 0 and wrk to CPU 1 (``taskset``); both servers run
the same ASGI app from ``apps.py`` with uvloop and no access log. Each pair of
runs alternates the two servers ``--rounds`` times and reports the median.

With ``--nginx`` (Debian's nginx on PATH), nginx joins each round as a reference
for what this load generator and machine can carry at all: one worker on the same
CPU, the same 13-byte body, and the same file with ``sendfile on; tcp_nopush on``.

    python bench/server/run.py                 # plaintext and file benchmarks
    python bench/server/run.py --duration 10 --rounds 3 --nginx plaintext
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]

SERVERS = {
    "uvicorn-httptools": "httptools",
    "fastresp": "fastresp.server:HttpProtocol",
}
FILE = "/tmp/fastresp-bench-1mib.bin"
BENCHMARKS = {
    # name: (app, path, wrk connections)
    "plaintext": ("apps:plaintext", "/", 64),
    "file": ("apps:file", "/", 16),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


NGINX_CONF = """
worker_processes 1;
daemon off;
master_process off;
error_log {dir}/error.log warn;
pid {dir}/nginx.pid;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000000;
    server {{
        listen 127.0.0.1:{port};
        location = /plaintext {{ default_type text/plain; return 200 "Hello, world!"; }}
        location = /file {{ default_type application/octet-stream; alias {file}; }}
    }}
}}
"""


def start_nginx(port: int, file: str, directory: str) -> subprocess.Popen:
    """Start one nginx worker on CPU 0 serving /plaintext and /file (see NGINX_CONF)."""
    conf = Path(directory, "nginx.conf")
    conf.write_text(NGINX_CONF.format(dir=directory, port=port, file=file))
    proc = subprocess.Popen(["taskset", "-c", "0", "nginx", "-c", str(conf), "-p", directory],
                            start_new_session=True, stderr=subprocess.DEVNULL)
    wait_for_port(proc, "nginx", port)
    return proc


def wait_for_port(proc: subprocess.Popen, name: str, port: int) -> None:
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start")
            time.sleep(0.1)


def start_server(protocol: str, app: str, port: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), str(HERE)]))
    command = [
        "taskset", "-c", "0", sys.executable, "-m", "uvicorn", app, "--http", protocol, "--loop", "uvloop",
        "--port", str(port), "--no-access-log", "--log-level", "warning", "--app-dir", str(HERE),
        "--lifespan", "off",
    ]
    proc = subprocess.Popen(command, env=env, start_new_session=True)
    wait_for_port(proc, protocol, port)
    return proc


def stop_server(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process and its reaped children, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def server_pid(proc: subprocess.Popen) -> int:
    """The pid of the Python server started through taskset (taskset execs it in place)."""
    return proc.pid


def wrk(port: int, path: str, connections: int, duration: int) -> tuple[float, int, str]:
    command = ["taskset", "-c", "1", "wrk", "-t1", f"-c{connections}", f"-d{duration}s",
               f"http://127.0.0.1:{port}{path}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        raise RuntimeError(f"wrk saw errors:\n{output}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    assert match and total, output
    return float(match.group(1)), int(total.group(1)), " ".join(command)


def run_benchmark(name: str, duration: int, rounds: int, connections: int | None, nginx: str | None) -> None:
    """Alternate the servers ``rounds`` times; print requests/s and server CPU time per request."""
    app, path, default_connections = BENCHMARKS[name]
    connections = connections or default_connections
    servers = list(SERVERS) + (["nginx"] if nginx else [])
    rates: dict[str, list[float]] = {server: [] for server in servers}
    costs: dict[str, list[float]] = {server: [] for server in servers}
    command = ""
    for _ in range(rounds):
        for server in servers:
            port = free_port()
            url_path = path
            if server == "nginx":
                proc = start_nginx(port, os.environ.get("FASTRESP_BENCH_FILE", FILE), nginx)
                url_path = "/" + name
            else:
                proc = start_server(SERVERS[server], app, port)
            try:
                wrk(port, url_path, connections, 1)  # warm-up
                before = cpu_seconds(server_pid(proc))
                rate, total, command = wrk(port, url_path, connections, duration)
                cost = (cpu_seconds(server_pid(proc)) - before) / total * 1e6
            finally:
                stop_server(proc)
            rates[server].append(rate)
            costs[server].append(cost)
            print(f"{name:10} {server:18} {rate:12,.0f} req/s {cost:9.1f} us CPU/request", flush=True)
    medians = {server: statistics.median(values) for server, values in rates.items()}
    cpu = {server: statistics.median(values) for server, values in costs.items()}
    print(
        f"{name:10} median: fastresp/uvicorn-httptools = {medians['fastresp'] / medians['uvicorn-httptools']:.2f}x "
        f"requests/s, {cpu['uvicorn-httptools'] / cpu['fastresp']:.2f}x less server CPU per request  ({command})",
        flush=True,
    )
    if nginx:
        print(
            f"{name:10} median: nginx/uvicorn-httptools = {medians['nginx'] / medians['uvicorn-httptools']:.2f}x "
            f"requests/s (the most this load generator showed any server doing), "
            f"fastresp/nginx = {medians['fastresp'] / medians['nginx']:.2f}x",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("benchmarks", nargs="*", metavar="BENCHMARK", help=f"some of {list(BENCHMARKS)} (default: all)")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, help="wrk connections (default: per benchmark)")
    parser.add_argument("--nginx", action="store_true", help="add nginx to each round as a reference")
    args = parser.parse_args()
    file = os.environ.get("FASTRESP_BENCH_FILE", FILE)
    if not os.path.exists(file) or os.path.getsize(file) != 1 << 20:
        with open(file, "wb") as handle:
            handle.write(os.urandom(1 << 20))
    with tempfile.TemporaryDirectory(prefix="fastresp-nginx-") as directory:
        for name in args.benchmarks or list(BENCHMARKS):
            run_benchmark(name, args.duration, args.rounds, args.connections, directory if args.nginx else None)


if __name__ == "__main__":
    main()
