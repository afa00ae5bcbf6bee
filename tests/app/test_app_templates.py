"""Jinja2 plugin: respond_template and JinjaContent, autoescaping, ETag, content types, failures."""

from __future__ import annotations

import logging

import jinja2
import pytest
from app_support import running

from fastresp.api import Application, ContentType, Jinja2, JinjaContent

TEMPLATES = {
    "page.html": "<p>{{ user }}</p>",
    "page.xml": "<u>{{ user }}</u>",
    "note.txt": "Hi {{ user }}",
    "page.html.j2": "<i>{{ user }}</i>",
}


def template_app(**install) -> Application:
    app = Application()
    app.install(Jinja2, **install)

    @app.get("/html")
    async def html(call):
        await call.respond_template("page.html", {"user": "<b>Jo & Al</b>"}, etag="v1")

    @app.get("/xml")
    async def xml(call):
        await call.respond(JinjaContent("page.xml", {"user": "<x>"}, content_type=ContentType.Application.Xml))

    @app.get("/txt")
    async def txt(call):
        await call.respond_template("note.txt", {"user": "<b>"}, content_type=ContentType.Text.Plain)

    @app.get("/j2")
    async def j2(call):
        await call.respond_template("page.html.j2", {"user": "<x>"})

    @app.get("/missing")
    async def missing(call):
        await call.respond_template("nope.html")

    @app.get("/bad-model")
    async def bad_model(call):
        await call.respond_template("page.html", ["not", "a", "mapping"])

    return app


def test_templates_over_uvicorn(caplog):
    with caplog.at_level(logging.ERROR, logger="fastresp.app"), running(
        template_app(loader=jinja2.DictLoader(TEMPLATES))
    ) as client:
        html = client.get("/html")
        assert html.headers["content-type"] == "text/html; charset=UTF-8"
        assert html.text == "<p>&lt;b&gt;Jo &amp; Al&lt;/b&gt;</p>"
        assert html.headers["etag"] == '"v1"'
        xml = client.get("/xml")
        assert (xml.headers["content-type"], xml.text) == ("application/xml", "<u>&lt;x&gt;</u>")
        txt = client.get("/txt")
        assert (txt.headers["content-type"], txt.text) == ("text/plain", "Hi <b>")
        assert client.get("/j2").text == "<i>&lt;x&gt;</i>"
        assert client.get("/missing").status_code == 500
        assert client.get("/bad-model").status_code == 500


def test_directory_option(tmp_path):
    (tmp_path / "index.html").write_text("<h1>{{ title }}</h1>")
    app = template_app(directory=tmp_path)

    @app.get("/index")
    async def index(call):
        await call.respond_template("index.html", {"title": "A & B"})

    with running(app) as client:
        assert client.get("/index").text == "<h1>A &amp; B</h1>"


def test_install_options_and_missing_plugin(caplog):
    with pytest.raises(TypeError):
        Application().install(Jinja2)
    with pytest.raises(TypeError):
        Application().install(Jinja2, directory=".", loader=jinja2.DictLoader({}))
    app = Application()

    @app.get("/")
    async def index(call):
        await call.respond_template("page.html")

    with caplog.at_level(logging.ERROR, logger="fastresp.app"), running(app) as client:
        assert client.get("/").status_code == 500
    assert any("Jinja2 plugin" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)
