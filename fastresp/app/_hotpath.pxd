# The C types of _hotpath.py when Cython compiles it (pure-Python mode): the writer's
# state as typed fields, so a streamed chunk's write() and flush() read and update
# C integers and a list instead of instance-dict entries. Uncompiled, the .py ignores this file.

import cython

cdef object HttpStatusCode

cdef bint _no_body_status(Py_ssize_t code)
cpdef dict build_start(object scope, object response, object content)
cdef object _extensions(object scope)

cdef class ResponseWriter:
    cdef object _send
    cdef str _encoding
    # The declared Content-Length, or -1 when none was declared.
    cdef Py_ssize_t _limit
    cdef list _parts
    cdef Py_ssize_t _buffered
    cdef Py_ssize_t _written
    cdef bint _closed
    cdef bint _overflow

    cdef bytes _take(self)
