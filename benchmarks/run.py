"""footspine benchmarks: start-up, scripted check, rule loading, engine, bulk throughput and scaling.

Run with the interpreter of the environment footspine is installed in:

    .venv/bin/python benchmarks/run.py            # about a minute
    .venv/bin/python benchmarks/run.py --quick    # fewer repeats and cases, for a smoke test

Every timing is a median over repeated runs; command timings are also given as a ratio to a bare
`python -c pass` measured in the same run, so figures from different machines can be compared.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from footspine import __version__
from footspine.engine import score
from footspine.knowledge import RulesSource, find_rules, load_rules
from footspine.model import KnowledgeBase

BIN = Path(sys.executable).parent


def run_timed(argv: list[str], stdin_path: Path | None = None) -> tuple[float, int]:
    """Wall time (s) and peak resident memory (MB) of one command."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL  # noqa: SIM115
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if stdin_path:
        stdin.close()  # type: ignore[union-attr]
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(
            f"benchmark command failed: {' '.join(argv)}: {process.stderr.read().decode()[-400:]}"
        )  # type: ignore[union-attr]
    return elapsed, usage.ru_maxrss // 1024


def median_time(argv: list[str], repeats: int) -> float:
    run_timed(argv)  # warm the file cache
    return statistics.median(run_timed(argv)[0] for _ in range(repeats))


def random_answers(kb: KnowledgeBase, rng: random.Random) -> dict[str, Any]:
    """A full, plausible-looking answer set: every question answered with an allowed value."""
    answers: dict[str, Any] = {}
    for question in kb.all_questions:
        if question.kind == "number":
            assert question.min is not None and question.max is not None
            answers[question.id] = rng.randint(int(question.min), int(question.max))
        elif question.kind == "multi":
            answers[question.id] = rng.sample(question.choice_ids, rng.randint(1, 2))
        else:
            answers[question.id] = rng.choice([*question.choice_ids, "unsure"])
    return answers


def scaled_rules(text: str, factor: int) -> KnowledgeBase:
    """The shipped rules with every condition repeated ``factor`` times under new ids."""
    data = json.loads(text)
    conditions = data["conditions"]
    data["conditions"] = [
        {**condition, "id": f"{condition['id']}_{copy}"} if copy else condition
        for copy in range(factor)
        for condition in conditions
    ]
    return load_rules(RulesSource(f"{factor}x", json.dumps(data)))


def engine_time(kb: KnowledgeBase, cases: list[dict[str, Any]], repeats: int) -> float:
    """Median seconds per case for the engine alone (answers already parsed)."""
    from footspine.answers import from_document

    parsed = [from_document(json.dumps(case), kb, "case") for case in cases]
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        for answers in parsed:
            score(answers, kb)
        timings.append((time.perf_counter() - start) / len(parsed))
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats and cases")
    args = parser.parse_args()
    repeats = 5 if args.quick else 21
    bulk_cases = 10_000 if args.quick else 100_000
    footspine = str(BIN / "footspine")
    rng = random.Random(20261124)

    source = find_rules(None)
    kb = load_rules(source)
    print(f"footspine {__version__} benchmarks · rules {kb.rules_version} ({len(kb.conditions)} conditions)")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    )
    print()

    bare = median_time([sys.executable, "-c", "pass"], repeats)
    print(f"{'bare python -c pass':44s} {bare * 1000:8.1f} ms   1.0x")
    with tempfile.TemporaryDirectory() as tmp:
        answers_file = Path(tmp) / "answers.json"
        answers_file.write_text(json.dumps(random_answers(kb, rng)))
        for label, argv in (
            ("footspine --version", [footspine, "--version"]),
            ("footspine --help", [footspine, "--help"]),
            (
                "footspine check --no-input --json --answers F",
                [footspine, "check", "--no-input", "--json", "--answers", str(answers_file)],
            ),
        ):
            seconds = median_time(argv, repeats)
            print(f"{label:44s} {seconds * 1000:8.1f} ms {seconds / bare:5.1f}x")

        loads = []
        for _ in range(repeats):
            start = time.perf_counter()
            load_rules(source)
            loads.append(time.perf_counter() - start)
        print(
            f"{'load + validate the shipped rules (in process)':44s} {statistics.median(loads) * 1000:8.2f} ms"
        )

        vignettes = sorted((Path(__file__).resolve().parent.parent / "tests" / "cases").glob("*.json"))
        if vignettes:
            answers = [json.loads(path.read_text())["answers"] for path in vignettes]
            per_case = engine_time(kb, answers * 20, 7 if not args.quick else 3)
            print(f"{'engine alone, per vignette case (tests/cases)':44s} {per_case * 1e6:8.1f} us")
        cases = [random_answers(kb, rng) for _ in range(2000 if not args.quick else 300)]
        per_case = engine_time(kb, cases, 7 if not args.quick else 3)
        print(f"{'engine alone, per random full answer set':44s} {per_case * 1e6:8.1f} us")

        bulk = Path(tmp) / "bulk.jsonl"
        with bulk.open("w") as out:
            for _ in range(bulk_cases):
                out.write(json.dumps(random_answers(kb, rng)) + "\n")
        for jobs in (1, 2):
            seconds, peak = run_timed([footspine, "batch", str(bulk), "--jobs", str(jobs)])
            label = f"batch {bulk_cases:,} answer sets, --jobs {jobs}"
            print(f"{label:44s} {bulk_cases / seconds:8,.0f} cases/s  peak {peak} MB (main process)")

    print()
    print("engine cost against rule-file size (synthetic copies of the shipped conditions):")
    base_time = None
    sample = cases[:200]
    for factor in (1, 10, 100):
        scaled = scaled_rules(source.text, factor)
        per_case = engine_time(scaled, sample, 3)
        base_time = base_time or per_case
        print(
            f"  {factor:>3}x ({len(scaled.conditions):>4} conditions) {per_case * 1e6:10.1f} us/case  {per_case / base_time:6.1f}x"
        )


if __name__ == "__main__":
    main()
