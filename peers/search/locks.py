"""One writer per index folder across processes: the kernel's flock on an open file.

A writer that dies, even by SIGKILL, never leaves its lock held: the kernel drops it with the
process's files. The same lock on a build folder tells whether its writer is still alive.
"""

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".write.lock"  # in each index folder: one writer at a time, across processes
LOCK_POLL_SECONDS = 0.01


class IndexBusy(RuntimeError):
    """Another process held the index's write lock for longer than this one would wait."""


@contextmanager
def flock(path: Path, timeout: float, busy: str) -> Iterator[None]:
    """An exclusive flock on this file, waited for at most `timeout` seconds."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy(f"{busy}: its write lock was held for {timeout:g} s") from None
                time.sleep(LOCK_POLL_SECONDS)
        yield
    finally:
        os.close(fd)  # closing the file releases the lock


@contextmanager
def holding_folder(folder: Path) -> Iterator[None]:
    """Hold an flock on this folder itself for as long as the block runs (a build being
    written): `abandoned` then answers False for it."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def abandoned(build: Path) -> bool:
    """True when no process holds this unfinished build's lock: its writer is gone."""
    try:
        fd = os.open(build, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
