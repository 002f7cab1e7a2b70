"""Scores many answer sets: one JSON object per input line in, one JSON result per line out, in order.

Work goes in bounded chunks, so memory stays flat however long the input is; a bad line becomes an
error record for that line and the rest carry on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Any

import msgspec

from .answers import from_mapping
from .engine import rank, score
from .errors import FootspineError
from .jsontext import syntax_problem
from .knowledge import RulesSource, load_rules
from .model import KnowledgeBase, Ranking
from .render_json import report_document

CHUNK_LINES = 2000
_decode = msgspec.json.Decoder().decode
_encode = msgspec.json.Encoder().encode


def score_line(number: int, line: bytes | str, kb: KnowledgeBase, *, full: bool) -> dict[str, Any]:
    """One input line -> its result record (or an error record naming the line)."""
    try:
        try:
            raw = _decode(line)
        except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
            problem = syntax_problem(line) or "not valid JSON"
            raise FootspineError(f"{problem}; write one JSON object of answers per line, in UTF-8") from None
        if not isinstance(raw, dict):
            raise FootspineError("expected a JSON object of answers")
        record_id = None
        if isinstance(raw.get("answers"), dict):  # an envelope: {"id": ..., "answers": {...}}
            record_id = raw.get("id")
            raw = raw["answers"]
        answers = from_mapping(raw, kb, "answers")
    except FootspineError as exc:
        return {"line": number, "error": str(exc)}
    record: dict[str, Any] = {"line": number}
    if record_id is not None:
        record["id"] = record_id
    if full:
        record["result"] = report_document(score(answers, kb))
    else:
        record.update(compact_record(rank(answers, kb), kb))
    return record


def compact_record(ranking: Ranking, kb: KnowledgeBase) -> dict[str, Any]:
    """The decision alone (triage, red flags, ranked causes): what a bulk run usually needs."""
    ids = kb.scoring_plan.ids
    return {
        "rules_sha256": kb.sha256,
        "triage": ranking.level,
        "red_flags": [flag.id for flag in ranking.raised],
        "unanswered_red_flags": [flag.id for flag, _ in ranking.open_flags],
        "causes": [
            {"id": ids[position], "score": total, "likelihood": band.label}
            for position, total, band in ranking.causes
        ],
    }


def _numbered(lines: Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    for number, line in enumerate(lines, start=1):
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark some editors write
        if line and not line.isspace():
            yield number, line


_worker_kb: KnowledgeBase | None = None


def freeze(kb: KnowledgeBase) -> None:
    """Take the knowledge base (and all else alive) out of the cyclic collector's sight for the run.

    Scoring creates many short-lived objects, so the collector runs every few cases, and each full
    collection would walk the whole knowledge base again: with 100 times the shipped rules that made
    scoring a third slower. Only for processes that score until they exit.
    """
    kb.scoring_plan  # noqa: B018 - built first, so it is frozen with the rest
    gc.freeze()


def _start_worker(rules: RulesSource) -> None:
    global _worker_kb
    _worker_kb = load_rules(rules)
    freeze(_worker_kb)


def _score_chunk(chunk: list[tuple[int, bytes]], full: bool) -> list[bytes]:
    assert _worker_kb is not None
    return [_encode(score_line(n, line, _worker_kb, full=full)) for n, line in chunk]


def run(
    lines: Iterable[bytes], kb: KnowledgeBase, rules: RulesSource, *, jobs: int, full: bool
) -> Iterator[bytes]:
    """Yield one JSON record (bytes, without newline) per non-blank input line, in input order.

    ``kb`` scores in this process; worker processes (``jobs`` > 1) load their own from ``rules``.
    Lines stay bytes from input to output: decoding them to text and back would cost more than
    scoring some of them.
    """
    numbered = _numbered(lines)
    if jobs <= 1:
        for number, line in numbered:
            yield _encode(score_line(number, line, kb, full=full))
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(rules,)) as pool:
        while True:
            block = list(islice(numbered, CHUNK_LINES * jobs))
            if not block:
                return
            chunks = [block[i : i + CHUNK_LINES] for i in range(0, len(block), CHUNK_LINES)]
            for results in pool.map(_score_chunk, chunks, [full] * len(chunks)):
                yield from results
