"""nginx as the load generator's ceiling: ``return 200`` and ``sendfile`` on the server's core."""

from __future__ import annotations

from pathlib import Path

from .apps import common

_CONFIG = """\
daemon off;
master_process off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    server_tokens off;
    server {{
        listen 127.0.0.1:{port};
        location = /plaintext {{
            default_type "text/plain; charset=utf-8";
            return 200 "{text}";
        }}
        location /static/ {{
            types {{ }}
            default_type application/octet-stream;
            etag off;
            alias {data}/;
        }}
    }}
}}
"""


def write_config(prefix: Path, port: int) -> Path:
    """Write an nginx.conf serving the plaintext and file scenarios on ``port``; return its path."""
    prefix.mkdir(parents=True, exist_ok=True)
    path = prefix / "nginx.conf"
    path.write_text(_CONFIG.format(prefix=prefix, port=port, text=common.PLAINTEXT, data=common.DATA_DIR))
    return path


def argv(nginx: str, prefix: Path, port: int) -> list[str]:
    """The command running nginx in the foreground, one process, with its config in ``prefix``."""
    config = write_config(prefix, port)
    return [nginx, "-p", str(prefix), "-c", str(config), "-e", str(prefix / "error.log")]
