"""Header names as constants: Ktor's ``HttpHeaders`` (RFC 9110 and the IANA registry)."""

from __future__ import annotations

__all__ = ["HttpHeaders"]


class HttpHeaders:
    """Header name constants, spelled as on the wire (``HttpHeaders.ETag == "ETag"``)."""

    # Request and general fields (RFC 9110, RFC 9111, RFC 6265, ...).
    Accept = "Accept"
    AcceptCharset = "Accept-Charset"
    AcceptEncoding = "Accept-Encoding"
    AcceptLanguage = "Accept-Language"
    AcceptRanges = "Accept-Ranges"
    Age = "Age"
    Allow = "Allow"
    Authorization = "Authorization"
    CacheControl = "Cache-Control"
    Connection = "Connection"
    ContentDisposition = "Content-Disposition"
    ContentEncoding = "Content-Encoding"
    ContentLanguage = "Content-Language"
    ContentLength = "Content-Length"
    ContentLocation = "Content-Location"
    ContentRange = "Content-Range"
    ContentSecurityPolicy = "Content-Security-Policy"
    ContentType = "Content-Type"
    Cookie = "Cookie"
    Date = "Date"
    ETag = "ETag"
    Expect = "Expect"
    Expires = "Expires"
    Forwarded = "Forwarded"
    From = "From"
    Host = "Host"
    IfMatch = "If-Match"
    IfModifiedSince = "If-Modified-Since"
    IfNoneMatch = "If-None-Match"
    IfRange = "If-Range"
    IfUnmodifiedSince = "If-Unmodified-Since"
    LastModified = "Last-Modified"
    Link = "Link"
    Location = "Location"
    MaxForwards = "Max-Forwards"
    Origin = "Origin"
    Pragma = "Pragma"
    ProxyAuthenticate = "Proxy-Authenticate"
    ProxyAuthorization = "Proxy-Authorization"
    Range = "Range"
    Referrer = "Referer"  # Ktor's name; the field itself keeps RFC 1945's spelling
    RetryAfter = "Retry-After"
    Server = "Server"
    SetCookie = "Set-Cookie"
    StrictTransportSecurity = "Strict-Transport-Security"
    TE = "TE"
    Trailer = "Trailer"
    TransferEncoding = "Transfer-Encoding"
    Upgrade = "Upgrade"
    UserAgent = "User-Agent"
    Vary = "Vary"
    Via = "Via"
    Warning = "Warning"
    WWWAuthenticate = "WWW-Authenticate"
    # CORS (Fetch standard).
    AccessControlAllowOrigin = "Access-Control-Allow-Origin"
    AccessControlAllowMethods = "Access-Control-Allow-Methods"
    AccessControlAllowCredentials = "Access-Control-Allow-Credentials"
    AccessControlAllowHeaders = "Access-Control-Allow-Headers"
    AccessControlRequestMethod = "Access-Control-Request-Method"
    AccessControlRequestHeaders = "Access-Control-Request-Headers"
    AccessControlExposeHeaders = "Access-Control-Expose-Headers"
    AccessControlMaxAge = "Access-Control-Max-Age"
    # De-facto standard fields.
    XHttpMethodOverride = "X-Http-Method-Override"
    XForwardedHost = "X-Forwarded-Host"
    XForwardedServer = "X-Forwarded-Server"
    XForwardedProto = "X-Forwarded-Proto"
    XForwardedFor = "X-Forwarded-For"
    XForwardedPort = "X-Forwarded-Port"
    XRequestId = "X-Request-ID"
    XCorrelationId = "X-Correlation-ID"
    XTotalCount = "X-Total-Count"
    LastEventID = "Last-Event-ID"

    #: Fields the server frames the message with; the application may not set them
    #: (RFC 9112 §6: a wrong Content-Length or Transfer-Encoding desynchronises peers).
    UnsafeHeadersList = ("Content-Length", "Transfer-Encoding", "Upgrade")

    @staticmethod
    def is_unsafe(name: str) -> bool:
        """Whether ``name`` is a framing field only the server may set."""
        return name.lower() in _UNSAFE


_UNSAFE = frozenset(name.lower() for name in HttpHeaders.UnsafeHeadersList)
