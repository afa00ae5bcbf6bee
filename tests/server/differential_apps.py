"""The same small site written in FastAPI, Starlette, Django and Litestar, for the differential test.

Every app serves: ``/json`` (GET, POST echo), ``/form`` (urlencoded), ``/upload``
(multipart), ``/stream`` (a streamed body), ``/file``, ``/redirect``, ``/cookie``,
``/session/set`` and ``/session/get``, and (except Django, which has no WebSocket
support of its own) a WebSocket echo at ``/ws``; with GZip, CORS, trusted-host and
session middleware in front.
"""


import functools
from pathlib import Path

#: Hosts the trusted-host middleware lets through.
ALLOWED_HOSTS = ["127.0.0.1", "example.org"]
#: A JSON payload large enough for the GZip middlewares to compress (their minimum is 500 bytes).
PAYLOAD = {"message": "hello", "items": [{"id": i, "name": f"item {i}"} for i in range(40)]}
#: The streamed body, in parts.
STREAM_PARTS = [b"first part\n", b"second part\n", b"third part\n"]
SECRET = "differential-test-secret-key-not-for-production-0123456789"
ORIGIN = "https://app.example"


def static_file(directory: Path) -> Path:
    """Write the file ``/file`` serves (fixed contents) and return its path."""
    path = directory / "notes.txt"
    path.write_bytes(b"The same file, served by every framework.\n" * 50)
    return path


def _upload_summary(filename: str, content: bytes, field: str) -> dict:
    return {"filename": filename, "size": len(content), "head": content[:20].decode("latin-1"), "field": field}


async def _stream():
    for part in STREAM_PARTS:
        yield part


def starlette_app(file_path: Path):
    """The site as a Starlette application."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.middleware.gzip import GZipMiddleware
    from starlette.middleware.sessions import SessionMiddleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.responses import FileResponse, JSONResponse, RedirectResponse, StreamingResponse
    from starlette.routing import Route, WebSocketRoute

    async def json_get(request):
        return JSONResponse(PAYLOAD)

    async def json_post(request):
        return JSONResponse({"echo": await request.json()})

    async def form(request):
        async with request.form() as data:
            return JSONResponse(dict(data))

    async def upload(request):
        async with request.form() as data:  # closes the spooled upload
            upload = data["file"]
            return JSONResponse(_upload_summary(upload.filename, await upload.read(), data["field"]))

    async def stream(request):
        return StreamingResponse(_stream(), media_type="text/plain")

    async def file(request):
        return FileResponse(file_path)

    async def redirect(request):
        return RedirectResponse("/json", status_code=302)

    async def cookie(request):
        response = JSONResponse({"ok": True})
        response.set_cookie("flavour", "oat", path="/", httponly=True, samesite="lax")
        response.set_cookie("second", "two")
        return response

    async def session_set(request):
        request.session["user"] = "ada"
        return JSONResponse({"set": True})

    async def session_get(request):
        return JSONResponse({"user": request.session.get("user")})

    async def ws(websocket):
        await websocket.accept()
        message = await websocket.receive_text()
        await websocket.send_text(message)
        await websocket.close()

    routes = [
        Route("/json", json_get, methods=["GET"]),
        Route("/json", json_post, methods=["POST"]),
        Route("/form", form, methods=["POST"]),
        Route("/upload", upload, methods=["POST"]),
        Route("/stream", stream),
        Route("/file", file),
        Route("/redirect", redirect),
        Route("/cookie", cookie),
        Route("/session/set", session_set),
        Route("/session/get", session_get),
        WebSocketRoute("/ws", ws),
    ]
    return Starlette(routes=routes, middleware=_starlette_middleware(
        Middleware, TrustedHostMiddleware, CORSMiddleware, GZipMiddleware, SessionMiddleware))


def _starlette_middleware(Middleware, TrustedHost, CORS, GZip, Sessions) -> list:
    return [
        Middleware(TrustedHost, allowed_hosts=ALLOWED_HOSTS),
        Middleware(CORS, allow_origins=[ORIGIN], allow_methods=["GET", "POST"], allow_headers=["x-custom"]),
        Middleware(GZip, minimum_size=500),
        Middleware(Sessions, secret_key=SECRET),
    ]


def fastapi_app(file_path: Path):
    """The site as a FastAPI application."""
    from fastapi import FastAPI, File, Form, Request, UploadFile, WebSocket
    from fastapi.middleware.cors import CORSMiddleware
    from fastapi.middleware.gzip import GZipMiddleware
    from fastapi.middleware.trustedhost import TrustedHostMiddleware
    from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, StreamingResponse
    from starlette.middleware import Middleware
    from starlette.middleware.sessions import SessionMiddleware

    app = FastAPI(openapi_url=None, middleware=_starlette_middleware(
        Middleware, TrustedHostMiddleware, CORSMiddleware, GZipMiddleware, SessionMiddleware))

    @app.get("/json")
    async def json_get():
        return PAYLOAD

    @app.post("/json")
    async def json_post(request: Request):
        return {"echo": await request.json()}

    @app.post("/form")
    async def form(name: str = Form(), colour: str = Form()):
        return {"name": name, "colour": colour}

    @app.post("/upload")
    async def upload(file: UploadFile = File(), field: str = Form()):  # noqa: B008 - FastAPI's idiom
        return _upload_summary(file.filename, await file.read(), field)

    @app.get("/stream")
    async def stream():
        return StreamingResponse(_stream(), media_type="text/plain")

    @app.get("/file")
    async def file():
        return FileResponse(file_path)

    @app.get("/redirect")
    async def redirect():
        return RedirectResponse("/json", status_code=302)

    @app.get("/cookie")
    async def cookie():
        response = JSONResponse({"ok": True})
        response.set_cookie("flavour", "oat", path="/", httponly=True, samesite="lax")
        response.set_cookie("second", "two")
        return response

    @app.get("/session/set")
    async def session_set(request: Request):
        request.session["user"] = "ada"
        return {"set": True}

    @app.get("/session/get")
    async def session_get(request: Request):
        return {"user": request.session.get("user")}

    @app.websocket("/ws")
    async def ws(websocket: WebSocket):
        await websocket.accept()
        await websocket.send_text(await websocket.receive_text())
        await websocket.close()

    return app


def litestar_app(file_path: Path):
    """The site as a Litestar application."""
    from litestar import Litestar, Request, Response, get, post, websocket
    from litestar.config.allowed_hosts import AllowedHostsConfig
    from litestar.config.compression import CompressionConfig
    from litestar.config.cors import CORSConfig
    from litestar.connection import WebSocket
    from litestar.datastructures import Cookie, UploadFile
    from litestar.middleware.session.client_side import CookieBackendConfig
    from litestar.params import JSONBody, MultipartBody, URLEncodedBody
    from litestar.response import File, Redirect, Stream

    @get("/json")
    async def json_get() -> dict:
        return PAYLOAD

    @post("/json", status_code=200)
    async def json_post(data: JSONBody[dict]) -> dict:
        return {"echo": data}

    @post("/form", status_code=200)
    async def form(data: URLEncodedBody[dict]) -> dict:
        return data

    @post("/upload", status_code=200)
    async def upload(data: MultipartBody[dict]) -> dict:
        file: UploadFile = data["file"]
        try:
            return _upload_summary(file.filename, await file.read(), data["field"])
        finally:
            await file.close()

    @get("/stream")
    async def stream() -> Stream:
        return Stream(_stream(), media_type="text/plain")

    @get("/file")
    async def file() -> File:
        return File(file_path, content_disposition_type="inline")

    @get("/redirect")
    async def redirect() -> Redirect:
        return Redirect("/json", status_code=302)

    @get("/cookie")
    async def cookie() -> Response:
        return Response({"ok": True}, cookies=[
            Cookie(key="flavour", value="oat", path="/", httponly=True, samesite="lax"),
            Cookie(key="second", value="two"),
        ])

    @get("/session/set")
    async def session_set(request: Request) -> dict:
        request.session["user"] = "ada"
        return {"set": True}

    @get("/session/get")
    async def session_get(request: Request) -> dict:
        return {"user": request.session.get("user")}

    @websocket("/ws")
    async def ws(socket: WebSocket) -> None:
        await socket.accept()
        await socket.send_text(await socket.receive_text())
        await socket.close()

    return Litestar(
        route_handlers=[json_get, json_post, form, upload, stream, file, redirect, cookie, session_set,
                        session_get, ws],
        allowed_hosts=AllowedHostsConfig(allowed_hosts=ALLOWED_HOSTS),
        cors_config=CORSConfig(allow_origins=[ORIGIN], allow_methods=["GET", "POST"], allow_headers=["x-custom"]),
        compression_config=CompressionConfig(backend="gzip", minimum_size=500),
        middleware=[CookieBackendConfig(secret=SECRET.encode()[:32]).middleware],
        openapi_config=None,
    )


def django_app(file_path: Path):
    """The site as a Django project (one module of views, configured in-process)."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            DEBUG=False,
            SECRET_KEY=SECRET,
            ALLOWED_HOSTS=ALLOWED_HOSTS,
            ROOT_URLCONF=__name__,
            MIDDLEWARE=[
                "django.middleware.gzip.GZipMiddleware",
                "django.contrib.sessions.middleware.SessionMiddleware",
                "django.middleware.common.CommonMiddleware",
            ],
            INSTALLED_APPS=["django.contrib.sessions"],
            SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
            APPEND_SLASH=False,
            USE_TZ=True,
            LOGGING_CONFIG=None,
        )
        django.setup()
    from django.core.asgi import get_asgi_application

    _DJANGO_FILE[0] = file_path
    return get_asgi_application()


_DJANGO_FILE: list[Path] = [Path()]


@functools.cache
def _django_urlpatterns() -> list:
    import json

    from django.http import FileResponse, HttpResponseRedirect, JsonResponse, StreamingHttpResponse
    from django.urls import path
    from django.views.decorators.csrf import csrf_exempt

    def json_view(request):
        if request.method == "POST":
            return JsonResponse({"echo": json.loads(request.body)})
        return JsonResponse(PAYLOAD)

    def form(request):
        return JsonResponse(request.POST.dict())

    def upload(request):
        file = request.FILES["file"]
        return JsonResponse(_upload_summary(file.name, file.read(), request.POST["field"]))

    def stream(request):
        return StreamingHttpResponse(_stream(), content_type="text/plain")

    def file(request):
        return FileResponse(open(_DJANGO_FILE[0], "rb"))

    def redirect(request):
        return HttpResponseRedirect("/json")

    def cookie(request):
        response = JsonResponse({"ok": True})
        response.set_cookie("flavour", "oat", path="/", httponly=True, samesite="Lax")
        response.set_cookie("second", "two")
        return response

    def session_set(request):
        request.session["user"] = "ada"
        return JsonResponse({"set": True})

    def session_get(request):
        return JsonResponse({"user": request.session.get("user")})

    views = {"json": json_view, "form": form, "upload": upload, "stream": stream, "file": file,
             "redirect": redirect, "cookie": cookie, "session/set": session_set, "session/get": session_get}
    return [path(route, csrf_exempt(view)) for route, view in views.items()]


def __getattr__(name: str):
    # Django reads ROOT_URLCONF's ``urlpatterns``; built on first use, after settings exist.
    if name == "urlpatterns":
        return _django_urlpatterns()
    raise AttributeError(name)


#: Each framework's app factory, by name.
FRAMEWORKS = {
    "fastapi": fastapi_app,
    "starlette": starlette_app,
    "django": django_app,
    "litestar": litestar_app,
}
