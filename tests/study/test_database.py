"""study/database.py: the FairGate that lines up the store's transactions."""

from __future__ import annotations

import threading
import time

from study.database import FairGate

WAIT = 10.0  # how long a test waits for a thread to reach a state before it fails


def _until(condition, what: str) -> None:
    """Wait until `condition()` holds (real state, not a fixed sleep)."""
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.001)


def test_a_place_given_back_goes_to_the_longest_waiter_not_to_whoever_asks_next():
    gate = FairGate(1)
    assert gate.acquire(timeout=0)
    order: list[str] = []

    def waiter(name: str) -> None:
        assert gate.acquire(timeout=WAIT)
        order.append(name)
        gate.release()

    first = threading.Thread(target=waiter, args=("first",))
    first.start()
    _until(lambda: gate.waiting() == 1, "the first waiter")
    second = threading.Thread(target=waiter, args=("second",))
    second.start()
    _until(lambda: gate.waiting() == 2, "the second waiter")
    gate.release()
    assert not gate.acquire(timeout=0)  # the place went to the first waiter, not back to us
    first.join(WAIT)
    second.join(WAIT)
    assert order == ["first", "second"]
    assert gate.acquire(timeout=0)  # and once they are done it is free again


def test_a_wait_that_runs_out_holds_nothing():
    gate = FairGate(1)
    assert gate.acquire(timeout=0)
    assert gate.acquire(timeout=0.01) is False
    assert gate.waiting() == 0
    gate.release()
    assert gate.acquire(timeout=0)
    assert not gate.acquire(timeout=0)


def test_never_more_holders_than_its_size():
    gate = FairGate(3)
    lock = threading.Lock()
    inside = peak = done = 0
    all_in = threading.Barrier(3, timeout=WAIT)  # three holders at one moment

    def worker(n: int) -> None:
        nonlocal inside, peak, done
        assert gate.acquire(timeout=WAIT)
        with lock:
            inside += 1
            peak = max(peak, inside)
        if n < 3:
            all_in.wait()
        with lock:
            inside -= 1
            done += 1
        gate.release()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT)
    assert done == 12 and peak == 3
