"""Fixtures for the server tests."""

from __future__ import annotations

import logging

import pytest
import server_support


@pytest.fixture(params=server_support.HOTPATH_BUILDS)
def hotpath(request):
    """The server's hot path module under test: ``_hotpath`` compiled, or the same file as plain Python."""
    return server_support.load_hotpath(request.param)


@pytest.fixture(autouse=True)
def _close_clients():
    """Close every raw client a test opened, so no socket outlives its test."""
    yield
    while server_support.OPEN_CLIENTS:
        server_support.OPEN_CLIENTS.pop().close()


@pytest.fixture
def uvicorn_logs(caplog):
    """Capture uvicorn's error and access loggers; serve with ``log_config=None`` so uvicorn keeps them."""
    loggers = [logging.getLogger("uvicorn.error"), logging.getLogger("uvicorn.access")]
    saved = [(logger.level, logger.propagate) for logger in loggers]
    for logger in loggers:
        logger.addHandler(caplog.handler)
        logger.setLevel(logging.INFO)
        # caplog's handler also sits on the root logger: without this, a record would be
        # captured twice whenever no earlier test's logging config stopped propagation.
        logger.propagate = False
    yield caplog
    for logger, (level, propagate) in zip(loggers, saved):
        logger.removeHandler(caplog.handler)
        logger.setLevel(level)
        logger.propagate = propagate
