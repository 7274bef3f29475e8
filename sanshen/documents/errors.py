"""The errors of documents/: what a file did wrong, in words the drafter can act on."""

from __future__ import annotations


class DocumentImportError(Exception):
    """A file that cannot be imported (malformed, encrypted, hostile). `message` is for the drafter."""

    def __init__(self, message: str, *, code: str = "invalid_document"):
        super().__init__(message)
        self.message = message
        self.code = code


class UploadRejected(Exception):
    """An upload refused by its content, size or type. `message` is for the person uploading."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code
