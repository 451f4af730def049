"""Per-project reads of the app, cached under the project's change stamp (:mod:`review_app.store.stamp`).

A page run reads the stamp once (one statement) and asks :func:`read` for what it shows; a read is done once per
stamp and shared by every session of the process (readers see the same project; no streamlit cache is needed, so this
module is plain Python). Any write — a save, an
approval, a comment, a QA run, an import, by anybody — changes the stamp, and the next run reads afresh; older
entries are dropped then. Runs without a write (Next ▶, typing, a candidate put into the editor) read nothing
again.

Values are shared: callers must not mutate what :func:`read` returns.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from review_app.review import ReviewService
from review_app.store.stamp import Stamp, project_stamp

T = TypeVar("T")
MAX_ENTRIES = 512  # per project: a page run makes about 20 reads


class ProjectCache:
    """An LRU of one project's reads, each entry under the stamp it was read at. Entries of an older stamp are
    never returned for a newer one; they are dropped when a newer stamp's reads arrive (a session still on an
    older stamp — a callback of the previous run — reads again rather than evicting the newer entries)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latest: Stamp | None = None
        self.entries: OrderedDict[tuple[Stamp, Hashable], Any] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, stamp: Stamp, key: Hashable, compute: Callable[[], T]) -> T:
        with self.lock:
            if (stamp, key) in self.entries:
                self.entries.move_to_end((stamp, key))
                self.hits += 1
                return self.entries[(stamp, key)]  # type: ignore[no-any-return]
        value = compute()  # outside the lock: other sessions keep reading meanwhile
        with self.lock:
            self.misses += 1
            if stamp != self.latest and stamp.revision >= (self.latest.revision if self.latest else -1):
                # a write happened (revisions only grow; other parts change with the same revision): drop the
                # entries of every other stamp
                self.entries = OrderedDict((k, v) for k, v in self.entries.items() if k[0] == stamp)
                self.latest = stamp
            self.entries[(stamp, key)] = value
            while len(self.entries) > MAX_ENTRIES:
                self.entries.popitem(last=False)
        return value


# {database handle: {project id: cache}}: the handle is the one the app opened (state.project(), one per project
# folder and process); a handle that is dropped takes its caches with it.
_CACHES: weakref.WeakKeyDictionary[Any, dict[int, ProjectCache]] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def project_cache(svc: ReviewService) -> ProjectCache:
    with _CACHES_LOCK:
        return _CACHES.setdefault(svc.db, {}).setdefault(svc.project_id, ProjectCache())


def stamp(svc: ReviewService) -> Stamp:
    """The project's stamp now (one read; call it once per page run and pass it on)."""
    return project_stamp(svc.db, svc.project_id)


def freeze(value: Any) -> Hashable:
    """A hashable form of an argument: lists, sets, dicts and dataclasses (``queries.Filters``, a segment view)
    become tuples of their parts."""
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), freeze(v)) for k, v in value.items()))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__qualname__, *(freeze(getattr(value, f.name)) for f in dataclasses.fields(value)))
    return repr(value)


def read(svc: ReviewService, at: Stamp, fn: Callable[..., T], *args: Any) -> T:
    """``fn(svc, *args)``, read once per stamp ``at`` (``fn`` a read of :mod:`review_app.app.queries` or a bound
    method of the service, ``args`` anything :func:`freeze` turns into a key)."""
    name = (getattr(fn, "__module__", ""), getattr(fn, "__qualname__", repr(fn)))
    if getattr(fn, "__self__", None) is not None:  # a bound method: svc.candidates, svc.history…
        return project_cache(svc).get(at, (*name, freeze(args)), lambda: fn(*args))
    return project_cache(svc).get(at, (*name, freeze(args)), lambda: fn(svc, *args))


# -- results that depend on texts only (not on the project's state) ------------------------------------------------

MEMO_ENTRIES = 2048
_MEMO: OrderedDict[Hashable, Any] = OrderedDict()
_MEMO_LOCK = threading.Lock()


def memo(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per ``key`` (an LRU shared by the sessions and the prefetch thread): for results that
    depend only on the texts named in the key, such as the QA findings of one text checked alone."""
    with _MEMO_LOCK:
        if key in _MEMO:
            _MEMO.move_to_end(key)
            return _MEMO[key]  # type: ignore[no-any-return]
    value = compute()
    with _MEMO_LOCK:
        _MEMO[key] = value
        while len(_MEMO) > MEMO_ENTRIES:
            _MEMO.popitem(last=False)
    return value


# -- prefetch: the next segment's reads, done after the page is drawn ----------------------------------------------

PREFETCH_DELAY = 0.25  # seconds: the page's last messages go to the browser first
_prefetch_lock = threading.Condition()
_prefetch_job: list[Callable[[], Any]] = []  # at most one: the newest request replaces an older one
_prefetch_thread: list[threading.Thread] = []


def prefetch(job: Callable[[], Any]) -> None:
    """Run ``job`` (reads that warm the caches for the reviewer's likely next step) in a background thread once
    the page is drawn; a newer request replaces one not started yet. Best effort: a failing job leaves the caches
    as they were (the page then reads as usual)."""
    with _prefetch_lock:
        _prefetch_job[:] = [job]
        if not _prefetch_thread:
            thread = threading.Thread(target=_prefetch_worker, name="review-app-prefetch", daemon=True)
            _prefetch_thread.append(thread)
            thread.start()


def _prefetch_worker() -> None:
    while True:
        threading.Event().wait(PREFETCH_DELAY)
        with _prefetch_lock:
            if not _prefetch_job:
                _prefetch_thread.clear()
                _prefetch_lock.notify_all()
                return
            job = _prefetch_job.pop()
        with contextlib.suppress(Exception):
            job()


def prefetch_idle(timeout: float = 60.0) -> bool:
    """Wait until no prefetch is pending or running (for tests and scripts); whether it is idle."""
    with _prefetch_lock:
        return _prefetch_lock.wait_for(lambda: not _prefetch_thread, timeout)
