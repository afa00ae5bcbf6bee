"""Ktor's "Responses" examples in fastresp; installed as ``fastresp.examples`` for ``fastresp demo``."""
