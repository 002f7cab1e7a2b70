"""Scores many answer sets: one JSON object per input line in, one JSON result per line out, in order.

Work goes in bounded chunks, so memory stays flat however long the input is; a bad line becomes an
error record for that line and the rest carry on. Lines go through the same decoder and answers
pipeline as `check` (jsontext.decode, Rules.answers), so a line is refused here exactly when
`check --answers` would refuse it.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from types import FrameType
from typing import IO, Any

import msgspec

from .documents import BATCH_SCHEMA_VERSION
from .engine import if_raised
from .errors import FootspineError, Terminated
from .jsontext import JsonTextError, decode
from .kinds import AnswerValue
from .knowledge import RulesSource
from .render_json import report_document
from .report import Ranking
from .rules import Rules, from_source
from .translation import speaking

CHUNK_LINES = 2000
MAX_LINE_BYTES = 1024 * 1024  # as for an answers file
PROGRESS_EVERY = 1000  # lines between progress updates
_encode = msgspec.json.Encoder().encode
_ENVELOPE_KEYS = frozenset({"id", "answers"})

# update(lines scored, bytes read) -> None; bytes read is 0 when the input's size is not known
Progress = Callable[[int, int], None]


def score_line(number: int, line: bytes | str | None, rules: Rules, *, full: bool) -> dict[str, Any]:
    """One input line -> its result record (or an error record naming the line); None stands for a
    line too long to read."""
    if line is None:
        return {
            "schema_version": BATCH_SCHEMA_VERSION,
            "line": number,
            "error": f"longer than {MAX_LINE_BYTES:,} bytes; not an answers object",
        }
    try:
        try:
            raw = decode(line)
        except JsonTextError as exc:
            raise FootspineError(f"{exc}; write one JSON object of answers per line, in UTF-8") from None
        if not isinstance(raw, dict):
            raise FootspineError("expected a JSON object of answers")
        record_id = None
        if "answers" in raw:  # an envelope: {"id": ..., "answers": {...}}
            extra = sorted(str(key) for key in raw.keys() - _ENVELOPE_KEYS)
            if extra:
                raise FootspineError(
                    f"unknown key {extra[0]!r} beside 'answers'; a line is either answers, or "
                    '{"id": ..., "answers": {...}}'
                )
            if not isinstance(raw["answers"], dict):
                raise FootspineError("'answers' must be a JSON object of question id -> answer")
            record_id = raw.get("id")
            raw = raw["answers"]
        answers = rules.answers(raw)
    except FootspineError as exc:
        return {"schema_version": BATCH_SCHEMA_VERSION, "line": number, "error": str(exc)}
    record: dict[str, Any] = {"schema_version": BATCH_SCHEMA_VERSION, "line": number}
    if record_id is not None:
        record["id"] = record_id
    if full:
        record["result"] = report_document(rules.score(answers), rules.kb)
    else:
        record.update(compact_record(rules.rank(answers), rules, answers))
    return record


def compact_record(ranking: Ranking, rules: Rules, answers: Mapping[str, AnswerValue]) -> dict[str, Any]:
    """The decision alone (triage, red flags, ranked causes): what a bulk run usually needs. Each
    warning sign left open comes with how (not answered, or "not sure") and the level its "yes"
    would reach with the other answers, as in the full result, so an open emergency reads as one."""
    ids = rules.index.ids
    return {
        "rules_sha256": rules.sha256,
        "triage": {"level": ranking.level},  # an object, as in check --json (schema_version 2)
        "red_flags": [flag.id for flag in ranking.raised],
        "unanswered_red_flags": [flag.id for flag, _ in ranking.open_flags],
        "open_red_flags": [
            {"id": flag.id, "status": status, "level": if_raised(flag, answers, rules.kb)[0]}
            for flag, status in ranking.open_flags
        ],
        "causes": [
            {"id": ids[position], "score": total, "likelihood": band.label}
            for position, total, band in ranking.causes
        ],
        "details": [  # causes shown under another: the nerve root under the disc
            {"id": ids[position], "score": total, "likelihood": band.label, "under": ids[under]}
            for position, total, band, under in ranking.details
        ],
    }


def _lines(stream: IO[bytes]) -> Iterator[bytes | None]:
    """The input's lines, each read with a bound: a line longer than MAX_LINE_BYTES (or a stream
    with no newline at all) is skipped to its end and stands as None, so memory stays bounded."""
    while line := stream.readline(MAX_LINE_BYTES + 1):
        if len(line) <= MAX_LINE_BYTES or line.endswith(b"\n"):
            yield line
            continue
        while (rest := stream.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
            pass
        yield None


def _numbered(lines: Iterable[bytes | None]) -> Iterator[tuple[int, bytes | None]]:
    for number, line in enumerate(lines, start=1):
        if number == 1 and line is not None:
            line = line.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark some editors write
        if line is None or (line and not line.isspace()):
            yield number, line


_worker_rules: Rules | None = None


def freeze(rules: Rules) -> None:
    """Take the rules (and all else alive) out of the cyclic collector's sight for the run.

    Scoring creates many short-lived objects, so the collector runs every few cases, and each full
    collection would walk the whole knowledge base again: with 100 times the shipped rules that made
    scoring a third slower. Only for processes that score until they exit.
    """
    gc.freeze()


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with(parent: int) -> None:
    """Have the kernel send this worker SIGTERM when its parent dies (Linux; elsewhere nothing)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request was in place
        os._exit(1)


def _start_worker(source: RulesSource, parent: int, language: str) -> None:
    """A worker: Ctrl-C is the parent's to handle (the terminal sends it to the whole process group),
    SIGTERM ends the worker at once (not the parent's handler, which fork copied), and the worker
    ends with its parent, however that ends."""
    global _worker_rules
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with(parent)
    speaking(language).__enter__()  # for the worker's whole life, as the parent speaks it
    _worker_rules = from_source(source, language=language)
    freeze(_worker_rules)


_running: set[ProcessPoolExecutor] = set()


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the pool now: queued work cancelled, running workers terminated, nothing waited for long."""
    _running.discard(pool)
    workers = list((getattr(pool, "_processes", None) or {}).values())
    call_queue = getattr(pool, "_call_queue", None)
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)  # shutdown forgets these
    helper = getattr(pool, "_executor_manager_thread", None)
    if call_queue is not None:  # work still queued for the dead workers must not block the exit
        call_queue.cancel_join_thread()
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        with contextlib.suppress(Exception):
            worker.terminate()
    for worker in workers:
        worker.join(timeout=2)
        if worker.is_alive():
            worker.kill()
            worker.join(timeout=2)
    # A worker ended while sending its results leaves half a message in the result pipe, and the
    # pool's helper thread waits for the rest, so the exit (which joins that thread) hung. With the
    # workers gone, the parent's own write end is the last: closing it lets that read end. The
    # helper is then waited for, or its clean-up would race the exit's and print an ignored error.
    if writer is not None:
        with contextlib.suppress(OSError):
            writer.close()
    if helper is not None:
        helper.join(timeout=2)


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """Around a run: SIGTERM raises Terminated (in the main thread; elsewhere it keeps its action), and
    however the block ends early, the worker pools started in it are stopped at once. A run can end
    outside its generator (a signal while a record is written), where only this block sees it."""
    previous = None
    if threading.current_thread() is threading.main_thread():

        def terminated(signum: int, frame: FrameType | None) -> None:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second one must not cut the clean-up short
            raise Terminated("terminated; the output holds the results of the lines before it")

        previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    except BaseException:
        for pool in list(_running):
            _stop(pool)
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _score_chunk(chunk: list[tuple[int, bytes | None]], full: bool) -> list[bytes]:
    assert _worker_rules is not None
    return [_encode(score_line(n, line, _worker_rules, full=full)) for n, line in chunk]


def run(lines: Iterable[bytes | None], rules: Rules, *, jobs: int, full: bool) -> Iterator[bytes]:
    """Yield one JSON record (bytes, without newline) per non-blank input line, in input order.

    Worker processes (``jobs`` > 1) load their own rules from the same text. Lines stay bytes from
    input to output: decoding them to text and back would cost more than scoring some of them.
    However the run ends early (Ctrl-C, SIGTERM, a failed write, the caller stopping), the workers
    are stopped at once, not waited for.
    """
    numbered = _numbered(lines)
    if jobs <= 1:
        for number, line in numbered:
            yield _encode(score_line(number, line, rules, full=full))
        return
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        initializer=_start_worker,
        initargs=(rules.rules_source, os.getpid(), rules.language),
    )
    _running.add(pool)
    try:
        while block := list(islice(numbered, CHUNK_LINES * jobs)):
            chunks = [block[i : i + CHUNK_LINES] for i in range(0, len(block), CHUNK_LINES)]
            for results in pool.map(_score_chunk, chunks, [full] * len(chunks)):
                yield from results
    except BaseException:
        _stop(pool)
        raise
    _running.discard(pool)
    pool.shutdown()


def stream(
    lines: IO[bytes],
    out: IO[bytes],
    rules: Rules,
    *,
    jobs: int,
    full: bool,
    live: bool,
    progress: Progress | None,
) -> tuple[int, int]:
    """Score ``lines`` into ``out``, one record a line; returns the records written, and how many
    of them are errors (lines that could not be scored).

    ``live`` (a pipeline) passes each record on as soon as it exists; ``progress`` is told every
    PROGRESS_EVERY lines and at the end.
    """
    count = failed = 0
    for record in run(_lines(lines), rules, jobs=jobs, full=full):
        out.write(record + b"\n")
        failed += is_error_record(record)
        if live:
            out.flush()
        count += 1
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count, 0 if live else lines.tell())
    if progress is not None:
        progress(count, 0 if live else os.fstat(lines.fileno()).st_size)
    out.flush()
    return count, failed


def is_error_record(record: bytes) -> bool:
    """Whether an encoded record is a line's error: ``{"schema_version": 2, "line": N, "error":
    ...}``, the only record whose third key is "error" (records are encoded with their keys in a
    fixed order, so it is found within the first 60 bytes)."""
    return record.find(b',"error":', 0, 60) != -1
