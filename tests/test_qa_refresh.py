"""The background QA refresh of the Review page (review_app/app/qa_refresh.py): a save's refresh runs after the
page is drawn, the next run waits for it, requests made meanwhile are merged into one more run, errors reach the
next run. Events, not sleeps: nothing here depends on timing."""

from __future__ import annotations

import threading

from review_app.app.qa_refresh import Refresher


def test_a_refresh_runs_in_a_thread_and_the_next_run_waits_for_it():
    r = Refresher()
    release, ran = threading.Event(), []

    def job() -> None:
        release.wait(30)
        ran.append(threading.current_thread().name)

    r.start()  # nothing asked: nothing starts
    assert not r.busy
    r.request(job)
    assert r.busy and ran == []
    r.start()
    assert r.thread is not None and r.busy
    release.set()
    assert r.wait() is None
    assert ran == ["review-app-qa-refresh"] and not r.busy


def test_requests_while_running_are_merged_into_one_more_run():
    r = Refresher()
    release, order = threading.Event(), []

    def first() -> None:
        release.wait(30)
        order.append("first")

    r.request(first)
    r.start()
    r.request(lambda: order.append("second"))  # replaced by the third before it starts
    r.request(lambda: order.append("third"))
    r.start()  # the worker is busy: it takes the request itself
    release.set()
    r.wait()  # waits for the job running when called (the first), not necessarily the later one
    while r.busy:  # the worker takes the merged request on its own
        r.wait()
    assert order == ["first", "third"]


def test_errors_reach_the_next_run_and_a_dropped_request_never_runs():
    r = Refresher()

    def broken() -> None:
        raise RuntimeError("database gone")

    r.request(broken)
    r.start()
    error = r.wait()
    while error is None and r.busy:
        error = r.wait()
    assert isinstance(error, RuntimeError) and r.wait() is None  # reported once
    r.request(broken)
    r.drop_pending()
    r.start()
    assert not r.busy and r.wait() is None


def test_only_a_page_showing_the_changed_segment_waits():
    r = Refresher()
    release = threading.Event()
    r.request(lambda: release.wait(30), "s1")
    assert not r.running_for("s1")  # asked, not started: this run draws the page, then starts it
    r.start()
    assert r.running_for("s1") and not r.running_for("s2") and not r.running_for(None)
    r.request(lambda: None, "s2")  # a change made while the first refresh runs: taken after it
    assert not r.running_for("s2")
    release.set()
    r.wait()
    while r.busy:
        r.wait()
    assert not r.running_for("s1") and not r.running_for("s2") and r.take_error() is None
