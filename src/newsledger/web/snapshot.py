"""The ledger as `serve` reads it: a private read-only copy, refreshed when the ledger changes.

DuckDB lets a process write a file only while no other process has it open, and `ingest` holds the
ledger for its whole run. A server that kept the ledger open would make every ingest fail, and one that
opened it per request would fail while an ingest runs. So the server reads a snapshot: it opens the
ledger read-only (DuckDB's shared lock: no writer can be mid-write or mid-checkpoint), copies the file
(and its write-ahead log, if any) to a private folder, releases the lock, and serves from a read-only
connection to the copy. Every few seconds it looks at the ledger's size and modification time; when they
changed it tries once more, without waiting: while an ingest holds the ledger, the old snapshot stays and
the next check tries again. A new snapshot replaces the old one atomically; requests that started on the
old one finish on it, and its file is removed when the last of them is done.

A writer that finds the ledger locked by a snapshot being copied waits for it (`Ledger.open`).
"""

from __future__ import annotations

import itertools
import logging
import shutil
import tempfile
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from newsledger.store import Ledger
from newsledger.store.ledger import LedgerBusy
from newsledger.store.search import load_search_extension

log = logging.getLogger(__name__)

# How often the ledger is looked at for changes: a refresh is a file copy, so not much more often.
REFRESH_SECONDS = 3.0
# How long the first snapshot waits for a writer (an ingest) to release the ledger.
START_LOCK_TIMEOUT = 30.0

_FileState = tuple[tuple[int, int], ...]  # (mtime_ns, size) of the ledger and of its write-ahead log


@dataclass(slots=True, eq=False)
class _Copy:
    """One snapshot: its connection, file and how many requests are reading it."""

    con: duckdb.DuckDBPyConnection
    path: Path
    taken_at: datetime
    source_state: _FileState
    generation: int
    readers: int = 0
    retired: bool = False


class LedgerSnapshot:
    """A read-only snapshot of the ledger at `source`, refreshed by a background thread once started."""

    def __init__(
        self,
        source: Path,
        *,
        refresh_seconds: float = REFRESH_SECONDS,
        lock_timeout: float = START_LOCK_TIMEOUT,
        memory_limit: str = "256MB",
    ) -> None:
        self.source = Path(source)
        self.refresh_seconds = refresh_seconds
        self.memory_limit = memory_limit
        self._folder = Path(tempfile.mkdtemp(prefix="newsledger-serve-"))
        # The copies are private: removed when the snapshot is closed or collected, or the process ends.
        self._cleanup = weakref.finalize(self, shutil.rmtree, self._folder, ignore_errors=True)
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._current = self._take(lock_timeout)

    # -- reading ------------------------------------------------------------------------------------------

    @property
    def taken_at(self) -> datetime:
        return self._current.taken_at

    @property
    def generation(self) -> int:
        """Increases with each new snapshot (for caches of values derived from one)."""
        return self._current.generation

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection of its own to the current snapshot (DuckDB's way to read from several threads)."""
        with self._lock:  # the swap in `refresh` and the parent connection's list of cursors: one at a time
            copy = self._current
            copy.readers += 1
            cursor = copy.con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
            with self._lock:
                copy.readers -= 1
                done = copy.retired and copy.readers == 0
            if done:
                _discard(copy)

    # -- refreshing ---------------------------------------------------------------------------------------

    def start(self) -> None:
        """Refresh in a background thread every `refresh_seconds` until `close`."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="ledger-snapshot", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.refresh_seconds):
            try:
                self.refresh()
            except Exception:  # a failed refresh must not end the refreshing: the next one may work
                log.exception("%s: could not refresh the snapshot; serving the one taken at %s",
                              self.source, self.taken_at.isoformat(timespec="seconds"))  # fmt: skip

    def refresh(self) -> bool:
        """Take a new snapshot if the ledger changed and no writer holds it; say whether one was taken."""
        state = _file_state(self.source)
        if state is None or state == self._current.source_state:
            return False
        try:
            fresh = self._take(lock_timeout=0.0)
        except LedgerBusy:
            log.info("%s: being written; keeping the snapshot taken at %s", self.source,
                     self.taken_at.isoformat(timespec="seconds"))  # fmt: skip
            return False
        with self._lock:
            old, self._current = self._current, fresh
            old.retired = True
            done = old.readers == 0
        if done:
            _discard(old)
        log.info("%s: new snapshot taken at %s", self.source, fresh.taken_at.isoformat(timespec="seconds"))
        return True

    def _take(self, lock_timeout: float) -> _Copy:
        """Copy the ledger under its shared lock and open the copy (LedgerBusy: a writer holds it)."""
        ledger = Ledger.open(self.source, read_only=True, lock_timeout=lock_timeout)
        number = next(self._numbers)
        target = self._folder / f"snapshot-{number}.duckdb"
        try:
            state = _file_state(self.source)
            shutil.copyfile(self.source, target)
            wal = _wal(self.source)
            if wal.exists():
                shutil.copyfile(wal, _wal(target))
            taken_at = datetime.now(UTC)
        finally:
            ledger.close()
        con = duckdb.connect(
            str(target),
            read_only=True,
            config={
                "memory_limit": self.memory_limit,
                "temp_directory": str(self._folder / f"spill-{number}"),
            },
        )
        con.execute("SET enable_progress_bar = false")
        load_search_extension(con)
        return _Copy(con, target, taken_at, state or (), number)

    def close(self) -> None:
        """Stop refreshing, close the snapshot and remove its files."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        with self._lock:
            self._current.retired = True
        _discard(self._current)
        self._cleanup()


def _discard(copy: _Copy) -> None:
    copy.con.close()
    for path in (copy.path, _wal(copy.path)):
        path.unlink(missing_ok=True)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _file_state(path: Path) -> _FileState | None:
    """What changes when the ledger is written: size and modification time of the file and its log."""
    states = []
    for file in (path, _wal(path)):
        try:
            stat = file.stat()
        except FileNotFoundError:
            if file == path:
                return None
            continue
        states.append((stat.st_mtime_ns, stat.st_size))
    return tuple(states)
