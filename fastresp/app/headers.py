"""``HeaderList``: header fields checked once, when added, and kept as the bytes they are sent as.

A response's own headers (``call.response.headers``) and a content's headers
(``content.headers``, which plugins edit) are both one. Each field goes through the
core's ``check_field`` as it is added, the only header check before the server's
``build_head``; the lower-case name bytes and value bytes it returns are what
``http.response.start`` carries, so building that message copies a list.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..core import check_field
from ..http.headers import HttpHeaders

__all__ = ["HeaderList"]

#: One header field as given: ``(name, value)``.
Field = tuple["str | bytes", "str | bytes"]

_NO_VALUE = object()  # ``append((name, value))``: the pair form plugins use


def _as_pair(field: object) -> Field:
    """Split a ``(name, value)`` field; anything else is the core's "not a pair" error."""
    if type(field) is tuple and len(field) == 2:
        return field  # type: ignore[return-value]
    if type(field) is list and len(field) == 2:
        return (field[0], field[1])
    raise TypeError(f"each header must be a (name, value) pair, got {field!r}")


class HeaderList:
    """Header fields in order, each validated once by the core when added.

    Iterates as ``(name, value)`` pairs; names compare case-insensitively.
    """

    # Three parallel sequences, so that ``in`` and ``asgi()`` are single C-level operations:
    # (name, value) as given, lower-case name bytes, (lower-case name bytes, value bytes).
    # The class's empty tuples serve until the first field, so ``HeaderList()`` runs no
    # Python code: most responses and contents get no header of their own.
    _items: list[Field] | tuple[()] = ()
    #: The lower-case name bytes of the fields, in order (read-only: change the list through its methods).
    names: list[bytes] | tuple[()] = ()
    #: The fields as checked ASGI pairs, in order (read-only; ``asgi()`` gives a copy to hand out).
    pairs: list[tuple[bytes, bytes]] | tuple[()] = ()

    @classmethod
    def of(cls, fields: Iterable[Field]) -> HeaderList:
        """A list holding ``fields``, each checked as by ``append``."""
        result = cls()
        result.extend(fields)
        return result

    def _add(self, field: Field, lower: bytes, value: bytes) -> None:
        """Append one field the core has accepted, with its checked bytes."""
        items = self._items
        if items:
            items.append(field)  # type: ignore[union-attr]
            self.names.append(lower)  # type: ignore[union-attr]
            self.pairs.append((lower, value))  # type: ignore[union-attr]
        else:
            self._items, self.names, self.pairs = [field], [lower], [(lower, value)]

    def append(self, name: object, value: object = _NO_VALUE) -> None:
        """Add a field, ``append(name, value)`` or ``append((name, value))``; a bad one raises.

        Raises ``InvalidHeaderError`` (``TypeError`` for a wrong type) naming the header.
        """
        field = _as_pair(name) if value is _NO_VALUE else (name, value)
        lower, data = check_field(*field)
        self._add(field, lower, data)  # type: ignore[arg-type]

    def extend(self, fields: Iterable[Field]) -> None:
        """Add every field of ``fields``; another ``HeaderList``'s are taken as already checked."""
        if isinstance(fields, HeaderList):
            for field, pair in zip(fields._items, fields.pairs):
                self._add(field, pair[0], pair[1])
            return
        for field in fields:
            self.append(field)

    def prepend(self, fields: HeaderList) -> None:
        """Put the (already checked) fields of ``fields`` before this list's own."""
        if fields.names:
            self._items = [*fields._items, *self._items]
            self.names = [*fields.names, *self.names]
            self.pairs = [*fields.pairs, *self.pairs]

    def _drop(self, lower: bytes) -> None:
        """Remove every field whose lower-case name bytes are ``lower``."""
        if lower in self.names:
            self.keep(lambda name: name != lower)

    def keep(self, predicate: object) -> None:
        """Keep only the fields whose lower-case name bytes satisfy ``predicate``."""
        kept = [index for index, name in enumerate(self.names) if predicate(name)]  # type: ignore[operator]
        if len(kept) != len(self.names):
            self._items = [self._items[index] for index in kept]
            self.names = [self.names[index] for index in kept]
            self.pairs = [self.pairs[index] for index in kept]

    def __getitem__(self, index: int) -> Field:
        return self._items[index]

    def __setitem__(self, index: int, field: Field) -> None:
        """Replace the field at ``index``, checked like an appended one."""
        field = _as_pair(field)
        lower, data = check_field(*field)
        self._items[index] = field  # type: ignore[index]
        self.names[index] = lower  # type: ignore[index]
        self.pairs[index] = (lower, data)  # type: ignore[index]

    def has(self, lower: bytes) -> bool:
        """Whether a field is called ``lower`` (lower-case name bytes, as ``asgi()`` has them)."""
        return lower in self.names

    def get(self, name: str) -> str | None:
        """The first value of ``name``, or None."""
        lower = _KNOWN_LOWER.get(name) if type(name) is str else None
        if lower is None:
            lower = _lower_bytes(name)
        names = self.names
        if lower in names:
            return self._items[names.index(lower)][1]  # type: ignore[return-value]
        return None

    def values(self, name: str) -> list[str]:
        """Every value of ``name``, in order."""
        lower = _KNOWN_LOWER.get(name) if type(name) is str else None
        if lower is None:
            lower = _lower_bytes(name)
        return [item[1] for item, item_lower in zip(self._items, self.names) if item_lower == lower]  # type: ignore[misc]

    def all_values(self) -> list[Field]:
        """Every ``(name, value)`` pair, in order."""
        return list(self._items)

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        lower = _KNOWN_LOWER.get(name)
        return (lower if lower is not None else _lower_bytes(name)) in self.names

    def __iter__(self) -> Iterator[Field]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def asgi(self, unless_in: HeaderList | None = None) -> list[tuple[bytes, bytes]]:
        """The fields as ASGI pairs (lower-case name bytes, value bytes): a new list.

        With ``unless_in``, the fields whose name it also has are left out.
        """
        if unless_in is None or not unless_in.names:
            return list(self.pairs)
        other = unless_in.names
        return [pair for pair in self.pairs if pair[0] not in other]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.all_values()!r})"


#: The lower-case name bytes of every ``HttpHeaders`` name, keyed by the name as spelled there
#: and in lower case: the names plugins look up, found without lower-casing and encoding them.
_KNOWN_LOWER: dict[str, bytes] = {
    spelling: name.lower().encode("latin-1")
    for attribute, name in vars(HttpHeaders).items()
    if not attribute.startswith("_") and type(name) is str
    for spelling in (name, name.lower())
}


def _lower_bytes(name: str) -> bytes | None:
    """``name`` lower-cased as latin-1 bytes; None when it cannot be a header name."""
    try:
        return name.lower().encode("latin-1")
    except (UnicodeEncodeError, AttributeError):
        return None
