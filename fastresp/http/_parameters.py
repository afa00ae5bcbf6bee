"""Header values with ``; name=value`` parameters: parsing and quoting (RFC 9110 §5.6.4, §5.6.6)."""

from __future__ import annotations

import re

from .._tables import TOKEN_CLASS

__all__ = ["format_parameter", "is_token", "parse_parameters", "quote"]

# One or more tchar, built from the core's table so the two cannot drift.
_TOKEN = re.compile("[" + re.escape("".join(chr(c) for c in range(128) if TOKEN_CLASS[c])) + "]+").fullmatch


def is_token(text: str) -> bool:
    """Whether ``text`` is a non-empty RFC 9110 §5.6.2 token."""
    if type(text) is str:
        return _TOKEN(text) is not None
    return bool(text) and all(ord(c) < 128 and TOKEN_CLASS[ord(c)] for c in text)


def quote(text: str) -> str:
    """Return ``text`` as an RFC 9110 §5.6.4 quoted-string, escaping ``"`` and ``\\``."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def format_parameter(name: str, value: str) -> str:
    """Return ``name=value``, quoting the value unless it is a token."""
    return f"{name}={value if is_token(value) else quote(value)}"


def parse_parameters(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Split ``value; a=1; b="x;y"`` into the leading value and its parameters.

    Quoted strings may hold ``;`` and escaped quotes. Raises ``ValueError`` on a
    parameter without ``=`` or an unterminated quoted string.
    """
    head, _, rest = _split_unquoted(text)
    params: list[tuple[str, str]] = []
    while rest:
        item, _, rest = _split_unquoted(rest)
        item = item.strip()
        if not item:
            continue
        name, eq, raw = item.partition("=")
        name = name.strip()
        raw = raw.strip()
        if not eq or not is_token(name):
            raise ValueError(f"malformed parameter {item!r}")
        if raw.startswith('"'):
            if len(raw) < 2 or not raw.endswith('"') or _unescaped_end(raw) != len(raw) - 1:
                raise ValueError(f"malformed quoted parameter {item!r}")
            raw = _unquote(raw[1:-1])
        elif not is_token(raw):
            raise ValueError(f"malformed parameter value {item!r}")
        params.append((name, raw))
    return head.strip(), params


def _split_unquoted(text: str) -> tuple[str, str, str]:
    """Partition ``text`` at the first ``;`` outside a quoted string."""
    in_quotes = False
    escaped = False
    for index, char in enumerate(text):
        if escaped:
            escaped = False
        elif char == "\\" and in_quotes:
            escaped = True
        elif char == '"':
            in_quotes = not in_quotes
        elif char == ";" and not in_quotes:
            return text[:index], ";", text[index + 1 :]
    if in_quotes:
        raise ValueError(f"unterminated quoted string in {text!r}")
    return text, "", ""


def _unescaped_end(raw: str) -> int:
    """Index of the quote closing the quoted string that starts ``raw``."""
    index = 1
    while index < len(raw):
        if raw[index] == "\\":
            index += 2
            continue
        if raw[index] == '"':
            return index
        index += 1
    return -1


def _unquote(inner: str) -> str:
    """Undo quoted-pair escapes (``\\x`` stands for ``x``)."""
    out = []
    chars = iter(inner)
    for char in chars:
        out.append(next(chars, "") if char == "\\" else char)
    return "".join(out)
