# The C types of _htmlbuilder.py when Cython compiles it (pure-Python mode): the elements and
# the document as typed fields, so that a tag method reads and writes them without lookups.
# Uncompiled, the .py ignores this file.

import cython

cdef object _NO_CHILD
cdef frozenset _VOID


cdef class _Document:
    cdef public bint nested
    cdef public list out
    cdef public list stack


@cython.freelist(64)
cdef class Tag:
    cdef public object _attributes
    cdef public list _children
    cdef public _Document _document
    cdef public object _end
    cdef public str _end_tag
    cdef public list _home
    cdef public Py_ssize_t _slot
    cdef public Py_ssize_t _start


cdef class _VoidTag(Tag):
    pass


cdef class _Root(Tag):
    pass


cdef class _Reentry:
    cdef public object tag
    cdef public list _children


cdef class _Builder:
    cdef public _Document _document
    cdef public _Root root
