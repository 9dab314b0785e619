"""The jail: steps run in long-lived worker processes with a memory, CPU and wall-clock limit.

The RestrictedPython sandbox is the first wall; this is the second. A single C-level call (a sort
of a huge list, a `repr` of a shared one) cannot be interrupted from inside Python, so every step
runs in a worker process of a pebble pool. A worker that passes a limit is killed and replaced,
and the step fails with a message that names the element; the process that asked never stalls.
Workers keep parsed specs by content hash and are sent the XML only when they miss it.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import resource
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime
from itertools import count
from multiprocessing import forkserver
from typing import Any

from pebble import ProcessExpired, ProcessPool

from .effects import Operation
from .errors import SandboxViolation, WorkflowError, causes
from .guards import DEFAULT_LIMITS, Limits
from .specs import ProcessSpec, SpecLibrary, load_spec
from .step import Event, MoveTo, Outcome, run_step

MEMORY_EXIT = 86
"""A worker's exit code when a step ran out of its address space."""
WORKER_ENVIRONMENT = frozenset({"PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "HOME",
                                "PYTHONPATH", "VIRTUAL_ENV"})
"""The only environment variables an engine worker sees."""
MAX_STATE_BYTES = 2_000_000
"""The largest process state a step may leave (a shipped template's is about 6 KB)."""


@dataclass(frozen=True)
class JailSettings:
    """How many workers, and the limits of each step (`queue_seconds`: the longest a step waits
    for a free worker before the caller is told the engine is busy)."""

    workers: int = 2
    memory_mb: int = 512
    step_seconds: float = 5.0
    queue_seconds: float = 10.0


@dataclass(frozen=True)
class SpecSource:
    """A spec as the jail is handed it: its content hash, and how to get the XML on a miss."""

    hash: str
    xml: Callable[[], str]


class StepKilled(SandboxViolation):
    """The jail stopped a step at a limit; `limit` is time, memory, cpu or crash."""

    def __init__(self, message: str, *, limit: str, **where: Any) -> None:
        super().__init__(message, **where)
        self.limit = limit


class EngineBusy(WorkflowError):
    """Every worker stayed busy for the whole wait: nothing ran, try again."""


class Jail:
    """A pool of engine workers; `step` runs one step in one of them."""

    def __init__(self, settings: JailSettings, *, operations: Sequence[Operation],
                 limits: Limits = DEFAULT_LIMITS) -> None:
        self.settings = settings
        self._progress = tempfile.mkdtemp(prefix="escalations-jail-",
                                          dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["workflows.jail"])
        _start_forkserver_without_secrets()
        self._new_pool = lambda: ProcessPool(
            max_workers=settings.workers, context=context, initializer=_start_worker,
            initargs=(settings.memory_mb, tuple(operations), limits, self._progress))
        self._pool = self._new_pool()
        self._slots = threading.BoundedSemaphore(settings.workers)
        self._tokens = count()
        self._running = 0
        self._lock = threading.Lock()
        self._kills: dict[str, list[datetime]] = {}

    @property
    def running(self) -> int:
        """How many steps are running now."""
        return self._running

    def kills(self, spec_hash: str, *, since: datetime) -> int:
        """How many steps of this spec the jail stopped at a limit since `since` (step time)."""
        with self._lock:
            return sum(1 for at in self._kills.get(spec_hash, ()) if at >= since)

    def worker_pids(self) -> list[int]:
        """The process ids of the live workers (pebble keeps them by pid)."""
        return sorted(self._pool._pool_manager.worker_manager.workers)

    def in_progress(self) -> list[tuple[int, str | None]]:
        """The steps running code now: each worker's pid and the element it is in."""
        found = (_read_progress(self._progress, token) for token in os.listdir(self._progress))
        return [(pid, element_id) for pid, element_id, _ in found if pid is not None]

    def step(self, spec: SpecSource, state: str | None, event: Event, *, now: datetime,
             history: bool = False, target: SpecSource | None = None,
             counted: bool = True) -> Outcome:
        """Run one step in a worker; EngineBusy when none was free within `queue_seconds`,
        StepKilled when the step passed a limit, else what `run_step` returns or raises.
        A stopped step counts against its spec (see `kills`) unless `counted` is false."""
        if not self._slots.acquire(timeout=self.settings.queue_seconds):
            raise EngineBusy("every engine worker stayed busy; nothing was changed, try again "
                             "in a moment")
        token = str(next(self._tokens))
        with self._lock:
            self._running += 1
        try:
            return self._run(token, spec, state, event, now, history, target)
        except StepKilled as killed:
            if counted and killed.limit != "crash":
                with self._lock:
                    self._kills.setdefault(spec.hash, []).append(now)
                    del self._kills[spec.hash][:-100]  # keep the recent ones
            raise
        finally:
            with self._lock:
                self._running -= 1
            self._slots.release()
            _forget(self._progress, token)

    def _run(self, token: str, spec: SpecSource, state: str | None, event: Event,
             now: datetime, history: bool, target: SpecSource | None) -> Outcome:
        sources = {"spec": spec, "target": target}
        sent: dict[str, tuple[str, str | None] | None] = {
            "spec": (spec.hash, None), "target": (target.hash, None) if target else None}
        while True:
            reply = self._call(token, sent, state, event, now, history)
            if isinstance(reply, _Missing):
                source = sources[reply.which]
                sent[reply.which] = (source.hash, source.xml())
                continue
            if isinstance(reply, BaseException):
                raise reply
            return pickle.loads(reply)

    def _call(self, token: str, sent: dict, state: str | None, event: Event, now: datetime,
              history: bool) -> Any:
        seconds = self.settings.step_seconds
        if not self._pool.active:
            self._restart()
        try:
            future = self._pool.schedule(
                _worker_step, args=(token, sent["spec"], sent["target"], state, event, now,
                                    history, seconds), timeout=seconds)
            return future.result()
        except BrokenProcessPool as broken:
            self._restart()
            raise EngineBusy("the engine was restarted; nothing was changed, try again") \
                from broken
        except FutureTimeout:
            raise self._killed(token, "time", f"ran longer than {seconds:g} s") from None
        except ProcessExpired as expired:
            raise self._expired(token, expired.exitcode) from None

    def _expired(self, token: str, code: int | None) -> StepKilled:
        if code == MEMORY_EXIT:
            return self._killed(token, "memory",
                                f"used more than {self.settings.memory_mb} MB of memory")
        if code == -signal.SIGXCPU:
            return self._killed(token, "cpu", "used more than "
                                f"{self.settings.step_seconds:g} s of processor time")
        if code in (-signal.SIGKILL, -signal.SIGTERM):
            # Stopped from outside (an operator, the system): not the template's doing.
            return self._killed(token, "crash", "was stopped: its engine process was killed; "
                                "nothing it did was kept")
        return self._killed(token, "exit", f"ended its engine process (exit code {code})")

    def _killed(self, token: str, limit: str, what: str) -> StepKilled:
        _, element_id, element_name = _read_progress(self._progress, token)
        where = element_name or element_id
        subject = f"the script in {where}" if where else "the step"
        return StepKilled(f"{subject} {what}", limit=limit, element_id=element_id,
                          element_name=element_name)

    def _restart(self) -> None:
        """A new pool in place of one that broke (its forkserver died, say)."""
        with self._lock:
            if self._pool.active:
                return
            self._pool.stop()
            self._pool = self._new_pool()

    def close(self) -> None:
        """Stop the workers and remove the progress files."""
        self._pool.stop()
        self._pool.join(timeout=5)
        shutil.rmtree(self._progress, ignore_errors=True)


def _start_forkserver_without_secrets() -> None:
    """Start the process workers are forked from with a bare environment, so no worker ever
    holds the web process's secrets (SECRET_KEY, DATABASE_URL, ...); a no-op once it runs."""
    saved = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update({k: v for k, v in saved.items() if k in WORKER_ENVIRONMENT})
        forkserver.ensure_running()
    finally:
        os.environ.clear()
        os.environ.update(saved)


@dataclass(frozen=True)
class _Missing:
    """A worker's answer when it lacks a spec: send `which` (spec or target) with its XML."""

    which: str


# -- inside a worker --------------------------------------------------------------------------

_worker: dict[str, Any] = {}


def _start_worker(memory_mb: int, operations: tuple[Operation, ...], limits: Limits,
                  progress: str) -> None:
    # SIGTERM must end a worker even in the middle of a C call (pebble installs a Python
    # handler, which would wait for the call to return).
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.environ.clear()  # no secrets or database address for code that gets past the sandbox
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _worker.update(operations=operations, limits=limits, progress=progress,
                   library=SpecLibrary(max_size=64))


def _worker_step(token: str, spec: tuple[str, str | None], target: tuple[str, str | None] | None,
                 state: str | None, event: Event, now: datetime, history: bool,
                 seconds: float) -> Any:
    try:
        specs = {"spec": spec, "target": target}
        loaded: dict[str, ProcessSpec | None] = {}
        for which, sent in specs.items():
            loaded[which] = None if sent is None else _spec(*sent)
            if sent is not None and loaded[which] is None:
                return _Missing(which)
        _limit_cpu(seconds)
        if isinstance(event, MoveTo) and loaded["target"] is None:
            raise WorkflowError("the version to move to was not sent")
        progress = _Progress(_worker["progress"], token)
        outcome = run_step(loaded["spec"], state, event, now=now, history=history,
                           operations=_worker["operations"], limits=_worker["limits"],
                           watch=progress, target=loaded["target"])
        progress(None, None)  # what follows is the step's, not one element's
        if len(outcome.state) > MAX_STATE_BYTES:
            raise StepKilled(f"the step left {len(outcome.state) / 1e6:.1f} MB of process "
                             f"state, more than {MAX_STATE_BYTES // 1_000_000} MB; keep large "
                             "data out of process variables", limit="state")
        # Pickled here, inside the guard: a result too big for the memory limit ends the step
        # like any other allocation, not pebble's sending of it.
        return pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        os._exit(MEMORY_EXIT)
    except WorkflowError as error:
        if any(isinstance(cause, MemoryError) for cause in causes(error)):
            os._exit(MEMORY_EXIT)
        return _portable(error)


def _spec(spec_hash: str, xml: str | None) -> ProcessSpec | None:
    library: SpecLibrary = _worker["library"]
    if spec_hash in library:
        return library.get(spec_hash)
    if xml is None:
        return None
    spec = load_spec(xml)
    if spec.hash != spec_hash:
        raise WorkflowError(f"the diagram sent does not have the content hash {spec_hash}")
    library.add(spec)
    return spec


def _limit_cpu(seconds: float) -> None:
    """Allow this step `seconds` (plus one) of processor time from what the worker used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime + seconds) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _portable(error: WorkflowError) -> WorkflowError:
    """The error without its chain (which may hold objects that do not pickle)."""
    error.__cause__ = error.__context__ = None
    error.__traceback__ = None
    if hasattr(error, "original"):
        error.original = None
    return error


class _Progress:
    """Writes the element a step is in to a small file the parent reads when it kills the step."""

    def __init__(self, directory: str, token: str) -> None:
        self.path = os.path.join(directory, token)
        self.last: tuple[str | None, str | None] | None = None

    def __call__(self, element_id: str | None, element_name: str | None) -> None:
        if (element_id, element_name) == self.last:
            return
        self.last = (element_id, element_name)
        text = f"{os.getpid()}\t{element_id or ''}\t{element_name or ''}"
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, text.encode("utf-8", "replace"))
        finally:
            os.close(fd)


def _read_progress(directory: str, token: str) -> tuple[int | None, str | None, str | None]:
    """The worker's pid and the element a step is in; Nones when the file is gone or is being
    written this instant."""
    try:
        with open(os.path.join(directory, token), encoding="utf-8") as file:
            pid, element_id, element_name = file.read().split("\t", 2)
        return int(pid), element_id or None, element_name or None
    except (OSError, ValueError):
        return None, None, None


def _forget(directory: str, token: str) -> None:
    try:
        os.unlink(os.path.join(directory, token))
    except FileNotFoundError:
        pass
