"""The errors of documents/: what a file did wrong, in words the drafter can act on."""

from __future__ import annotations

from sanshen.errors import SanshenError


class DocumentImportError(SanshenError):
    """A file that cannot be imported (malformed, encrypted, hostile). `message` is for the drafter."""

    def __init__(self, message: str, *, code: str = "invalid_document"):
        super().__init__(message, code=code)


class UploadRejected(SanshenError):
    """An upload refused by its content, size or type. `message` is for the person uploading."""

