"""A disk cache of the typo checker's built tables: typo_tables.Tables and the compiled core's (_typo_core) state.

Reading and indexing the word lists takes 0.43 s of every process's start-up (0.22 s the tables, 0.21 s the core, on
a two-core development machine); loading what an earlier process built takes 0.18 s. An entry is one file in
cache_dir(), named after the entry and after the installed copy of sanshen (two checkouts keep a file each rather than
overwrite each other's). Its first line names the format, its second holds the key of the inputs it was built from
and a checksum of the rest, which is marshal data (marshal rather than pickle: as fast here, and loading it runs no
code).

An entry that cannot be read, is damaged, or was built from other inputs counts as absent: the value is built and the
entry written anew. Failing to write it (a read-only home, a full disk) is no error either.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")

FORMAT = b"sanshen typo cache 1\n"

# The installed copy this module belongs to, as in the file names (a checkout's path, or site-packages').
INSTALL = hashlib.sha256(str(Path(__file__).resolve().parent).encode()).hexdigest()[:12]


def cache_dir() -> Path:
    """$SANSHEN_CACHE_DIR, else sanshen/ in $XDG_CACHE_HOME, else ~/.cache/sanshen."""
    if os.environ.get("SANSHEN_CACHE_DIR"):
        return Path(os.environ["SANSHEN_CACHE_DIR"])
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG specification has a relative path ignored.
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "sanshen"


def key(files: Iterable[Path], *values: object) -> str:
    """A digest of the bytes of `files`, the reprs of `values`, this module's source and the Python version: it changes
    whenever any of them does. Raises OSError where a file cannot be read."""
    digest = hashlib.sha256()
    for part in [sys.version.encode(), Path(__file__).read_bytes()]:
        digest.update(b"%d:" % len(part) + part)
    for path in files:
        data = Path(path).read_bytes()
        digest.update(b"%d:%s%d:" % (len(path.name.encode()), path.name.encode(), len(data)) + data)
    for value in values:
        text = repr(value).encode()
        digest.update(b"%d:" % len(text) + text)
    return digest.hexdigest()


def path(name: str) -> Path:
    """The file of the entry `name`."""
    return cache_dir() / f"{name}-{INSTALL}.cache"


def read(name: str, key: str) -> object | None:
    """The value written under `name` for `key`, or None where there is none (or it is for another key, or damaged)."""
    try:
        with open(path(name), "rb") as f:
            # Marshal data is no safer than code to load from someone else: the entry must be this user's own,
            # writable by no one else (SANSHEN_CACHE_DIR may name a shared folder).
            status = os.fstat(f.fileno())
            if status.st_uid != os.geteuid() or status.st_mode & 0o022:
                return None
            data = f.read()
    except OSError:
        return None
    size = len(_header(key, b""))
    payload = memoryview(data)[size:]
    if data[:size] != _header(key, payload):
        return None
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None


def write(name: str, key: str, value: object) -> None:
    """Write `value` under `name` for `key`, replacing what was there; silently nothing where the folder is not
    writable. The file appears whole or not at all: processes that start together (parallel tests) each write a
    temporary file and rename it over the entry, and a reader opens either the old file or the new one."""
    payload = marshal.dumps(value)
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
    except OSError:
        return
    try:
        # No fsync: a file that a crash left half written fails its checksum, and is built and written again.
        with os.fdopen(fd, "wb") as f:
            f.write(_header(key, payload))
            f.write(payload)
        os.replace(temporary, path(name))
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass


def _header(key: str, payload: bytes | memoryview) -> bytes:
    # CRC-32 guards against damage, not against tampering (the cache folder is the user's own, as is the process that
    # reads it), and it is a few times faster than a digest over the 20 MB.
    return FORMAT + b"%s %08x\n" % (key.encode(), zlib.crc32(payload))


def cached(name: str, key_of: Callable[[], str], build: Callable[[], T], dump: Callable[[T], object],
           load: Callable[[object], T]) -> T:
    """load() of the state that dump() of an earlier build() left under `name` for the same key, else build() (and
    its state written for the next process)."""
    try:
        entry_key = key_of()
    except OSError:
        return build()  # an input is missing: building says which
    state = read(name, entry_key)
    if state is not None:
        try:
            return load(state)
        except Exception:
            pass  # a state that passed its checksum yet does not load is as good as none: build it again
    value = build()
    write(name, entry_key, dump(value))
    return value
