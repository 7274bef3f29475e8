"""The shape every domain error of sanshen shares: a Chinese message for people, a short English code for logs,
tests and the API. Each area subclasses it with its own kinds ("you may not", "not possible now", "bad input")."""

from __future__ import annotations


class SanshenError(Exception):
    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code
