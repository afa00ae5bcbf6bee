# cython: language_level=3, embedsignature=True
"""Compiled core: the twin of ``fastresp._core_py`` with the same names, bytes and errors.

The pure twin is the specification; this module follows it check for check, in
the same order, and raises through the same ``fastresp._errors`` constructors so
both give identical exception types and messages. The speed comes from validating
with 256-entry lookup tables in C and writing each result into one buffer.
"""

import binascii
import sys
from time import time as _clock
from collections.abc import Mapping

from cpython.bytearray cimport PyByteArray_AS_STRING, PyByteArray_Check, PyByteArray_GET_SIZE
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_Check, PyBytes_FromStringAndSize, PyBytes_GET_SIZE
from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE
from cpython.long cimport PyLong_AsLongLongAndOverflow
from cpython.ref cimport PyObject
from cpython.tuple cimport PyTuple_GET_ITEM, PyTuple_GET_SIZE
from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from cpython.unicode cimport PyUnicode_AsUTF8String, PyUnicode_Check
from libc.math cimport floor, isfinite
from libc.string cimport memchr, memcmp, memcpy

from datetime import datetime, timezone

from . import _errors
from ._errors import InvalidHeaderError
from ._tables import (
    COOKIE_ATTR_CLASS,
    COOKIE_MAX_ATTRIBUTE,
    COOKIE_MAX_PAIR,
    COOKIE_OCTET_CLASS,
    COOKIE_SAME_SITE,
    COOKIE_STANDARD_ATTRIBUTES,
    DAY_NAMES,
    DEFAULT_FORBIDDEN,
    FIELD_CHAR_CLASS,
    FORBIDDEN_TRAILERS,
    FRAMING_CHUNKED,
    FRAMING_CLOSE,
    FRAMING_LENGTH,
    FRAMING_NONE,
    MAX_CONTENT_LENGTH,
    MAX_TIMESTAMP,
    MIN_TIMESTAMP,
    MONTH_NAMES,
    REASON_CHAR_CLASS,
    SSE_EVENT_KEYS,
    STATUS_PHRASES,
    TOKEN_CLASS,
    URI_UNRESERVED_CLASS,
)

__all__ = [
    "FRAMING_CHUNKED",
    "FRAMING_CLOSE",
    "FRAMING_LENGTH",
    "FRAMING_NONE",
    "InvalidHeaderError",
    "build_head",
    "check_field",
    "encode_chunk",
    "encode_headers",
    "encode_sse_event",
    "encode_sse_events",
    "http_date",
    "last_chunk",
    "render_set_cookie",
    "status_line",
]

# Borrowed-pointer spellings of the type checks and accessors: a view reads an object
# the caller already holds, so it need not touch reference counts.
cdef extern from "Python.h":
    int PyUnicode_1BYTE_KIND
    bint _is_bytes "PyBytes_Check"(PyObject*) noexcept nogil
    char* _bytes_data "PyBytes_AS_STRING"(PyObject*) noexcept nogil
    Py_ssize_t _bytes_size "PyBytes_GET_SIZE"(PyObject*) noexcept nogil
    bint _is_str "PyUnicode_Check"(PyObject*) noexcept nogil
    bint PyUnicode_IS_ASCII(object) noexcept
    int _str_kind "PyUnicode_KIND"(PyObject*) noexcept nogil
    void* _str_data "PyUnicode_DATA"(PyObject*) noexcept nogil
    Py_ssize_t _str_size "PyUnicode_GET_LENGTH"(PyObject*) noexcept nogil


# --- character classes, copied from the shared tables into C arrays ----------------

cdef unsigned char TOKEN[256]
cdef unsigned char FIELD[256]
cdef unsigned char REASON[256]
cdef unsigned char COOKIE_OCTET[256]
cdef unsigned char COOKIE_ATTR[256]
cdef unsigned char URI_UNRESERVED[256]


cdef void _load_class(unsigned char* target, bytes source):
    cdef Py_ssize_t i
    for i in range(256):
        target[i] = source[i]


_load_class(TOKEN, TOKEN_CLASS)
_load_class(FIELD, FIELD_CHAR_CLASS)
_load_class(REASON, REASON_CHAR_CLASS)
_load_class(COOKIE_OCTET, COOKIE_OCTET_CLASS)
_load_class(COOKIE_ATTR, COOKIE_ATTR_CLASS)
_load_class(URI_UNRESERVED, URI_UNRESERVED_CLASS)

cdef const char* HEX_UPPER = b"0123456789ABCDEF"
cdef const char* HEX_LOWER = b"0123456789abcdef"
cdef long long C_MIN_TIMESTAMP = MIN_TIMESTAMP
cdef long long C_MAX_TIMESTAMP = MAX_TIMESTAMP
cdef Py_ssize_t C_COOKIE_MAX_PAIR = COOKIE_MAX_PAIR
cdef Py_ssize_t C_COOKIE_MAX_ATTRIBUTE = COOKIE_MAX_ATTRIBUTE
cdef unsigned long long C_MAX_CONTENT_LENGTH = MAX_CONTENT_LENGTH

cdef int C_FRAMING_NONE = FRAMING_NONE
cdef int C_FRAMING_LENGTH = FRAMING_LENGTH
cdef int C_FRAMING_CHUNKED = FRAMING_CHUNKED
cdef int C_FRAMING_CLOSE = FRAMING_CLOSE

cdef frozenset _FORBIDDEN_TRAILERS = frozenset(name.encode("ascii") for name in FORBIDDEN_TRAILERS)
cdef tuple _DEFAULT_FORBIDDEN = tuple(name.encode("ascii") for name in sorted(DEFAULT_FORBIDDEN))


# --- views: bytes or latin-1 str as (pointer, length) without copying --------------

cdef enum ViewKind:
    VIEW_BYTES = 0
    VIEW_LATIN1 = 1
    VIEW_WIDE_STR = -1  # a str with a character above U+00FF: not latin-1
    VIEW_OTHER = -2  # neither str nor bytes


cdef inline int _view_ptr(PyObject* obj, const unsigned char** data, Py_ssize_t* size) noexcept nogil:
    """Point at the octets of a bytes object or a latin-1 (one byte per char) str."""
    if _is_bytes(obj):
        data[0] = <const unsigned char*>_bytes_data(obj)
        size[0] = _bytes_size(obj)
        return VIEW_BYTES
    if _is_str(obj):
        if _str_kind(obj) == PyUnicode_1BYTE_KIND:
            data[0] = <const unsigned char*>_str_data(obj)
            size[0] = _str_size(obj)
            return VIEW_LATIN1
        return VIEW_WIDE_STR
    return VIEW_OTHER


cdef inline int _view(object obj, const unsigned char** data, Py_ssize_t* size) noexcept:
    """``_view_ptr`` for an object reference."""
    return _view_ptr(<PyObject*>obj, data, size)


cdef inline bint _all_in(const unsigned char* data, Py_ssize_t size, const unsigned char* table) noexcept nogil:
    """Whether every byte is in ``table``'s class (a 0/1 table of 256 entries)."""
    cdef Py_ssize_t i = 0
    cdef unsigned char ok = 1
    # Four lookups per test: header names are short, so the loop's own cost matters.
    while i + 4 <= size:
        ok = table[data[i]] & table[data[i + 1]] & table[data[i + 2]] & table[data[i + 3]]
        if not ok:
            return False
        i += 4
    while i < size:
        ok &= table[data[i]]
        i += 1
    return ok


cdef extern from *:
    """
    #if defined(__SSE2__)
    #include <emmintrin.h>
    /* Whether a 16-byte block has no byte below 0x20 and none equal to 0x7F. */
    static inline int fastresp_plain_block(const unsigned char *data) {
        const __m128i block = _mm_loadu_si128((const __m128i *)data);
        /* a saturated (block - 0x1F) is zero exactly where block <= 0x1F */
        const __m128i control = _mm_cmpeq_epi8(_mm_subs_epu8(block, _mm_set1_epi8(0x1F)), _mm_setzero_si128());
        return !_mm_movemask_epi8(_mm_or_si128(control, _mm_cmpeq_epi8(block, _mm_set1_epi8(0x7F))));
    }
    /* Length of the leading part of data made of such blocks (all field-content, no
       table lookup needed); the whole size when a last, overlapping block is one too. */
    static inline Py_ssize_t fastresp_plain_blocks(const unsigned char *data, Py_ssize_t size) {
        Py_ssize_t i = 0;
        for (; i + 16 <= size; i += 16) {
            if (!fastresp_plain_block(data + i)) return i;
        }
        if (i < size && size >= 16 && fastresp_plain_block(data + size - 16)) return size;
        return i;
    }
    #else
    static inline Py_ssize_t fastresp_plain_blocks(const unsigned char *data, Py_ssize_t size) {
        (void)data; (void)size;
        return 0;
    }
    #endif
    """
    Py_ssize_t _plain_blocks "fastresp_plain_blocks"(const unsigned char* data, Py_ssize_t size) noexcept nogil


cdef inline bint _field_chars_ok(const unsigned char* data, Py_ssize_t size) noexcept nogil:
    """Whether every byte is field-content (FIELD), testing sixteen, then eight bytes at a time.

    A block with no byte below 0x20 and none equal to 0x7F is all field-content, so
    only words that may hold a control character (or HTAB) go through the table.
    """
    cdef Py_ssize_t i = _plain_blocks(data, size), j
    cdef unsigned long long word, flipped
    while i + 8 <= size:
        memcpy(&word, data + i, 8)
        flipped = word ^ 0x7F7F7F7F7F7F7F7FULL
        # A byte's high bit ends up set when it is below 0x20 (first term) or is 0x7F
        # (second term); bytes >= 0x80 clear it through ~word / ~flipped.
        if (
            ((word - 0x2020202020202020ULL) & ~word) | ((flipped - 0x0101010101010101ULL) & ~flipped)
        ) & 0x8080808080808080ULL:
            for j in range(i, i + 8):
                if not FIELD[data[j]]:
                    return False
        i += 8
    for j in range(i, size):
        if not FIELD[data[j]]:
            return False
    return True


cdef inline bint _is_space(unsigned char c) noexcept nogil:
    return c == 0x20 or c == 0x09


cdef inline unsigned char _lower(unsigned char c) noexcept nogil:
    if 0x41 <= c <= 0x5A:
        return c + 0x20
    return c


cdef inline bint _equals_lower(const unsigned char* data, Py_ssize_t size, const char* lower_name, Py_ssize_t name_size) noexcept nogil:
    """Compare ASCII case-insensitively with an already lower-case name."""
    cdef Py_ssize_t i
    if size != name_size:
        return False
    for i in range(size):
        if _lower(data[i]) != <unsigned char>lower_name[i]:
            return False
    return True


# --- an output buffer that starts on the caller's stack ---------------------------

cdef struct Writer:
    char* data
    Py_ssize_t size
    Py_ssize_t capacity
    char* stack


cdef inline void _writer_init(Writer* writer, char* stack, Py_ssize_t capacity) noexcept:
    writer.data = stack
    writer.size = 0
    writer.capacity = capacity
    writer.stack = stack


cdef int _writer_grow(Writer* writer, Py_ssize_t extra) except -1:
    cdef Py_ssize_t capacity = writer.capacity * 2
    cdef char* data
    if capacity < writer.size + extra:
        capacity = writer.size + extra
    if writer.data == writer.stack:
        data = <char*>PyMem_Malloc(capacity)
        if data != NULL:
            memcpy(data, writer.data, writer.size)
    else:
        data = <char*>PyMem_Realloc(writer.data, capacity)
    if data == NULL:
        raise MemoryError()
    writer.data = data
    writer.capacity = capacity
    return 0


cdef inline int _write(Writer* writer, const void* data, Py_ssize_t size) except -1:
    if writer.size + size > writer.capacity:
        _writer_grow(writer, size)
    memcpy(writer.data + writer.size, data, size)
    writer.size += size
    return 0


cdef inline int _write_bytes(Writer* writer, bytes data) except -1:
    return _write(writer, PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data))


# "00" to "99": the decimal writer takes two digits per division.
cdef const char* _DIGIT_PAIRS = (
    b"0001020304050607080910111213141516171819"
    b"2021222324252627282930313233343536373839"
    b"4041424344454647484950515253545556575859"
    b"6061626364656667686970717273747576777879"
    b"8081828384858687888990919293949596979899"
)


cdef inline int _write_decimal(Writer* writer, unsigned long long value) except -1:
    cdef char digits[24]
    cdef int position = 24
    cdef unsigned int pair
    while value >= 100:
        pair = <unsigned int>(value % 100) * 2
        value //= 100
        position -= 2
        digits[position] = _DIGIT_PAIRS[pair]
        digits[position + 1] = _DIGIT_PAIRS[pair + 1]
    if value >= 10:
        pair = <unsigned int>value * 2
        position -= 2
        digits[position] = _DIGIT_PAIRS[pair]
        digits[position + 1] = _DIGIT_PAIRS[pair + 1]
    else:
        position -= 1
        digits[position] = <char>(48 + value)
    return _write(writer, digits + position, 24 - position)


cdef inline void _writer_free(Writer* writer) noexcept:
    if writer.data != writer.stack:
        PyMem_Free(writer.data)
    writer.data = writer.stack


cdef inline bytes _writer_bytes(Writer* writer):
    return PyBytes_FromStringAndSize(writer.data, writer.size)


# --- status line -----------------------------------------------------------------

cdef list _LINES_11 = [b"HTTP/1.1 %d %s\r\n" % (code, STATUS_PHRASES.get(code, b"")) for code in range(100, 1000)]
cdef list _LINES_10 = [b"HTTP/1.0 %d %s\r\n" % (code, STATUS_PHRASES.get(code, b"")) for code in range(100, 1000)]


cdef int _status_code(object status) except -1:
    """Return ``status`` as an int from 100 to 999; bools, floats and strings are refused."""
    cdef int overflow = 0
    cdef long long code
    if type(status) is int:
        code = PyLong_AsLongLongAndOverflow(status, &overflow)
        if overflow or code < 100 or code > 999:
            raise _errors.bad_status(status)
        return <int>code
    if type(status) is bool or not isinstance(status, int) or not 100 <= status <= 999:
        raise _errors.bad_status(status)
    return int(status)


cdef int _version(object http_version) except -1:
    """Return 11 for HTTP/1.1 and 10 for HTTP/1.0; anything else is refused."""
    if PyUnicode_Check(http_version):
        if http_version == "1.1":
            return 11
        if http_version == "1.0":
            return 10
    elif PyBytes_Check(http_version):
        if http_version == b"1.1":
            return 11
        if http_version == b"1.0":
            return 10
    raise _errors.bad_http_version(http_version)


cdef bytes _reason_bytes(object reason):
    """Validate a custom reason phrase and return it as bytes."""
    cdef const unsigned char* data
    cdef Py_ssize_t size
    cdef int kind = _view(reason, &data, &size)
    if kind < 0:
        raise _errors.bad_reason(reason)
    if not _all_in(data, size, REASON):
        raise _errors.bad_reason(reason)
    return PyBytes_FromStringAndSize(<const char*>data, size)


cdef bytes _status_line(int code, object reason, int version):
    if reason is None:
        return <bytes>(_LINES_11[code - 100] if version == 11 else _LINES_10[code - 100])
    cdef bytes phrase = _reason_bytes(reason)
    return (b"HTTP/1.1 %d %s\r\n" if version == 11 else b"HTTP/1.0 %d %s\r\n") % (code, phrase)


def status_line(status, reason=None, http_version="1.1"):
    """Return the status line, e.g. ``b"HTTP/1.1 200 OK\\r\\n"`` (RFC 9112 §4).

    An unknown code gets an empty reason but keeps the space before it.
    """
    cdef int code = _status_code(status)
    cdef int version = _version(http_version)
    return _status_line(code, reason, version)


# --- header lines ------------------------------------------------------------------

cdef struct Field:
    const unsigned char* name
    Py_ssize_t name_size
    const unsigned char* value
    Py_ssize_t value_size


cdef int _check_pair(object item, Field* field) except -1:
    """Validate one ``(name, value)`` pair in the pure twin's order; fill ``field``."""
    # Borrowed references: ``item`` keeps both alive while the caller uses ``field``.
    if type(item) is tuple and PyTuple_GET_SIZE(item) == 2:
        return _check_field(PyTuple_GET_ITEM(item, 0), PyTuple_GET_ITEM(item, 1), field)
    if type(item) is list and PyList_GET_SIZE(item) == 2:
        return _check_field(PyList_GET_ITEM(item, 0), PyList_GET_ITEM(item, 1), field)
    raise _errors.bad_header_pair(item)


cdef int _check_field(PyObject* name, PyObject* value, Field* field) except -1:
    """Validate a header name (RFC 9110 §5.6.2 token) and value (§5.5); fill ``field``."""
    cdef int kind
    kind = _view_ptr(name, &field.name, &field.name_size)
    if kind < 0 or field.name_size == 0 or not _all_in(field.name, field.name_size, TOKEN):
        raise _errors.bad_header_name(<object>name)
    kind = _view_ptr(value, &field.value, &field.value_size)
    if kind == VIEW_OTHER:
        raise _errors.bad_header_value(<object>name, <object>value, "")
    if kind == VIEW_WIDE_STR:
        raise _errors.bad_header_value(<object>name, <object>value, "cannot be encoded as latin-1")
    if not _field_chars_ok(field.value, field.value_size):
        # CR, LF and NUL would split the response; other controls are invalid too.
        raise _errors.bad_header_value(<object>name, <object>value, "contains a control character")
    if field.value_size and (_is_space(field.value[0]) or _is_space(field.value[field.value_size - 1])):
        # field-content has no leading or trailing whitespace (RFC 9110 §5.5).
        raise _errors.bad_header_value(<object>name, <object>value, "has leading or trailing whitespace")
    return 0


cdef inline int _write_field(Writer* writer, Field* field) except -1:
    """Append ``name: value CRLF`` with one capacity check."""
    cdef Py_ssize_t size = field.name_size + field.value_size + 4
    cdef char* out
    if writer.size + size > writer.capacity:
        _writer_grow(writer, size)
    out = writer.data + writer.size
    memcpy(out, field.name, field.name_size)
    out += field.name_size
    out[0] = b":"
    out[1] = b" "
    memcpy(out + 2, field.value, field.value_size)
    out += 2 + field.value_size
    out[0] = b"\r"
    out[1] = b"\n"
    writer.size += size
    return 0


def check_field(name, value):
    """Validate one header field; return its lower-case name bytes and its value bytes.

    The name must be an RFC 9110 §5.6.2 token and the value §5.5 field-content;
    raises ``InvalidHeaderError`` (``TypeError`` for a wrong type) naming the header.
    """
    cdef Field field
    cdef bytes lower
    cdef char* out
    cdef Py_ssize_t i
    _check_field(<PyObject*>name, <PyObject*>value, &field)
    lower = PyBytes_FromStringAndSize(NULL, field.name_size)
    out = PyBytes_AS_STRING(lower)
    for i in range(field.name_size):
        out[i] = <char>_lower(field.name[i])
    if type(value) is bytes:
        return lower, value
    return lower, PyBytes_FromStringAndSize(<const char*>field.value, field.value_size)


def encode_headers(headers):
    """Return the header lines ``name: value\\r\\n`` for ``(name, value)`` pairs.

    Raises ``InvalidHeaderError`` naming the first bad header; nothing partial is returned.
    """
    cdef char stack[1024]
    cdef Writer writer
    cdef Field field
    _writer_init(&writer, stack, sizeof(stack))
    try:
        for item in headers:
            _check_pair(item, &field)
            _write_field(&writer, &field)
        return _writer_bytes(&writer)
    finally:
        _writer_free(&writer)


# --- dates ---------------------------------------------------------------------

cdef object _EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
cdef object _UTC = timezone.utc
cdef long long _now_second = -1
cdef bytes _now_date = b""
cdef const char* _DAYS = b"MonTueWedThuFriSatSun"
cdef const char* _MONTHS = b"JanFebMarAprMayJunJulAugSepOctNovDec"

# The names come from the shared tables; the C strings above must spell the same.
assert _DAYS == b"".join(DAY_NAMES) and _MONTHS == b"".join(MONTH_NAMES)


cdef inline void _two_digits(char* out, int value) noexcept nogil:
    out[0] = <char>(48 + value // 10)
    out[1] = <char>(48 + value % 10)


cdef bytes _format_seconds(long long seconds):
    """Return the IMF-fixdate of a whole POSIX second (RFC 9110 §5.6.7)."""
    cdef char out[29]
    _format_into(seconds, out)
    return PyBytes_FromStringAndSize(out, 29)


cdef void _format_into(long long seconds, char* out) noexcept nogil:
    """Write the 29 bytes of the IMF-fixdate of a whole POSIX second into ``out``."""
    cdef long long days = seconds // 86400
    cdef long long second_of_day = seconds % 86400
    cdef long long z, era, day_of_era, year_of_era, day_of_year, shifted_month, year
    cdef int month, day, weekday
    if second_of_day < 0:  # C division truncates; HTTP dates need the floor
        second_of_day += 86400
        days -= 1
    # Howard Hinnant's days-to-civil algorithm, as in the pure twin.
    z = days + 719468
    era = (z if z >= 0 else z - 146096) // 146097
    day_of_era = z - era * 146097
    year_of_era = (day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // 146096) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    shifted_month = (5 * day_of_year + 2) // 153
    day = <int>(day_of_year - (153 * shifted_month + 2) // 5 + 1)
    month = <int>(shifted_month + 3 if shifted_month < 10 else shifted_month - 9)
    year = year_of_era + era * 400 + (1 if month <= 2 else 0)
    weekday = <int>((days + 3) % 7)
    if weekday < 0:
        weekday += 7
    memcpy(out, _DAYS + 3 * weekday, 3)
    out[3] = b","
    out[4] = b" "
    _two_digits(out + 5, day)
    out[7] = b" "
    memcpy(out + 8, _MONTHS + 3 * (month - 1), 3)
    out[11] = b" "
    _two_digits(out + 12, <int>(year // 100))
    _two_digits(out + 14, <int>(year % 100))
    out[16] = b" "
    _two_digits(out + 17, <int>(second_of_day // 3600))
    out[19] = b":"
    _two_digits(out + 20, <int>(second_of_day % 3600 // 60))
    out[22] = b":"
    _two_digits(out + 23, <int>(second_of_day % 60))
    memcpy(out + 25, b" GMT", 4)


cdef long long _posix_seconds(object value, str what) except? -1:
    """Return a datetime (naive means UTC) or POSIX timestamp as whole seconds, floored."""
    cdef double number
    cdef int overflow = 0
    cdef long long seconds
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            value = value.replace(tzinfo=_UTC)
        delta = value - _EPOCH
        seconds = delta.days * 86400 + delta.seconds
    elif type(value) is bool or not isinstance(value, (int, float)):
        raise _errors.bad_timestamp(value, what)
    elif isinstance(value, float):
        number = value
        if not isfinite(number):
            raise _errors.bad_timestamp(value, what)
        number = floor(number)
        if number < C_MIN_TIMESTAMP or number > C_MAX_TIMESTAMP:
            raise _errors.bad_timestamp(value, what)
        seconds = <long long>number
    else:
        seconds = PyLong_AsLongLongAndOverflow(int(value), &overflow)
        if overflow:
            raise _errors.bad_timestamp(value, what)
    if seconds < C_MIN_TIMESTAMP or seconds > C_MAX_TIMESTAMP:
        raise _errors.bad_timestamp(value, what)
    return seconds


def http_date(timestamp=None):
    """Return an IMF-fixdate such as ``b"Sun, 06 Nov 1994 08:49:37 GMT"``; now when None.

    Independent of locale and time zone; the current date is cached for one second.
    """
    global _now_second, _now_date
    cdef long long now
    if timestamp is None:
        now = <long long>_clock()  # time.time(): the clock the pure twin reads, to the same second
        if now != _now_second:
            _now_date = _format_seconds(now)
            _now_second = now
        return _now_date
    return _format_seconds(_posix_seconds(timestamp, "timestamp"))


# --- chunked coding ----------------------------------------------------------------


cdef inline int _hex_digits(Py_ssize_t size, char* out) noexcept nogil:
    """Write ``size`` in lower-case hex at the end of ``out[16]``; return the digit count."""
    cdef int count = 0
    while True:
        count += 1
        out[16 - count] = HEX_LOWER[size & 0xF]
        size >>= 4
        if size == 0:
            return count


def encode_chunk(data):
    """Return one chunk ``size-hex CRLF data CRLF`` (RFC 9112 §7.1); ``b""`` for no data.

    An empty write yields nothing, because a zero-size chunk would end the body.
    """
    cdef const char* source
    cdef Py_ssize_t size
    cdef char digits[16]
    cdef int count
    cdef bytes result
    cdef char* out
    if isinstance(data, memoryview):
        data = data.tobytes()
    if PyBytes_Check(data):
        source = PyBytes_AS_STRING(data)
        size = PyBytes_GET_SIZE(data)
    elif PyByteArray_Check(data):
        source = PyByteArray_AS_STRING(data)
        size = PyByteArray_GET_SIZE(data)
    else:
        raise _errors.bad_chunk_type(data)
    if size == 0:
        return b""
    count = _hex_digits(size, digits)
    result = PyBytes_FromStringAndSize(NULL, count + size + 4)
    out = PyBytes_AS_STRING(result)
    memcpy(out, digits + 16 - count, count)
    memcpy(out + count, b"\r\n", 2)
    memcpy(out + count + 2, source, size)
    memcpy(out + count + 2 + size, b"\r\n", 2)
    return result


def last_chunk(trailers=None):
    """Return the last chunk with optional trailer fields: ``b"0\\r\\n" trailers b"\\r\\n"``."""
    cdef char stack[512]
    cdef Writer writer
    cdef Field field
    if trailers is None:
        return b"0\r\n\r\n"
    _writer_init(&writer, stack, sizeof(stack))
    try:
        _write(&writer, b"0\r\n", 3)
        for item in trailers:
            _check_pair(item, &field)
            if PyBytes_FromStringAndSize(<const char*>field.name, field.name_size).lower() in _FORBIDDEN_TRAILERS:
                raise _errors.forbidden_trailer(item[0])
            _write_field(&writer, &field)
        _write(&writer, b"\r\n", 2)
        return _writer_bytes(&writer)
    finally:
        _writer_free(&writer)


# --- Set-Cookie ----------------------------------------------------------------------

cdef enum:
    COOKIE_STACK = 512  # a session cookie with its usual attributes fits without a heap copy


# SameSite values as lower-case bytes, canonical bytes, ... (flat), from the shared table.
cdef tuple _SAME_SITE = tuple(
    item for key, canonical in COOKIE_SAME_SITE.items() for item in (key.encode("ascii"), canonical)
)
cdef bytes _SAME_SITE_NONE = COOKIE_SAME_SITE["none"]
# Canonical str spelling (interned, as the caller's literal "Lax" is), canonical bytes, ... (flat).
cdef tuple _SAME_SITE_SPELLED = tuple(
    item for canonical in COOKIE_SAME_SITE.values() for item in (sys.intern(canonical.decode("ascii")), canonical)
)


cdef int _write_percent(Writer* writer, const unsigned char* source, Py_ssize_t size) except -1:
    """Append ``source`` percent-encoded (uppercase hex) outside RFC 3986 unreserved."""
    cdef Py_ssize_t i, length = 0
    cdef unsigned char c
    cdef char* out
    for i in range(size):
        length += 1 if URI_UNRESERVED[source[i]] else 3
    if length == size:
        return _write(writer, source, size)
    if writer.size + length > writer.capacity:
        _writer_grow(writer, length)
    out = writer.data + writer.size
    for i in range(size):
        c = source[i]
        if URI_UNRESERVED[c]:
            out[0] = <char>c
            out += 1
        else:
            out[0] = b"%"
            out[1] = HEX_UPPER[c >> 4]
            out[2] = HEX_UPPER[c & 0xF]
            out += 3
    writer.size += length
    return 0


cdef int _write_cookie_value(Writer* writer, object name, object value, object encoding) except -1:
    """Append a cookie value encoded with "uri", "raw", "dquotes" or "base64"."""
    cdef const unsigned char* octets
    cdef Py_ssize_t size, i
    cdef unsigned char c
    cdef bint quote = False
    cdef object data = value
    if PyUnicode_Check(value):
        if PyUnicode_IS_ASCII(value):
            # ASCII is its own UTF-8: read the characters in place.
            octets = <const unsigned char*>_str_data(<PyObject*>value)
            size = _str_size(<PyObject*>value)
        else:
            try:
                data = value.encode("utf-8")
            except UnicodeEncodeError:
                raise _errors.cookie_problem(name, "value-unicode") from None
            octets = <const unsigned char*>PyBytes_AS_STRING(data)
            size = PyBytes_GET_SIZE(data)
    elif PyBytes_Check(value):
        octets = <const unsigned char*>PyBytes_AS_STRING(value)
        size = PyBytes_GET_SIZE(value)
    else:
        raise _errors.cookie_problem(name, "value-type", value)
    if encoding == "uri":
        return _write_percent(writer, octets, size)
    if encoding == "base64":
        return _write_bytes(writer, binascii.b2a_base64(PyBytes_FromStringAndSize(<const char*>octets, size), newline=False))
    if encoding == "raw":
        if size >= 2 and octets[0] == 0x22 and octets[size - 1] == 0x22:
            valid = _all_in(octets + 1, size - 2, COOKIE_OCTET)
        else:
            valid = _all_in(octets, size, COOKIE_OCTET)
        if not valid:
            raise _errors.cookie_problem(name, "value-raw", value)
        return _write(writer, octets, size)
    if encoding == "dquotes":
        for i in range(size):
            c = octets[i]
            if c < 0x20 or c == 0x7F or c == 0x22 or c == 0x5C or c == 0x3B:
                raise _errors.cookie_problem(name, "value-dquotes", value)
            if c == 0x20 or c == 0x2C:
                quote = True
        if quote:
            _write(writer, b'"', 1)
            _write(writer, octets, size)
            return _write(writer, b'"', 1)
        return _write(writer, octets, size)
    raise _errors.cookie_problem(name, "encoding", encoding)


cdef int _write_cookie_attribute(
    Writer* writer, const char* label, Py_ssize_t label_size, object name, str what, object value
) except -1:
    """Append ``label`` and a Domain, Path or extension value: ASCII, no control, no ';'."""
    cdef const unsigned char* data
    cdef Py_ssize_t size
    cdef int kind = _view(value, &data, &size)
    if kind == VIEW_OTHER:
        raise _errors.cookie_problem(name, "attribute-type", value, what)
    if kind == VIEW_WIDE_STR or size == 0 or not _all_in(data, size, COOKIE_ATTR):
        raise _errors.cookie_problem(name, "attribute-chars", value, what)
    if size > C_COOKIE_MAX_ATTRIBUTE:
        raise _errors.cookie_problem(name, "attribute-size", what=what, limit=COOKIE_MAX_ATTRIBUTE)
    _write(writer, label, label_size)
    return _write(writer, data, size)


cdef inline bint _has_prefix(const unsigned char* name, Py_ssize_t size, const char* lower_prefix, Py_ssize_t prefix_size) noexcept nogil:
    """Whether a cookie name starts with a prefix, matched ASCII case-insensitively."""
    if size < prefix_size:
        return False
    return _equals_lower(name, prefix_size, lower_prefix, prefix_size)


cdef bytes _same_site_value(object name, object same_site):
    """The canonical SameSite spelling of ``same_site`` (any case), or raise naming the cookie."""
    cdef const unsigned char* data
    cdef Py_ssize_t size, i
    cdef PyObject* key
    for i in range(0, PyTuple_GET_SIZE(_SAME_SITE_SPELLED), 2):
        # The usual call names the canonical spelling: found by identity, nothing compared.
        if PyTuple_GET_ITEM(_SAME_SITE_SPELLED, i) == <PyObject*>same_site:
            return <bytes>PyTuple_GET_ITEM(_SAME_SITE_SPELLED, i + 1)
    if not PyUnicode_Check(same_site):
        raise _errors.cookie_problem(name, "same-site-type", same_site)
    if type(same_site) is str and _view(same_site, &data, &size) == VIEW_LATIN1:
        # A latin-1 str lowers to ASCII only from ASCII letters: compare in place.
        for i in range(0, PyTuple_GET_SIZE(_SAME_SITE), 2):
            key = PyTuple_GET_ITEM(_SAME_SITE, i)
            if _equals_lower(data, size, _bytes_data(key), _bytes_size(key)):
                return <bytes>PyTuple_GET_ITEM(_SAME_SITE, i + 1)
        raise _errors.cookie_problem(name, "same-site-value", same_site)
    canonical = COOKIE_SAME_SITE.get(same_site.lower())
    if canonical is None:
        raise _errors.cookie_problem(name, "same-site-value", same_site)
    return canonical


cdef int _write_cookie_extension(Writer* writer, object name, object key, object value) except -1:
    """Append one extension attribute, ``; key=value`` or a bare ``; key`` flag."""
    cdef const unsigned char* data
    cdef Py_ssize_t size
    cdef int kind = _view(key, &data, &size)
    if kind == VIEW_OTHER:
        raise _errors.cookie_problem(name, "extension-name-type", key)
    if kind == VIEW_WIDE_STR or size == 0 or not _all_in(data, size, TOKEN):
        raise _errors.cookie_problem(name, "extension-name", key)
    if PyBytes_FromStringAndSize(<const char*>data, size).decode("latin-1").lower() in COOKIE_STANDARD_ATTRIBUTES:
        raise _errors.cookie_problem(name, "extension-standard", key)
    _write(writer, b"; ", 2)
    _write(writer, data, size)
    if value is None:
        return 0
    return _write_cookie_attribute(writer, b"=", 1, name, f"extension {_errors.describe(key)}", value)


cdef bytes _render_set_cookie(
    object name,
    object value,
    object encoding,
    object max_age,
    object expires,
    object domain,
    object path,
    object secure,
    object http_only,
    object same_site,
    object partitioned,
    object extensions,
):
    """The body of ``render_set_cookie``, with every parameter given."""
    cdef const unsigned char* data
    cdef Py_ssize_t size
    cdef int kind = _view(name, &data, &size)
    cdef bint is_secure
    cdef bint host_prefix
    cdef char stack[COOKIE_STACK]
    cdef char date[29]
    cdef Writer writer
    cdef long long number
    cdef int overflow = 0
    if kind < 0 or size == 0 or not _all_in(data, size, TOKEN):
        raise _errors.bad_cookie_name(name)
    host_prefix = _has_prefix(data, size, b"__host-", 7)
    _writer_init(&writer, stack, COOKIE_STACK)
    try:
        # ``name`` stays referenced by the caller, so ``data`` stays valid throughout.
        _write(&writer, data, size)
        _write(&writer, b"=", 1)
        _write_cookie_value(&writer, name, value, encoding)
        if writer.size - 1 > C_COOKIE_MAX_PAIR:
            raise _errors.cookie_problem(name, "pair-size", limit=COOKIE_MAX_PAIR)

        if type(max_age) is int:
            # The usual case, read in C; ``overflow`` sends huge numbers to the general path.
            number = PyLong_AsLongLongAndOverflow(max_age, &overflow)
        if type(max_age) is int and not overflow:
            if number < 0:
                raise _errors.cookie_problem(name, "max-age-negative", max_age)
            _write(&writer, b"; Max-Age=", 10)
            _write_decimal(&writer, <unsigned long long>number)
        elif max_age is not None:
            if type(max_age) is bool or not isinstance(max_age, int):
                raise _errors.cookie_problem(name, "max-age-type", max_age)
            if max_age < 0:
                raise _errors.cookie_problem(name, "max-age-negative", max_age)
            _write(&writer, b"; Max-Age=", 10)
            _write_bytes(&writer, b"%d" % max_age)
        if expires is not None:
            try:
                _format_into(_posix_seconds(expires, "expires"), date)
            except (TypeError, ValueError) as error:
                raise _errors.bad_cookie(name, str(error), type(error)) from None
            _write(&writer, b"; Expires=", 10)
            _write(&writer, date, 29)
        if domain is not None:
            if host_prefix:
                raise _errors.cookie_problem(name, "host-domain")
            _write_cookie_attribute(&writer, b"; Domain=", 9, name, "domain", domain)
        if path is not None:
            _write_cookie_attribute(&writer, b"; Path=", 7, name, "path", path)
        elif host_prefix:
            raise _errors.cookie_problem(name, "host-path")
        is_secure = bool(secure)
        if is_secure:
            _write(&writer, b"; Secure", 8)
        if http_only:
            _write(&writer, b"; HttpOnly", 10)
        if same_site is not None:
            canonical = _same_site_value(name, same_site)
            if canonical is _SAME_SITE_NONE and not is_secure:
                raise _errors.cookie_problem(name, "same-site-none")
            _write(&writer, b"; SameSite=", 11)
            _write_bytes(&writer, canonical)
        if partitioned:
            if not is_secure:
                raise _errors.cookie_problem(name, "partitioned")
            _write(&writer, b"; Partitioned", 13)
        if not is_secure and _has_prefix(data, size, b"__secure-", 9):
            raise _errors.cookie_problem(name, "secure-prefix")
        if host_prefix:
            if not is_secure:
                raise _errors.cookie_problem(name, "host-secure")
            if path not in ("/", b"/"):
                raise _errors.cookie_problem(name, "host-path")
        if extensions is not None and not isinstance(extensions, Mapping):
            raise _errors.cookie_problem(name, "extensions-type", extensions)
        if extensions:
            for key, extension in extensions.items():
                _write_cookie_extension(&writer, name, key, extension)
        return _writer_bytes(&writer)
    finally:
        _writer_free(&writer)


# --- render_set_cookie's entry point: its arguments read straight from the call ----------
#
# A cookie is rendered once per Set-Cookie line, always with keywords, so matching the
# keywords is a large share of the call. Cython's generic parser scans the parameter list
# once per keyword and takes a reference to each of the twelve values; this entry reads
# the vectorcall arguments (PEP 590) in place and matches each keyword by identity,
# starting after the previous one, which is the order callers write them in.

cdef extern from "Python.h":
    ctypedef PyObject* (*PyCFunction)(PyObject*, PyObject*)
    ctypedef struct PyMethodDef:
        const char* ml_name
        PyCFunction ml_meth
        int ml_flags
        const char* ml_doc
    int METH_FASTCALL
    int METH_KEYWORDS
    object PyCFunction_NewEx(PyMethodDef* definition, object self, object module)
    Py_ssize_t _tuple_size "PyTuple_GET_SIZE"(PyObject*) noexcept nogil
    PyObject* _tuple_item "PyTuple_GET_ITEM"(PyObject*, Py_ssize_t) noexcept nogil


#: The parameters in the pure twin's order: two positional-or-keyword, then keyword-only.
#: Names are interned, so a keyword written in the caller's source is the same object.
cdef tuple _COOKIE_PARAMETERS = tuple(sys.intern(parameter) for parameter in (
    "name", "value", "encoding", "max_age", "expires", "domain", "path",
    "secure", "http_only", "same_site", "partitioned", "extensions",
))
#: Their defaults, copied whole into each call; None for the two required ones (the entry checks them given).
cdef tuple _COOKIE_DEFAULTS = (None, None, "uri", None, None, None, None, False, False, None, False, None)

cdef enum:
    COOKIE_POSITIONAL = 2  # name and value
    COOKIE_PARAMETER_COUNT = 12

# The same two tuples as C arrays, read without touching reference counts (the tuples own them).
cdef PyObject* _COOKIE_NAMES[COOKIE_PARAMETER_COUNT]
cdef PyObject* _COOKIE_DEFAULT_VALUES[COOKIE_PARAMETER_COUNT]
for _index in range(COOKIE_PARAMETER_COUNT):
    _COOKIE_NAMES[_index] = PyTuple_GET_ITEM(_COOKIE_PARAMETERS, _index)
    _COOKIE_DEFAULT_VALUES[_index] = PyTuple_GET_ITEM(_COOKIE_DEFAULTS, _index)
del _index


cdef Py_ssize_t _cookie_parameter(PyObject* key, Py_ssize_t start) noexcept:
    """The index of keyword ``key`` among the parameters, or -1; identity first, from ``start``."""
    cdef Py_ssize_t i
    for i in range(start, COOKIE_PARAMETER_COUNT):
        if _COOKIE_NAMES[i] == key:
            return i
    for i in range(start):
        if _COOKIE_NAMES[i] == key:
            return i
    # A keyword built at run time is an equal str that is not the interned one.
    for i in range(COOKIE_PARAMETER_COUNT):
        if <object>_COOKIE_NAMES[i] == <object>key:
            return i
    return -1


# The body's parameters are ``object`` in Cython but plain ``PyObject*`` in C; called
# through this type, the entry hands it the borrowed arguments as they are, where a direct
# call would take and drop a reference to each of the twelve. The body never rebinds a
# parameter, so borrowing is safe: the caller holds every argument for the whole call.
ctypedef object (*_CookieBody)(
    PyObject*, PyObject*, PyObject*, PyObject*, PyObject*, PyObject*,
    PyObject*, PyObject*, PyObject*, PyObject*, PyObject*, PyObject*,
)
cdef _CookieBody _render_set_cookie_borrowed = <_CookieBody><void*>_render_set_cookie


cdef object _render_set_cookie_call(PyObject* module, PyObject** args, Py_ssize_t count, PyObject* keywords):
    """``render_set_cookie``'s METH_FASTCALL | METH_KEYWORDS entry; borrows every argument."""
    cdef PyObject* given[COOKIE_PARAMETER_COUNT]
    cdef Py_ssize_t i, index, start = COOKIE_POSITIONAL
    # One bit per parameter given, to refuse a repeated one; starts with the defaults in place.
    cdef unsigned int seen = 0
    cdef bint valid = count <= COOKIE_POSITIONAL
    memcpy(given, _COOKIE_DEFAULT_VALUES, sizeof(given))
    if valid:
        for i in range(count):
            given[i] = args[i]
            seen |= 1u << i
        if keywords != NULL:
            for i in range(_tuple_size(keywords)):
                index = _cookie_parameter(_tuple_item(keywords, i), start)
                if index < 0 or seen & (1u << index):
                    valid = False
                    break
                given[index] = args[count + i]
                seen |= 1u << index
                start = index + 1
        valid = valid and (seen & 3u) == 3u  # name and value are required
    if not valid:
        _raise_call_error(args, count, keywords)
    return _render_set_cookie_borrowed(
        given[0], given[1], given[2], given[3], given[4], given[5],
        given[6], given[7], given[8], given[9], given[10], given[11],
    )


cdef int _raise_call_error(PyObject** args, Py_ssize_t count, PyObject* keywords) except -1:
    """Raise the TypeError Python raises for a call that does not fit the signature.

    The pure twin's signature is the specification, so the call is bound against it,
    which gives Python's own message (missing, unexpected or repeated arguments).
    """
    positional = [<object>args[i] for i in range(count)]
    named = {}
    if keywords != NULL:
        for i in range(_tuple_size(keywords)):
            named[<object>_tuple_item(keywords, i)] = <object>args[count + i]
    from . import _core_py

    _core_py.render_set_cookie(*positional, **named)
    raise AssertionError("render_set_cookie: a call the entry refused bound in the pure twin")


#: The docstring, led by the signature in the form ``inspect.signature`` reads.
cdef bytes _RENDER_SET_COOKIE_DOC = (
    "render_set_cookie(name, value, *, "
    + ", ".join(f"{parameter}={default!r}" for parameter, default in zip(_COOKIE_PARAMETERS[2:], _COOKIE_DEFAULTS[2:]))
    + ")\n--\n\n"
    + 'Return a Set-Cookie field value, e.g. ``b"sid=abc; Path=/; Secure; HttpOnly"``.\n\n'
    + "Validates per RFC 6265 \u00a74.1 and the 6265bis prefixes; errors name the cookie."
).encode("utf-8")
cdef PyMethodDef _RENDER_SET_COOKIE_METHOD
_RENDER_SET_COOKIE_METHOD.ml_name = b"render_set_cookie"
_RENDER_SET_COOKIE_METHOD.ml_meth = <PyCFunction><void*>_render_set_cookie_call
_RENDER_SET_COOKIE_METHOD.ml_flags = METH_FASTCALL | METH_KEYWORDS
_RENDER_SET_COOKIE_METHOD.ml_doc = _RENDER_SET_COOKIE_DOC  # the module keeps the bytes alive
render_set_cookie = PyCFunction_NewEx(&_RENDER_SET_COOKIE_METHOD, None, __name__)


# --- whole response head -------------------------------------------------------------


cdef unsigned long long _content_length(object name, Field* field) except? 0:
    """Parse an application's Content-Length: ``1*DIGIT`` only (RFC 9110 §8.6)."""
    cdef Py_ssize_t i = 0
    cdef unsigned long long result = 0
    cdef unsigned char c
    cdef Py_ssize_t significant = 0
    cdef bint valid = field.value_size > 0
    for i in range(field.value_size):
        c = field.value[i]
        if c < 0x30 or c > 0x39:
            valid = False
            break
        if significant or c != 0x30:  # leading zeros do not count towards the limit
            significant += 1
            if significant > 19:
                valid = False
                break
            result = result * 10 + (c - 0x30)
    if valid and result > C_MAX_CONTENT_LENGTH:
        valid = False
    if not valid:
        raise InvalidHeaderError(
            f"invalid value for header {_errors.describe(name)}: "
            f"{_errors.describe(PyBytes_FromStringAndSize(<const char*>field.value, field.value_size))} "
            "(Content-Length must be 1*DIGIT, at most 2**63-1)"
        )
    return result


cdef enum:
    OPTION_CLOSE = 1  # the Connection value lists "close"
    OPTION_OTHER = 2  # it lists an option other than "close" and "keep-alive"


cdef int _connection_options(Field* field) noexcept:
    """Classify the options of a Connection value (RFC 9110 §7.6.1) as OPTION_* flags."""
    cdef Py_ssize_t start = 0, end, i
    cdef Py_ssize_t size = field.value_size
    cdef int flags = 0
    for i in range(size + 1):
        if i == size or field.value[i] == 0x2C:
            end = i
            while start < end and _is_space(field.value[start]):
                start += 1
            while end > start and _is_space(field.value[end - 1]):
                end -= 1
            if _equals_lower(field.value + start, end - start, b"close", 5):
                flags |= OPTION_CLOSE
            elif end > start and not _equals_lower(field.value + start, end - start, b"keep-alive", 10):
                flags |= OPTION_OTHER
            start = i + 1
    return flags


cdef bint _named_in(Field* field, list names):
    """Whether ``field``'s name equals one of ``names`` (str or bytes), case-insensitively."""
    cdef const unsigned char* data = NULL
    cdef Py_ssize_t size = 0, i
    for other in names:
        _view(other, &data, &size)
        if size != field.name_size:
            continue
        for i in range(size):
            if _lower(data[i]) != _lower(field.name[i]):
                break
        else:
            return True
    return False


cdef inline bint _same_name(Field* a, Field* b) noexcept nogil:
    """Whether two validated field names are equal ASCII case-insensitively."""
    cdef Py_ssize_t i
    if a.name_size != b.name_size:
        return False
    for i in range(a.name_size):
        if _lower(a.name[i]) != _lower(b.name[i]):
            return False
    return True


cdef enum:
    MAX_FAST_DEFAULTS = 8  # Date, Server and a few --header values fit


cdef inline bint _is_default_forbidden(Field* field):
    """Whether a default header is a framing or connection field (see DEFAULT_FORBIDDEN)."""
    cdef bytes forbidden
    for forbidden in _DEFAULT_FORBIDDEN:
        if _equals_lower(field.name, field.name_size, PyBytes_AS_STRING(forbidden), PyBytes_GET_SIZE(forbidden)):
            return True
    return False


cdef int _prepare_defaults(object defaults, Field* fields) except -2:
    """Pre-validate a short list or tuple of ``(name, value)`` pairs; return their count or -1.

    -1 sends ``build_head`` down the general path, which validates the defaults
    after the application's headers, exactly as the pure twin does. The fields
    borrow from ``defaults``, which no Python code runs to change while they are used.
    """
    cdef Py_ssize_t count, i
    if type(defaults) is tuple:
        count = PyTuple_GET_SIZE(defaults)
    elif type(defaults) is list:
        count = PyList_GET_SIZE(defaults)
    else:
        return -1
    if count > MAX_FAST_DEFAULTS:
        return -1
    for i in range(count):
        item = <object>(PyTuple_GET_ITEM(defaults, i) if type(defaults) is tuple else PyList_GET_ITEM(defaults, i))
        try:
            _check_pair(item, &fields[i])
        except (TypeError, ValueError):
            return -1
        if _is_default_forbidden(&fields[i]):
            return -1
    return <int>count


cdef inline bint _is_method(object method, const char* name, Py_ssize_t size):
    """Whether ``method`` (str or bytes) is exactly ``name``; methods are case-sensitive (RFC 9110 §9.1)."""
    cdef const unsigned char* data
    cdef Py_ssize_t length
    if _view(method, &data, &length) < 0 or length != size:
        return False
    return memcmp(data, name, size) == 0


def build_head(
    status,
    headers,
    reason=None,
    *,
    method=b"GET",
    http_version="1.1",
    keep_alive=True,
    default_headers=(),
):
    """Build a whole response head and decide its framing (RFC 9112 §6, §9.3).

    ``http_version`` is the request's version: it decides framing and keep-alive,
    while the status line always says HTTP/1.1 (RFC 9110 §6.2). Returns
    ``(head, framing, content_length, keep_alive)``: ``head`` ends with the blank line; ``framing`` is one of the ``FRAMING_*`` constants; ``content_length``
    is the length the head declares or -1; ``keep_alive`` is whether the connection
    may carry another request. ``default_headers`` (Date, Server, ...) are added only
    when the application did not set a header of the same name.
    """
    cdef int code = _status_code(status)
    cdef int version = _version(http_version)
    # RFC 9110 §6.2: answer with the highest version we conform to whose major
    # version the client sent, so an HTTP/1.0 request still gets "HTTP/1.1".
    cdef bytes line = _status_line(code, reason, 11)
    cdef bint is_http11 = version == 11
    if code < 200 and not is_http11:
        raise _errors.informational_to_http10(code)
    cdef bint head_request = _is_method(method, b"HEAD", 4)
    # A 2xx to CONNECT turns the connection into a tunnel (RFC 9110 §9.3.6), which
    # this head does not frame: no content, no framing fields, and the connection ends.
    cdef bint tunnel = 200 <= code < 300 and _is_method(method, b"CONNECT", 7)
    cdef char app_stack[2048]
    cdef char default_stack[256]
    cdef Writer app
    cdef Writer defaults
    cdef Field field
    cdef long long length = -1
    cdef unsigned long long declared
    cdef bint chunked = False
    cdef bint close = False
    cdef bint close_sent = False
    cdef int options
    cdef bint keep
    cdef int framing
    cdef list names = None
    cdef Field default_fields[MAX_FAST_DEFAULTS]
    cdef bint default_seen[MAX_FAST_DEFAULTS]
    cdef int default_count, index
    cdef Py_ssize_t total
    cdef bytes head
    cdef char* out
    if type(headers) is list or type(headers) is tuple:
        # No Python code runs while a list or tuple of headers is read, so defaults
        # validated up front cannot change under the borrowed pointers.
        default_count = _prepare_defaults(default_headers, default_fields)
    else:
        default_count = -1  # a generator could change them: read them after, as the pure twin does
    if default_count == -1 and default_headers:
        names = []
    for index in range(default_count):
        default_seen[index] = False
    _writer_init(&app, app_stack, sizeof(app_stack))
    _writer_init(&defaults, default_stack, sizeof(default_stack))
    try:
        for item in headers:
            _check_pair(item, &field)
            if names is not None:
                names.append(item[0])
            for index in range(default_count):
                if not default_seen[index] and _same_name(&field, &default_fields[index]):
                    default_seen[index] = True
            if _equals_lower(field.name, field.name_size, b"content-length", 14):
                declared = _content_length(item[0], &field)
                if length != -1 and <unsigned long long>length != declared:
                    raise InvalidHeaderError(f"conflicting Content-Length values {length} and {declared}")
                length = <long long>declared
                continue
            if _equals_lower(field.name, field.name_size, b"transfer-encoding", 17):
                # The server frames the body itself (ASGI); only "chunked" keeps its meaning.
                if not _equals_lower(field.value, field.value_size, b"chunked", 7):
                    raise InvalidHeaderError(
                        f"unsupported transfer-encoding {_errors.describe(item[1])}: "
                        "the server only applies chunked framing itself"
                    )
                chunked = True
                continue
            if _equals_lower(field.name, field.name_size, b"connection", 10):
                options = _connection_options(&field)
                # RFC 9112 §9.6: a "close" option from the application ends the connection.
                if options & OPTION_CLOSE:
                    close = True
                if options & OPTION_OTHER:
                    # Other options (such as "upgrade" on a 101) name hop-by-hop fields the
                    # application sends (RFC 9110 §7.6.1): keep its line as it is.
                    close_sent = close_sent or (options & OPTION_CLOSE) != 0
                    _write_field(&app, &field)
                continue
            _write_field(&app, &field)

        if chunked:
            # RFC 9112 §6.3: Transfer-Encoding overrides Content-Length, and a sender never
            # sends both (§6.2): the application's chunked framing wins, its length is dropped.
            length = -1

        if default_count >= 0:
            for index in range(default_count):
                if not default_seen[index]:
                    _write_field(&defaults, &default_fields[index])
        else:
            for item in default_headers:
                _check_pair(item, &field)
                if _is_default_forbidden(&field):
                    raise _errors.forbidden_default(item[0])
                if not _named_in(&field, names):
                    _write_field(&defaults, &field)

        if head_request or tunnel or code < 200 or code == 204 or code == 304:
            # RFC 9110 §6.4.1: no content follows. A 1xx, a 204 or a 2xx to CONNECT must
            # not carry Content-Length (§8.6); HEAD and 304 keep the length a GET would have.
            framing = C_FRAMING_NONE
            if code < 200 or code == 204 or tunnel:
                length = -1
            if tunnel:
                close = True
        elif length != -1:
            framing = C_FRAMING_LENGTH
        elif is_http11:
            framing = C_FRAMING_CHUNKED
            _write(&app, b"transfer-encoding: chunked\r\n", 28)
        else:
            # RFC 9112 §6.3 item 8: an HTTP/1.0 peer gets a close-delimited body.
            framing = C_FRAMING_CLOSE
            close = True
        if length != -1:
            _write(&app, b"content-length: ", 16)
            _write_decimal(&app, <unsigned long long>length)
            _write(&app, b"\r\n", 2)

        keep = bool(keep_alive) and not close
        if not keep and not close_sent:
            # The head says HTTP/1.1, whose connections persist unless "close" is sent
            # (RFC 9112 §9.3), so an HTTP/1.0 peer is told too.
            _write(&app, b"connection: close\r\n", 19)
        elif not is_http11 and keep:
            _write(&app, b"connection: keep-alive\r\n", 24)
        _write(&app, b"\r\n", 2)

        total = PyBytes_GET_SIZE(line) + defaults.size + app.size
        head = PyBytes_FromStringAndSize(NULL, total)
        out = PyBytes_AS_STRING(head)
        memcpy(out, PyBytes_AS_STRING(line), PyBytes_GET_SIZE(line))
        out += PyBytes_GET_SIZE(line)
        memcpy(out, defaults.data, defaults.size)
        memcpy(out + defaults.size, app.data, app.size)
        return head, framing, length, keep
    finally:
        _writer_free(&app)
        _writer_free(&defaults)


# --- server-sent events: the WHATWG HTML "event stream" format --------------------

cdef enum:
    SSE_STACK = 512  # a token-sized event (a few fields, a short JSON line) needs no heap copy


cdef object _sse_view(str field, object value, const unsigned char** data, Py_ssize_t* size):
    """Point at a field's UTF-8 octets; return the object that owns them (keep it alive)."""
    cdef object owner
    if PyUnicode_Check(value):
        if PyUnicode_IS_ASCII(value):  # one byte per character: the str's own buffer is its UTF-8
            data[0] = <const unsigned char*>_str_data(<PyObject*>value)
            size[0] = _str_size(<PyObject*>value)
            return value
        try:
            owner = PyUnicode_AsUTF8String(value)
        except UnicodeEncodeError:
            raise _errors.bad_sse_field(field, value, "unicode") from None
    elif PyBytes_Check(value):
        owner = value
    else:
        raise _errors.bad_sse_field(field, value)
    data[0] = <const unsigned char*>PyBytes_AS_STRING(owner)
    size[0] = PyBytes_GET_SIZE(owner)
    return owner


cdef int _write_sse_lines(Writer* writer, const char* prefix, Py_ssize_t prefix_size, str field, object value) except -1:
    """One ``prefix line LF`` per line of ``value``, split at CR, LF or CRLF."""
    cdef const unsigned char* data
    cdef Py_ssize_t size, start = 0, end
    owner = _sse_view(field, value, &data, &size)
    while True:
        end = start
        while end < size and data[end] != 13 and data[end] != 10:
            end += 1
        _write(writer, prefix, prefix_size)
        _write(writer, data + start, end - start)
        _write(writer, b"\n", 1)
        if end >= size:
            return 0
        if data[end] == 13 and end + 1 < size and data[end + 1] == 10:  # CRLF is one line end
            end += 1
        start = end + 1


cdef int _write_sse_field(Writer* writer, const char* name, Py_ssize_t name_size, str field, object value) except -1:
    """``name: value LF`` for a one-line field (event, id): a CR or LF in it is refused."""
    cdef const unsigned char* data
    cdef Py_ssize_t size, i
    owner = _sse_view(field, value, &data, &size)
    for i in range(size):
        if data[i] == 13 or data[i] == 10:
            raise _errors.bad_sse_field(field, value, "line-break")
    # A NUL in an id makes the EventSource ignore the field (WHATWG HTML, "process the field").
    if field == "id" and size and memchr(data, 0, size) != NULL:
        raise _errors.bad_sse_field(field, value, "nul")
    _write(writer, name, name_size)
    _write(writer, data, size)
    return _write(writer, b"\n", 1)


cdef int _write_sse_event(Writer* writer, object data, object event, object id, object retry, object comment) except -1:
    """The pure twin's ``encode_sse_event``, written into ``writer``."""
    if data is None and event is None and id is None and retry is None and comment is None:
        raise _errors.empty_sse_event()
    if comment is not None:
        _write_sse_lines(writer, b": ", 2, "comment", comment)
    if event is not None:
        _write_sse_field(writer, b"event: ", 7, "event", event)
    if id is not None:
        _write_sse_field(writer, b"id: ", 4, "id", id)
    if retry is not None:
        if type(retry) is bool or not isinstance(retry, int) or retry < 0:
            raise _errors.bad_sse_retry(retry)
        _write_bytes(writer, b"retry: %d\n" % retry)
    if data is not None:
        # "data: " with its space: the parser drops one leading space, so a line that
        # starts with a space keeps it.
        _write_sse_lines(writer, b"data: ", 6, "data", data)
    return _write(writer, b"\n", 1)


def encode_sse_event(data=None, *, event=None, id=None, retry=None, comment=None):
    """Return one server-sent event: comment, event, id, retry and data lines, then a blank line.

    ``data`` and ``comment`` may span lines (split at CR, LF or CRLF, one field line
    each); ``event`` and ``id`` may not. str is sent as UTF-8, bytes as they are.
    """
    cdef char stack[SSE_STACK]
    cdef Writer writer
    _writer_init(&writer, stack, sizeof(stack))
    try:
        _write_sse_event(&writer, data, event, id, retry, comment)
        return _writer_bytes(&writer)
    finally:
        _writer_free(&writer)


def encode_sse_events(events):
    """Return several events in one buffer; each is data (str, bytes) or a mapping of ``encode_sse_event``'s arguments."""
    cdef char stack[SSE_STACK]
    cdef Writer writer
    _writer_init(&writer, stack, sizeof(stack))
    try:
        for item in events:
            if PyUnicode_Check(item) or PyBytes_Check(item):
                _write_sse_event(&writer, item, None, None, None, None)
            elif isinstance(item, Mapping):
                for key in item:
                    if key not in SSE_EVENT_KEYS:
                        raise _errors.bad_sse_event(item, key)
                _write_sse_event(
                    &writer, item.get("data"), item.get("event"), item.get("id"), item.get("retry"),
                    item.get("comment"),
                )
            else:
                raise _errors.bad_sse_event(item)
        return _writer_bytes(&writer)
    finally:
        _writer_free(&writer)
