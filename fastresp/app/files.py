"""Opening files for ``respond_file`` safely: inside the base directory, regular files only.

Every refusal is a ``NotFoundError`` (404): telling "outside the root" apart from
"missing" would let a client probe the file system (security catalogue items 29-30).
"""

from __future__ import annotations

import os
import stat

from ..core import http_date
from ..http.content_type import ContentType
from .contents import LocalFileContent
from .errors import NotFoundError

__all__ = ["open_file", "resolve_inside"]

# O_NONBLOCK: opening a FIFO must not block waiting for a writer; it is refused
# below as not a regular file. O_CLOEXEC: never leak the descriptor to children.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def resolve_inside(base_dir: str | os.PathLike[str], relative_path: str | os.PathLike[str]) -> str:
    """Return the real path of ``relative_path`` under ``base_dir``, or raise NotFoundError.

    Refuses NUL bytes, absolute paths and drive letters, and anything whose real path
    (after ``..`` and every symlink) is not inside the real ``base_dir``.
    """
    relative = os.fspath(relative_path)
    if not isinstance(relative, str):
        raise TypeError(f"relative_path must be str, got {type(relative).__name__}")
    if "\x00" in relative:
        raise NotFoundError("no such file")
    # Backslashes are separators on Windows and a classic traversal disguise elsewhere.
    relative = relative.replace("\\", "/")
    if os.path.isabs(relative) or relative.startswith("/") or os.path.splitdrive(relative)[0]:
        raise NotFoundError("no such file")
    root = os.path.realpath(os.fspath(base_dir))
    target = os.path.realpath(os.path.join(root, relative))
    # commonpath, not startswith: "/static_secret" must not pass for a child of "/static".
    if os.path.commonpath([root, target]) != root:
        raise NotFoundError("no such file")
    return target


def open_file(path: str | os.PathLike[str], content_type: ContentType | None = None) -> LocalFileContent:
    """Open a regular file for sending; missing, unreadable or special files raise NotFoundError."""
    name = os.fspath(path)
    if isinstance(name, bytes) or "\x00" in name:
        raise NotFoundError("no such file")
    try:
        fd = os.open(name, _OPEN_FLAGS)
    except OSError:
        raise NotFoundError("no such file") from None
    try:
        info = os.fstat(fd)
        # Directories, FIFOs, sockets and devices (/dev/zero never ends) are not files to send.
        if not stat.S_ISREG(info.st_mode):
            raise NotFoundError("no such file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    try:
        kind = content_type or ContentType.default_for_file(name)
        content = LocalFileContent(os.path.realpath(name), fd, info.st_size, info.st_mtime, kind)
        content.add_header("Last-Modified", http_date(info.st_mtime).decode("ascii"))
    except BaseException:
        os.close(fd)
        raise
    return content
