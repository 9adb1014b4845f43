"""Real concurrency on both backends, no mocks: threads and processes racing on the same new
profile, the same answer key and the same flashcard; a busy database waited out; imports
written in chunks; a PostgreSQL server that goes away and comes back."""

import json
import logging
import multiprocessing
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import event

from study.progress import (
    CSV_COLUMNS,
    CSV_MAX_ROWS,
    CSVImportError,
    DatabaseUnavailableError,
    ProgressStore,
)
from study.store import IMPORT_CHUNK

TRIES = 300


def race(n: int, work, rounds: int) -> list[str]:
    """Run work(i, who) on `n` threads at once, `rounds` times (a barrier before each);
    returns every failure as text."""
    barrier = threading.Barrier(n)
    failures: list[str] = []

    def runner(who: int) -> None:
        for i in range(rounds):
            barrier.wait(timeout=60)
            try:
                work(i, who)
            except Exception as exc:  # collected: the test fails on any
                failures.append(f"round {i}, thread {who}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=runner, args=(w,)) for w in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return failures


def test_two_threads_creating_the_same_new_profile(store_url):
    # Two tabs (two Streamlit sessions are two threads): one types the name in the
    # sidebar while the other gives a first answer, both for a profile nobody has yet.
    stores = [ProgressStore(url=store_url), ProgressStore(url=store_url)]

    def work(i: int, who: int) -> None:
        if who == 0:
            # the stored spelling is whichever came first; the profile is one
            assert stores[0].ensure_profile(f"learner {i}") in (f"learner {i}", f"Learner {i}")
        else:
            assert stores[1].record_answer(f"Learner {i}", "q1", "map", True, ["a"])

    assert race(2, work, TRIES) == []
    store = stores[0]
    assert len(store.profiles()) == TRIES
    assert all(store.answer_count(f"learner {i}") == 1 for i in range(0, TRIES, 7))
    assert sum(s.answered for s in (store.summary(f"LEARNER {i}") for i in range(TRIES))) == TRIES


def _process_worker(url: str, who: int, rounds: int, barrier, results) -> None:
    store = ProgressStore(url=url)
    failures = []
    for i in range(rounds):
        barrier.wait(timeout=60)
        try:
            store.record_answer(f"New {i}", "q1", "map", who == 0, ["a"], key=f"p{who}-{i}")
        except Exception as exc:  # sent to the parent, which fails the test
            failures.append(f"round {i}: {type(exc).__name__}: {exc}")
    results.put(failures)


def test_two_processes_creating_the_same_new_profile(store_url):
    # Two app servers on one database, each giving the first answer of a new profile.
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_process_worker, args=(store_url, w, TRIES, barrier, results))
             for w in range(2)]
    for p in procs:
        p.start()
    failures = [results.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert failures == [[], []]
    store = ProgressStore(url=store_url)
    assert sorted(store.profiles()) == sorted(f"New {i}" for i in range(TRIES))
    assert {store.answer_count(f"new {i}") for i in range(TRIES)} == {2}


def test_one_answer_key_sent_at_once_from_many_threads_is_stored_once(store_url):
    # A double click, a retried request, a second replica: all carry the same key.
    stores = [ProgressStore(url=store_url) for _ in range(4)]
    added = []

    def work(i: int, who: int) -> None:
        added.append(stores[who].record_answer("Ana", f"q{i}", "map", True, ["a"],
                                               key=f"tab-1:{i}"))

    assert race(4, work, 50) == []
    assert stores[0].answer_count("Ana") == 50
    assert added.count(True) == 50  # exactly one of each four said "new"


def test_flashcard_ratings_at_once_all_count(store_url):
    # Two replicas rating one card: each rating is applied to the schedule the other left.
    stores = [ProgressStore(url=store_url) for _ in range(3)]

    def bump(old):
        reviews = json.loads(old)["reviews"] if old else 0
        return json.dumps({"reviews": reviews + 1})

    assert race(3, lambda i, who: stores[who].update_card("Ana", "task-token", bump), 40) == []
    assert json.loads(stores[0].load_cards("Ana")["task-token"]) == {"reviews": 120}


def test_a_busy_sqlite_file_is_waited_out(tmp_path, caplog):
    import sqlite3

    path = tmp_path / "p.sqlite3"
    store = ProgressStore(path, timeout=0.05, busy_wait=30)
    blocker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    caplog.set_level(logging.INFO, logger="stepwise.store")
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(store.record_answer, "Ana", "q1", "map", True, ["a"])
        # Wait (on the log, real state) until the write has met the lock at least once.
        while not any("locked" in r.getMessage() for r in caplog.records):
            time.sleep(0.01)
            assert not pending.done(), pending.exception()
        blocker.execute("ROLLBACK")
        assert pending.result(timeout=30) is True
    blocker.close()
    assert store.answer_count("Ana") == 1


def csv_rows(n: int) -> str:
    lines = [",".join(CSV_COLUMNS)]
    lines += [f"2026-01-05T09:{i // 3600 % 60:02d}:{i // 60 % 60:02d}.{i % 60:06d}+00:00,"
              f"q{i},map,{i % 2},a,practice" for i in range(n)]
    return "\n".join(lines) + "\n"


def test_an_import_goes_in_chunks_and_its_row_cap_is_named(store_url):
    store = ProgressStore(url=store_url)
    commits = []
    event.listen(store._engine, "commit", lambda conn: commits.append(1))
    n = IMPORT_CHUNK * 3 + 7
    assert store.import_csv("Ana", csv_rows(n)) == n
    assert len(commits) == 4  # one transaction per chunk: answers of others go between
    assert store.import_csv("Ana", csv_rows(n)) == 0
    with pytest.raises(CSVImportError, match=f"more than {CSV_MAX_ROWS:,} answers"):
        store.import_csv("Ben", csv_rows(CSV_MAX_ROWS + 1))
    assert store.answer_count("Ben") == 0


def test_answers_while_others_import(store_url):
    # Imports and answers at once (the busy periods of a class): no answer fails.
    stores = [ProgressStore(url=store_url) for _ in range(4)]
    text = csv_rows(IMPORT_CHUNK * 4)

    def work(i: int, who: int) -> None:
        if who < 2:
            stores[who].import_csv(f"Importer {who} {i}", text)
        else:
            for k in range(20):
                stores[who].record_answer(f"Answerer {who}", f"q{i}-{k}", "map", True)

    assert race(4, work, 3) == []
    assert stores[0].answer_count("Answerer 2") == 60
    assert stores[0].answer_count("Importer 1 2") == IMPORT_CHUNK * 4


@pytest.fixture
def own_postgres():
    """A PostgreSQL server of this test's own, to shut down and bring back."""
    import pgcluster

    if pgcluster.bindir() is None:
        pytest.skip("PostgreSQL is not installed (apt-get install -y postgresql)")
    cluster = pgcluster.start()
    yield cluster
    cluster.stop()


def test_a_postgres_server_that_goes_away_and_comes_back(own_postgres):
    url = own_postgres.new_database()
    store = ProgressStore(url=url, timeout=2, busy_wait=1)
    store.record_answer("Ana", "q1", "map", True)
    own_postgres.halt()
    with pytest.raises(DatabaseUnavailableError) as down:
        store.record_answer("Ana", "q2", "map", True)
    message = down.value.message
    assert message.startswith("The progress database server can't be reached right now.")
    for driver_text in ("psycopg", "connection", "refused", "127.0.0.1", "OperationalError"):
        assert driver_text not in message
    with pytest.raises(DatabaseUnavailableError):
        store.check()
    with pytest.raises(DatabaseUnavailableError):
        ProgressStore(url=url, timeout=2)  # opening while it is down: the same message
    own_postgres.resume()
    store.check()  # the same store recovers by itself: its dead connections are replaced
    store.record_answer("Ana", "q3", "map", True)
    assert [a["question_id"] for a in ProgressStore(url=url).answers("Ana")] == ["q1", "q3"]
