"""Header values with ``; name=value`` parameters: parsing and quoting (RFC 9110 §5.6.4, §5.6.6)."""

from __future__ import annotations

import re

from .._tables import TOKEN_CLASS

__all__ = ["format_parameter", "is_token", "parse_parameters", "quote", "split_unquoted"]

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
    pieces, quote_open = split_unquoted(text, ";")
    head = pieces[0]
    params: list[tuple[str, str]] = []
    # An open quote is in the last piece (nothing after it was split on); the pieces
    # before it are checked first, so the first error in the text is the one raised.
    for item in pieces[1:-1] if quote_open else pieces[1:]:
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
    if quote_open:
        raise ValueError(f"unterminated quoted string in {pieces[-1]!r}")
    return head.strip(), params


def split_unquoted(text: str, separator: str, limit: int = -1) -> tuple[list[str], bool]:
    """Split ``text`` at each ``separator`` outside quoted strings (RFC 9110 §5.6.4).

    Returns the pieces and whether a quoted string was left open at the end. With a
    ``limit`` of 0 or more, stops after that many pieces and drops the rest: a cap on
    the work an absurd header can cause.
    """
    pieces = []
    start = 0
    in_quotes = False
    escaped = False
    for index, char in enumerate(text):
        if escaped:
            escaped = False
        elif char == "\\" and in_quotes:
            escaped = True
        elif char == '"':
            in_quotes = not in_quotes
        elif char == separator and not in_quotes:
            pieces.append(text[start:index])
            start = index + 1
            if len(pieces) == limit:
                return pieces, False
    pieces.append(text[start:])
    return pieces, in_quotes


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
