"""``render_set_cookie`` binds its arguments exactly as the pure twin's signature does.

The compiled twin reads its arguments straight from the call (vectorcall) instead of
through Cython's generic parser, so here every way of passing them (positional,
keywords in any order, keywords built at run time, ``**mapping``) must give the pure
twin's bytes, every call that does not fit the signature Python's own ``TypeError``,
and no path may keep or drop a reference to an argument.
"""

from __future__ import annotations

import functools
import inspect
import sys

import pytest

from fastresp import _core_py

ATTRIBUTES = {"max_age": 3600, "path": "/", "secure": True, "http_only": True, "same_site": "Lax"}
EXPECTED = b"session=abc123; Max-Age=3600; Path=/; Secure; HttpOnly; SameSite=Lax"


def runtime_name(name: str) -> str:
    """An equal keyword that is a different object from the interned one in source code."""
    built = "".join([name[:1], name[1:]])
    assert built == name and built is not sys.intern(name)
    return built


def test_signature_is_the_pure_twins(impl) -> None:
    """``inspect.signature`` shows the same parameters, kinds and defaults on both twins."""

    def parameters(function) -> list[inspect.Parameter]:
        found = inspect.signature(function).parameters.values()
        return [parameter.replace(annotation=inspect.Parameter.empty) for parameter in found]

    assert parameters(impl.render_set_cookie) == parameters(_core_py.render_set_cookie)
    assert impl.render_set_cookie.__doc__.strip().startswith("Return a Set-Cookie field value")


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda f: f("session", "abc123", **ATTRIBUTES), id="in order"),
        pytest.param(lambda f: f("session", "abc123", **dict(reversed(ATTRIBUTES.items()))), id="reversed"),
        pytest.param(lambda f: f(value="abc123", name="session", **ATTRIBUTES), id="name and value by keyword"),
        pytest.param(lambda f: f("session", value="abc123", **ATTRIBUTES), id="value by keyword"),
        pytest.param(
            lambda f: f("session", "abc123", **{runtime_name(key): item for key, item in ATTRIBUTES.items()}),
            id="keywords built at run time",
        ),
        pytest.param(lambda f: functools.partial(f, "session", path="/")(
            "abc123", same_site="Lax", max_age=3600, http_only=True, secure=True
        ), id="partial"),
        pytest.param(lambda f: f("session", "abc123", encoding="uri", expires=None, domain=None, partitioned=False,
                                 extensions=None, **ATTRIBUTES), id="defaults given"),
    ],
)
def test_every_way_of_passing_gives_the_same_bytes(impl, call) -> None:
    """Keywords match whatever their order or object identity; unset ones take the defaults."""
    assert call(impl.render_set_cookie) == call(_core_py.render_set_cookie) == EXPECTED


def test_defaults_apply(impl) -> None:
    """Without keywords the pure twin's defaults apply (encoding "uri", no attributes)."""
    assert impl.render_set_cookie("a", "b c") == b"a=b%20c"


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((), {}),
        (("a",), {}),
        ((), {"value": "b"}),
        (("a", "b", "c"), {}),
        (("a", "b", "c"), {"path": "/"}),
        (("a", "b"), {"bogus": 1}),
        (("a", "b"), {"path": "/", "Path": "/"}),
        (("a", "b"), {"name": "c"}),
        (("a",), {"name": "c", "value": "b"}),
        (("a", "b"), {runtime_name("secure"): True, "bogus": 1}),
    ],
)
def test_calls_that_do_not_fit_raise_pythons_type_error(impl, args, kwargs) -> None:
    """Missing, extra, unknown and repeated arguments: the pure twin's exception, word for word."""
    with pytest.raises(TypeError) as pure:
        _core_py.render_set_cookie(*args, **kwargs)
    with pytest.raises(TypeError) as ours:
        impl.render_set_cookie(*args, **kwargs)
    assert str(ours.value) == str(pure.value)


def test_arguments_keep_their_reference_counts(impl) -> None:
    """Valid calls, refused values and refused calls leave every argument's count as it was."""
    name, value, path, same_site = "sess" + "ion", "abc" + "123", "/" + "x", "La" + "x"
    before = [sys.getrefcount(item) for item in (name, value, path, same_site)]
    for _ in range(1000):
        impl.render_set_cookie(name, value, path=path, same_site=same_site)
        with pytest.raises(ValueError):
            impl.render_set_cookie(name, value, path=path, same_site="Lux")
        with pytest.raises(TypeError):
            impl.render_set_cookie(name, value, path=path, same_site=same_site, bogus=1)
    assert [sys.getrefcount(item) for item in (name, value, path, same_site)] == before
