"""Running one task over many documents: here, on the machine's cores, or on a Dask cluster.

A batch command (``convert``, ``validate``; ``build`` next) turns each document
into a *task*: a pure, module-level function of a picklable item (a path and
the run's options) that returns picklable data (the bytes to write, the
messages to print). The command asks an :class:`Executor` for the results and
does every write itself, in input order, so the files, the report and the exit
status are the same whichever executor ran the tasks:

    with open_executor(jobs=2) as executor:
        for done in executor.map_ordered(task, items, time_budget=120):
            if done.stopped:      # over the time budget (or its worker died): skipped
                ...
            else:
                use(done.value)

Three executors share that interface:

* :class:`SerialExecutor` (``--jobs 1``) runs each task in this process; the
  time budget is a ``SIGALRM`` timer that interrupts the task.
* :class:`ProcessPoolExecutor` (``--jobs N``) keeps N worker processes, each
  fed through a pipe with the task it runs and the next one. A task that runs past its budget is
  stopped by killing its worker (a process in C code cannot be interrupted any
  other way, and must not be left burning a core); a fresh worker takes its place.
* :class:`DaskExecutor` (``--scheduler tcp://HOST:PORT`` or ``local``) submits
  the tasks to a Dask distributed cluster. Its workers must have tei-encoder
  installed and see the input paths (a shared file system). A task over its
  budget is reported and cancelled, and its worker restarted by its nanny: best
  effort (a worker thread cannot be stopped, and in tests a later task could
  still wait behind the one over budget).

Results come back in input order whatever order the tasks finish in; only a
few tasks per worker are in flight, so memory stays flat over any number of
documents. An exception a task raises (one it does not turn into data, such as
an ``OSError``) ends the batch: :meth:`Executor.map_ordered` raises it in the
parent.
"""

from __future__ import annotations

import abc
import contextlib
import importlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

from encoder.errors import UsageError

if TYPE_CHECKING:  # the pool's modules are imported when a pool starts: a one-file run never needs them
    import multiprocessing.process
    import queue
    from multiprocessing.connection import Connection

Item = TypeVar("Item")
Value = TypeVar("Value")

# How far, per worker, the tasks handed out may run ahead of the next result to
# yield: enough that a worker seldom waits behind one slow document, few enough
# that the finished results held back stay small.
_AHEAD_PER_WORKER = 4
# How often the pool's feeder thread looks up from waiting for its workers (seconds).
_POLL = 0.05
# Tasks a worker holds: the one it runs and the next, already in its pipe. With one, a
# worker that sent a result waited for the feeder thread to read it and send another;
# that thread shares the interpreter lock with the command's loop and its writers (and,
# on a busy machine, the cores with everyone), so the wait was often longer than a
# document takes (the pool kept 0.9 of two idle cores busy).
_HELD_PER_WORKER = 2
# Dask tasks submitted per worker thread: one running and one queued, so that a
# thread does not wait for the scheduler's round trip between two tasks.
_QUEUED_PER_THREAD = 2

# Without --jobs, a batch this small runs in this process: starting workers
# (and loading the schemas once in each) costs more than it saves.
PARALLEL_FROM = 16

OVER_BUDGET = "over-budget"
WORKER_DIED = "worker-died"


@dataclass(frozen=True, slots=True)
class Done(Generic[Item, Value]):
    """One task's outcome, in input order.

    ``stopped`` is empty when the task returned ``value``; otherwise it says why
    it was stopped (:data:`OVER_BUDGET`, :data:`WORKER_DIED`) and ``value`` is None.
    """

    index: int
    item: Item
    value: Value | None
    seconds: float
    stopped: str = ""
    detail: str = ""  # e.g. the signal that ended a worker


class Executor(abc.ABC):
    """The interface every executor offers (see the module's documentation)."""

    jobs: int  # how many tasks run at once: worker processes, or the cluster's worker threads

    @abc.abstractmethod
    def map_ordered(
        self, func: Callable[[Item], Value], items: Sequence[Item], *, time_budget: float | None = None
    ) -> Iterator[Done[Item, Value]]:
        """``func(item)`` for every item, yielded in the order of ``items``.

        ``time_budget`` (seconds, None or 0 for none) is the most one task may
        run; a task over it is stopped and comes back with ``stopped`` set.
        """

    def close(self) -> None:
        """Stop the workers (a started cluster too)."""
        return None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity), not all the machine has."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def open_executor(
    *,
    jobs: int | None = None,
    scheduler: str | None = None,
    tasks: int | None = None,
    initializer: Callable[[], None] | None = None,
) -> Executor:
    """The executor for ``--jobs``/``--scheduler``: Dask when a scheduler is named,
    else a process pool of ``jobs`` workers (default: the usable cores), serial for one.

    ``tasks`` (how many there will be) keeps a small batch from starting more
    workers than it has documents; without ``jobs``, fewer than
    :data:`PARALLEL_FROM` tasks run in this process. ``initializer`` runs once in each worker
    before it takes a task (loading schemas, say), so that time counts against
    no document's budget.
    """
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs {jobs}: give a number of processes of at least 1")
    if scheduler is not None:
        return DaskExecutor.connect(scheduler, workers=jobs or usable_cores())
    wanted = jobs or usable_cores()
    if jobs is None and tasks is not None and tasks < PARALLEL_FROM:
        wanted = 1
    if tasks is not None:
        wanted = min(wanted, max(tasks, 1))
    if wanted == 1:
        return SerialExecutor()
    return ProcessPoolExecutor(wanted, initializer=initializer)


class _OverBudget(BaseException):
    """Raised by the timer inside a task; a BaseException, so a task's ``except Exception`` cannot swallow it."""


class SerialExecutor(Executor):
    """Every task in this process, one after another."""

    jobs = 1

    def map_ordered(
        self, func: Callable[[Item], Value], items: Sequence[Item], *, time_budget: float | None = None
    ) -> Iterator[Done[Item, Value]]:
        for index, item in enumerate(items):
            started = time.monotonic()
            try:
                with _alarm(time_budget):
                    value = func(item)
            except _OverBudget:
                yield Done(index, item, None, time.monotonic() - started, OVER_BUDGET)
                continue
            yield Done(index, item, value, time.monotonic() - started)


@contextlib.contextmanager
def _alarm(seconds: float | None) -> Iterator[None]:
    """Raise :class:`_OverBudget` in this thread after ``seconds``.

    Only the main thread receives signals: elsewhere (a server thread, say) the
    task runs without a budget rather than not at all.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def over_budget(signum: int, frame: FrameType | None) -> None:
        raise _OverBudget

    previous = signal.signal(signal.SIGALRM, over_budget)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class TaskFailed(RuntimeError):
    """A task raised an exception that could not be sent back from its worker as it was."""


@dataclass(slots=True)
class _Counter:
    count: int = 0  # written by the caller's thread only, read by the feeder's


@dataclass(slots=True)
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection
    tasks: list[int]  # the indices of the tasks it was sent and has not answered, oldest (running) first
    ready: bool = False
    started: float | None = None  # when it began to run the oldest task (its budget counts from then)

    @property
    def task(self) -> int | None:
        """The task it runs (or takes next, until it says it started it)."""
        return self.tasks[0] if self.tasks else None


class ProcessPoolExecutor(Executor):
    """``workers`` processes of this machine, each running one task at a time.

    Not :class:`concurrent.futures.ProcessPoolExecutor`: that cannot stop one
    task, and killing one of its workers breaks the whole pool. Here the parent
    knows which worker runs which task since when, kills the one over budget
    and starts another in its place.

    Workers are forked from a clean server process (``forkserver``), not from
    this one, which may already run threads (Saxon's, a server's) that a plain
    fork would copy in an unknown state.
    """

    def __init__(self, workers: int, *, initializer: Callable[[], None] | None = None) -> None:
        self.jobs = workers
        self._stopping = threading.Event()
        self._feeder: threading.Thread | None = None
        self._initializer = initializer
        import multiprocessing

        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["encoder.executor", "encoder.pipeline", "encoder.validation"])
        self._workers: list[_Worker] = [self._start_worker() for _ in range(workers)]
        # Tasks sent to a worker that was stopped before it began them: handed out again, first.
        self._returned: list[int] = []

    def _start_worker(self) -> _Worker:
        parent_end, child_end = self._context.Pipe(duplex=True)
        process = self._context.Process(target=_worker_main, args=(child_end, self._initializer), daemon=True)
        process.start()
        child_end.close()
        return _Worker(process, parent_end, [])

    def map_ordered(
        self, func: Callable[[Item], Value], items: Sequence[Item], *, time_budget: float | None = None
    ) -> Iterator[Done[Item, Value]]:
        # The workers are fed from a thread of their own: while the caller writes a
        # result (an fsync takes milliseconds), the workers go on with the next tasks.
        import queue

        results: queue.SimpleQueue[Done[Item, Value] | BaseException] = queue.SimpleQueue()
        handed = _Counter()
        self._stopping.clear()
        feeder = threading.Thread(
            target=self._feed, args=(func, items, time_budget, results, handed), name="tei-encoder-pool", daemon=True
        )
        self._feeder = feeder
        feeder.start()
        try:
            for _ in range(len(items)):
                done = results.get()
                if isinstance(done, BaseException):
                    raise done
                handed.count += 1
                yield done
        finally:
            self._stopping.set()
            feeder.join()

    def _feed(
        self,
        func: Callable[[Item], Value],
        items: Sequence[Item],
        budget: float | None,
        results: queue.SimpleQueue[Done[Item, Value] | BaseException],
        handed: _Counter,
    ) -> None:
        """Send tasks to idle workers, pass their results on in input order, till all are done or the caller stops."""
        waiting = iter(enumerate(items))
        next_index = 0  # the next result to pass on: results go out in input order
        sent = 0
        finished: dict[int, Done[Item, Value] | BaseException] = {}
        window = self.jobs * _AHEAD_PER_WORKER
        self._returned = []
        try:
            while next_index < len(items) and not self._stopping.is_set():
                for worker in self._workers:
                    while (
                        worker.ready
                        and len(worker.tasks) < _HELD_PER_WORKER
                        and (self._returned or sent < min(len(items), handed.count + window))
                    ):
                        if self._returned:
                            index = self._returned.pop(0)
                        else:
                            index, _item = next(waiting)
                            sent += 1
                        worker.connection.send((index, func, items[index], os.getcwd()))
                        worker.tasks.append(index)
                self._collect(items, finished, budget)
                while next_index in finished:
                    results.put(finished.pop(next_index))
                    next_index += 1
        except BaseException as error:  # a worker that cannot run tasks at all: the caller raises it
            results.put(error)

    def _collect(
        self, items: Sequence[Item], finished: dict[int, Done[Item, Value] | BaseException], budget: float | None
    ) -> None:
        """Wait for a worker to answer (or a budget to run out) and record what happened."""
        now = time.monotonic()
        running = [worker.started for worker in self._workers if worker.started is not None]
        timeout = min((started + budget - now for started in running), default=None) if budget else None
        connections = [worker.connection for worker in self._workers]
        # Never long: the caller may have taken results (room for more tasks) or stopped.
        from multiprocessing.connection import wait as wait_for_any

        ready = wait_for_any(connections, timeout=min(max(timeout, 0), _POLL) if timeout is not None else _POLL)
        for worker in list(self._workers):
            if worker.connection in ready:
                self._receive(worker, items, finished)
        if budget:
            now = time.monotonic()
            for worker in list(self._workers):
                if worker.task is not None and worker.started is not None and now - worker.started >= budget:
                    index, seconds = worker.task, now - worker.started
                    self._replace(worker)
                    finished[index] = Done(index, items[index], None, seconds, OVER_BUDGET)

    def _receive(
        self, worker: _Worker, items: Sequence[Item], finished: dict[int, Done[Item, Value] | BaseException]
    ) -> None:
        try:
            message = worker.connection.recv()
        except (EOFError, OSError):
            # The worker died under its task (killed by the kernel for memory, a crash in C code).
            index = worker.task
            worker.process.join(1)
            code = worker.process.exitcode
            self._replace(worker)
            if index is None:
                raise TaskFailed(f"a worker process stopped before taking a task (exit status {code})") from None
            detail = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
            seconds = time.monotonic() - (worker.started or time.monotonic())
            finished[index] = Done(index, items[index], None, seconds, WORKER_DIED, detail)
            return
        kind, index, payload = message
        if kind == "ready":
            worker.ready = True
            return
        if kind == "started":
            worker.started = time.monotonic()
            return
        if kind == "broken":  # no worker could run any task: the batch cannot go on
            raise payload
        seconds = time.monotonic() - (worker.started or time.monotonic())
        worker.tasks.remove(index)
        worker.started = None
        # An exception is raised in its turn, so that what was written before it does not depend on timing.
        finished[index] = payload if kind == "raised" else Done(index, items[index], payload, seconds)

    def _replace(self, worker: _Worker) -> None:
        """A fresh worker in place of this one; the tasks it held but had not begun go to the others."""
        _stop(worker)
        self._returned = sorted([*self._returned, *worker.tasks[1:]])
        self._workers[self._workers.index(worker)] = self._start_worker()

    def close(self) -> None:
        # A caller that left its loop early (an exception) may not have closed the
        # generator yet: its feeder must stop before the workers are.
        self._stopping.set()
        if self._feeder is not None:
            self._feeder.join()
        for worker in self._workers:
            if worker.task is None:
                with contextlib.suppress(OSError):
                    worker.connection.send(None)  # finish: the worker leaves its loop
        for worker in self._workers:
            if worker.task is None:
                worker.process.join(2)
            _stop(worker)
        self._workers = []


def _stop(worker: _Worker) -> None:
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join()
    worker.connection.close()


def _worker_main(connection: Connection, initializer: Callable[[], None] | None) -> None:
    """A worker's loop: take ``(index, func, item, working folder)``, send back its value or its exception."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    if initializer is not None:
        initializer()
    connection.send(("ready", None, None))
    import pickle

    while True:
        try:
            message = connection.recv_bytes()
        except EOFError:  # the parent is gone (killed): nothing more to do
            return
        try:
            # Unpickling may import the task's module: a cost of the worker, not of the document.
            task = pickle.loads(message)
        except Exception as error:  # the module cannot be imported here (an install changed under the run)
            connection.send(("broken", None, _sendable(error)))
            return
        if task is None:
            return
        index, func, item, folder = task
        if folder != os.getcwd():
            os.chdir(folder)  # relative paths in the item mean what they mean in the parent
        connection.send(("started", index, None))
        try:
            connection.send(("value", index, func(item)))
        except BaseException as error:
            connection.send(("raised", index, _sendable(error)))


def _sendable(error: BaseException) -> BaseException:
    """``error`` if it survives pickling as it is, else a :class:`TaskFailed` carrying its traceback."""
    import pickle

    try:
        copy = pickle.loads(pickle.dumps(error))
        if type(copy) is type(error) and copy.args == error.args:
            return error
    except Exception:
        pass
    import traceback

    return TaskFailed("".join(traceback.format_exception(error)).rstrip())


class DaskExecutor(Executor):
    """The tasks on a Dask distributed cluster: one the user runs, or a LocalCluster on loopback."""

    def __init__(self, client: Any, cluster: Any = None) -> None:
        self._client = client
        self._cluster = cluster  # closed with the executor when this one started it
        self.jobs = max(sum(client.nthreads().values()), 1)

    @classmethod
    def connect(cls, scheduler: str, *, workers: int) -> DaskExecutor:
        """``scheduler`` is ``tcp://HOST:PORT`` of a running scheduler, or ``local``
        for a LocalCluster of ``workers`` single-threaded processes on 127.0.0.1."""
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise UsageError(
                f"--scheduler {scheduler}: Dask distributed is not installed; "
                "install it with: pip install 'tei-encoder[cluster]' (or use --jobs N for this machine's cores)"
            ) from None
        if scheduler == "local":
            import logging

            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                # A worker restarted for a task over budget is reported as TIME-BUDGET;
                # Dask's own log lines about it would only be noise among the diagnostics.
                silence_logs=logging.CRITICAL,
            )
            return cls(Client(cluster), cluster)  # type: ignore[no-untyped-call]
        if "://" not in scheduler:
            raise UsageError(f"--scheduler {scheduler!r}: give tcp://HOST:PORT of a Dask scheduler, or 'local'")
        try:
            client = Client(scheduler, timeout=10)  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as error:
            raise UsageError(f"--scheduler {scheduler}: cannot reach the Dask scheduler ({error})") from None
        return cls(client)

    def map_ordered(
        self, func: Callable[[Item], Value], items: Sequence[Item], *, time_budget: float | None = None
    ) -> Iterator[Done[Item, Value]]:
        from dask.distributed import wait as wait_for

        # Every worker imports the task's module first, so that the import counts against no document's budget.
        self._client.run(importlib.import_module, func.__module__)
        waiting = iter(enumerate(items))
        # future → [its index, when it began to run (None while it waits for a worker thread)],
        # in the order of submission, which is the order the scheduler runs them in.
        running: dict[Any, list[Any]] = {}
        finished: dict[int, Done[Item, Value] | BaseException] = {}
        next_index = 0
        while next_index < len(items):
            # A task waiting behind each running one hides the scheduler's round trip.
            while len(running) < self.jobs * _QUEUED_PER_THREAD and (task := next(waiting, None)) is not None:
                running[self._client.submit(func, task[1], pure=False)] = [task[0], None]
            # The first `jobs` tasks not finished hold the worker threads: their budgets run.
            now = time.monotonic()
            for entry in list(running.values())[: self.jobs]:
                entry[1] = entry[1] if entry[1] is not None else now
            timeout = None
            if time_budget:
                starts = [start for _, start in running.values() if start is not None]
                timeout = max(min(starts, default=now) + time_budget - now, 0.01)
            with contextlib.suppress(TimeoutError):
                wait_for(list(running), timeout=timeout, return_when="FIRST_COMPLETED")  # type: ignore[no-untyped-call]
            now = time.monotonic()
            for future, (index, start) in list(running.items()):
                seconds = now - (start if start is not None else now)
                if future.done():
                    del running[future]
                    failed = future.status == "error"
                    finished[index] = (
                        future.exception() if failed else Done(index, items[index], future.result(), seconds)
                    )
                elif time_budget and start is not None and seconds >= time_budget:
                    del running[future]
                    self._stop(future)
                    finished[index] = Done(index, items[index], None, seconds, OVER_BUDGET)
            while next_index in finished:
                done = finished.pop(next_index)
                if isinstance(done, BaseException):
                    raise done
                yield done
                next_index += 1

    def _stop(self, future: Any) -> None:
        """Cancel a task over budget, and restart the worker running it (a thread cannot be stopped)."""
        processing = self._client.processing()
        future.cancel()
        busy = [worker for worker, keys in processing.items() if future.key in keys]
        if busy:
            with contextlib.suppress(Exception):  # a worker without a nanny cannot restart: it finishes the task
                self._client.restart_workers(busy, raise_for_error=False)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
