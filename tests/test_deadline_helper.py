"""The hostile-input tests' hang detector (tests/readers.py ``deadline``) counts CPU time, not wall time, so a
loaded CI machine cannot fail a reader that is merely waiting for a core; a wall-clock backstop still ends a block."""

from __future__ import annotations

import time

import pytest

from tests.readers import deadline


def test_a_cpu_loop_is_stopped():
    with pytest.raises(TimeoutError, match="CPU time"), deadline(1):
        while True:
            pass


def test_waiting_is_not_counted_as_cpu_time():
    with deadline(1, wall_factor=10):
        time.sleep(2)  # two seconds of wall time and almost no CPU: not a hang


def test_a_block_that_never_returns_is_stopped_by_the_wall_backstop():
    with pytest.raises(TimeoutError), deadline(1, wall_factor=2):
        time.sleep(30)
