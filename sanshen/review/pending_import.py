"""A Word file kept between two tries of 从 Word 导入: a browser cannot put a chosen file back into the page it shows
again, so when a field was missing the file waits here (stored, named in the session) for the next try."""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

# The session key of the kept file: {"path": storage name, "name": file name}.
SESSION_KEY = "pending_word_import"
FOLDER = "import-pending"


def keep(request, name: str, data: bytes) -> None:
    drop(request)
    path = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.docx", ContentFile(data))
    request.session[SESSION_KEY] = {"path": path, "name": name[:200]}


def kept(request) -> dict | None:
    return request.session.get(SESSION_KEY)


def drop(request) -> None:
    """Forget the kept file, and delete it."""
    found = request.session.pop(SESSION_KEY, None)
    if found:
        default_storage.delete(found["path"])
