"""The project's QA run refreshed after a target save without holding up the page (issue 18: save and
approve ≤ 300 ms).

A save asks for a refresh (:meth:`Refresher.request`); the page draws everything with the findings it has and,
as its last step, starts the refresh in a thread (:meth:`Refresher.start`), so the browser settles while the
checks run. A run of the Review page about to show a segment whose change a running refresh checks waits for
it (:meth:`Refresher.running_for`, :meth:`Refresher.wait`), so it shows the refreshed findings (Approve ▶ next
moves on and does not wait); requests that arrive meanwhile are merged into one more run, which the
worker starts when it is done. Until then the saved segment's findings are labelled as being re-checked, and the
editor's live fixes (the saved text checked alone) are already current. Source corrections and the approval gate
still refresh at once: they act on the findings right away.

One refresher per database handle and project, shared by the sessions of the process. No streamlit here.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any

WAIT_SECONDS = 120.0  # a refresh of the largest project refreshed after saves (QA_REFRESH_LIMIT) takes ~1 s
START_DELAY = 0.25
"""Seconds the worker lets pass before a job: the page's last messages go to the browser first (the checks hold
the interpreter lock for whole slices, which would slow the sending of the run's end)."""


class Refresher:
    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.pending: Callable[[], Any] | None = None  # the refresh asked for and not started yet
        self.thread: threading.Thread | None = None  # set while a worker runs (it takes new requests as it goes)
        self.started = 0  # jobs started / finished: wait() waits for the one running when it is called
        self.finished = 0
        self.error: Exception | None = None
        self.pending_keys: set[str] = set()  # the segments whose change the pending / running refresh checks
        self.running_keys: set[str] = set()

    def request(self, run: Callable[[], Any], key: str | None = None) -> None:
        """Ask for a refresh (``run``) after a change of segment ``key``; a newer request replaces an older one
        not started yet (each refresh checks the whole project as it is when it starts)."""
        with self.cond:
            self.pending = run
            if key is not None:
                self.pending_keys.add(key)

    def running_for(self, key: str | None) -> bool:
        """Whether a refresh that started after a change of segment ``key`` is running now: a page about to show
        that segment waits for it; one showing another segment need not."""
        with self.cond:
            return key is not None and key in self.running_keys

    def drop_pending(self) -> None:
        """Forget a request not started yet (the caller refreshes at once itself)."""
        with self.cond:
            self.pending = None
            self.pending_keys = set()

    @property
    def busy(self) -> bool:
        with self.cond:
            return self.pending is not None or self.started > self.finished

    def start(self) -> None:
        """Start the refresh asked for, in a thread (nothing to do if none was asked for, or a worker already
        runs: it takes the request when its current job ends)."""
        with self.cond:
            if self.pending is None or self.thread is not None:
                return
            job, self.pending = self.pending, None
            self.running_keys, self.pending_keys = self.pending_keys, set()
            self.started += 1  # counted before the thread runs: a wait() right after this waits for it
            self.thread = threading.Thread(target=self._work, args=(job,), name="review-app-qa-refresh",
                                           daemon=True)
            self.thread.start()

    def _work(self, job: Callable[[], Any]) -> None:
        while True:
            threading.Event().wait(START_DELAY)
            try:
                job()
            except Exception as exc:  # reported by the next wait(); the stored run stays as it was
                with self.cond:
                    self.error = exc
            with self.cond:
                self.finished += 1
                self.running_keys = set()
                self.cond.notify_all()
                if self.pending is None:
                    self.thread = None
                    return
                job, self.pending = self.pending, None
                self.running_keys, self.pending_keys = self.pending_keys, set()
                self.started += 1

    def take_error(self) -> Exception | None:
        """The error of the last refresh, if any (reported once), without waiting."""
        with self.cond:
            error, self.error = self.error, None
        return error

    def wait(self, timeout: float = WAIT_SECONDS) -> Exception | None:
        """Wait for the refresh running now, if any (not for requests made later); return and forget the error of
        the last refresh, if any."""
        with self.cond:
            job = self.started
            self.cond.wait_for(lambda: self.finished >= job, timeout)
            error, self.error = self.error, None
        return error


_REFRESHERS: weakref.WeakKeyDictionary[Any, dict[int, Refresher]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def refresher(db: Any, project_id: int) -> Refresher:
    with _LOCK:
        return _REFRESHERS.setdefault(db, {}).setdefault(project_id, Refresher())
