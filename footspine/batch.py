"""Scores many answer sets: one JSON object per input line in, one JSON result per line out, in order.

Work goes in bounded chunks, so memory stays flat however long the input is; a bad line becomes an
error record for that line and the rest carry on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Any

from .answers import from_mapping
from .engine import score
from .errors import FootspineError
from .knowledge import RulesSource, load_rules
from .model import KnowledgeBase
from .render_json import report_document

CHUNK_LINES = 2000


def score_line(number: int, line: str, kb: KnowledgeBase, *, full: bool) -> dict[str, Any]:
    """One input line -> its result record (or an error record naming the line)."""
    try:
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FootspineError(f"not valid JSON (column {exc.colno}: {exc.msg})") from None
        if not isinstance(raw, dict):
            raise FootspineError("expected a JSON object of answers")
        record_id = None
        if isinstance(raw.get("answers"), dict):  # an envelope: {"id": ..., "answers": {...}}
            record_id = raw.get("id")
            raw = raw["answers"]
        answers = from_mapping(raw, kb, "answers")
    except FootspineError as exc:
        return {"line": number, "error": str(exc)}
    report = score(answers, kb)
    record: dict[str, Any] = {"line": number}
    if record_id is not None:
        record["id"] = record_id
    if full:
        record["result"] = report_document(report)
    else:
        record.update(
            rules_sha256=report.rules_sha256,
            triage=report.triage.level,
            red_flags=[flag.id for flag in report.red_flags],
            unanswered_red_flags=[flag.id for flag in report.unanswered_red_flags],
            causes=[
                {"id": cause.id, "score": round(cause.score, 3), "likelihood": cause.likelihood}
                for cause in report.causes
            ],
        )
    return record


def _numbered(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield number, line


_worker_kb: KnowledgeBase | None = None


def _start_worker(rules: RulesSource) -> None:
    global _worker_kb
    _worker_kb = load_rules(rules)


def _score_chunk(chunk: list[tuple[int, str]], full: bool) -> list[str]:
    assert _worker_kb is not None
    return [json.dumps(score_line(n, line, _worker_kb, full=full)) for n, line in chunk]


def run(lines: Iterable[str], rules: RulesSource, *, jobs: int, full: bool) -> Iterator[str]:
    """Yield one output line (without newline) per non-blank input line, in input order."""
    numbered = _numbered(lines)
    if jobs <= 1:
        kb = load_rules(rules)
        for number, line in numbered:
            yield json.dumps(score_line(number, line, kb, full=full))
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(rules,)) as pool:
        while True:
            block = list(islice(numbered, CHUNK_LINES * jobs))
            if not block:
                return
            chunks = [block[i : i + CHUNK_LINES] for i in range(0, len(block), CHUNK_LINES)]
            for results in pool.map(_score_chunk, chunks, [full] * len(chunks)):
                yield from results
