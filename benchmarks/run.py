"""footspine benchmarks: start-up, scripted check, rule loading, engine, bulk throughput and scaling.

Run with the interpreter of the environment footspine is installed in:

    .venv/bin/python benchmarks/run.py            # about a minute
    .venv/bin/python benchmarks/run.py --quick    # fewer repeats and cases, for a smoke test

Every timing is a median over repeated runs; command timings are also given as a ratio to a bare
`python -c pass` measured in the same run, so figures from different machines can be compared.
Commands run as in a normal install: with bytecode caches (PYTHONDONTWRITEBYTECODE is cleared
for them, and a first, untimed run writes the caches). A one-command Typer app is timed too, as
what any Typer command starts from.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from footspine import __version__
from footspine.knowledge import RulesSource, find_rules
from footspine.reach import first_place_rates, highest_scores
from footspine.rules import Rules, from_source
from footspine.typed import exclusive

BIN = Path(sys.executable).parent
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
TYPER_FLOOR = """
import typer
app = typer.Typer(rich_markup_mode=None)
@app.command()
def main(name: str = "x", flag: bool = False) -> None:
    print(name)
app()
"""


def run_timed(argv: list[str], stdin_path: Path | None = None) -> tuple[float, int]:
    """Wall time (s) and peak resident memory (MB) of one command."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL  # noqa: SIM115
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
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


def random_answers(kb: Rules, rng: random.Random) -> dict[str, Any]:
    """A full, plausible-looking answer set: every question answered with an allowed value."""
    answers: dict[str, Any] = {}
    for question in kb.all_questions:
        if question.kind == "number":
            assert question.min is not None and question.max is not None
            answers[question.id] = rng.randint(int(question.min), int(question.max))
        elif question.kind == "multi":
            picked = rng.sample(question.choice_ids, rng.randint(1, 2))
            alone = [choice for choice in picked if exclusive(choice)]  # "none" stands alone
            answers[question.id] = alone[:1] or picked
        else:
            answers[question.id] = rng.choice([*question.choice_ids, "unsure"])
    return answers


def scaled_rules(text: str, factor: int) -> Rules:
    """The shipped rules with every condition repeated ``factor`` times under new ids."""
    data = json.loads(text)
    conditions = data["conditions"]
    data["conditions"] = [
        {**condition, "id": f"{condition['id']}_{copy}"} if copy else condition
        for copy in range(factor)
        for condition in conditions
    ]
    return from_source(RulesSource(f"{factor}x", json.dumps(data)))


def engine_time(
    kb: Rules, cases: list[dict[str, Any]], repeats: int, step: Callable[..., object] = Rules.score
) -> float:
    """Median seconds per case for one engine step alone (answers already validated)."""
    parsed = [kb.answers(case) for case in cases]
    step(kb, parsed[0])
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        for answers in parsed:
            step(kb, answers)
        timings.append((time.perf_counter() - start) / len(parsed))
    return statistics.median(timings)


def score_cases(factor: int, count: int) -> None:
    """The child of instructions_per_case: score ``count`` random cases with ``factor`` x the rules."""
    source = find_rules(None)
    rng = random.Random(20261124)
    shipped = from_source(source)
    cases = [random_answers(shipped, rng) for _ in range(count)]
    kb = scaled_rules(source.text, factor)
    parsed = [kb.answers(case) for case in cases]
    kb.score(parsed[0])
    gc.freeze()
    for answers in parsed:
        kb.score(answers)


def instructions_per_case(factor: int) -> float | None:
    """CPU instructions per full report, counted by callgrind: unlike time, free of noise and caches.

    Two runs that differ only in the number of cases scored; the difference is the cases' own work.
    """
    if shutil.which("valgrind") is None:
        return None
    counts = []
    for count in (5, 15):
        child = subprocess.run(
            [
                "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                sys.executable, __file__, "--score-cases", str(factor), str(count),
            ],
            capture_output=True, text=True, env={**ENV, "PYTHONHASHSEED": "0"}, check=False,
        )  # fmt: skip
        found = re.search(r"Collected : (\d+)", child.stderr)
        if child.returncode != 0 or found is None:
            return None
        counts.append(int(found.group(1)))
    return (counts[1] - counts[0]) / 10


def verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats and cases, no instruction counts")
    parser.add_argument("--score-cases", nargs=2, type=int, metavar=("FACTOR", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.score_cases:
        score_cases(*args.score_cases)
        return
    repeats = 5 if args.quick else 21
    engine_repeats = 3 if args.quick else 7
    bulk_cases = 10_000 if args.quick else 100_000
    footspine = str(BIN / "footspine")
    rng = random.Random(20261124)

    source = find_rules(None)
    kb = from_source(source)
    print(f"footspine {__version__} benchmarks · rules {kb.rules_version} ({len(kb.conditions)} conditions)")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    )
    print()

    bare = median_time([sys.executable, "-c", "pass"], repeats)
    print(f"{'bare python -c pass':56s} {bare * 1000:8.1f} ms   1.0x")
    with tempfile.TemporaryDirectory() as tmp:
        floor = Path(tmp) / "typer_floor.py"
        floor.write_text(TYPER_FLOOR)
        answers_file = Path(tmp) / "answers.json"
        answers_file.write_text(json.dumps(random_answers(kb, rng)))
        for label, argv, limit in (
            ("a one-command Typer app, for comparison", [sys.executable, str(floor)], None),
            ("footspine --version", [footspine, "--version"], 5),
            ("footspine --help", [footspine, "--help"], 5),
            (
                "footspine check --no-input --json --answers F",
                [footspine, "check", "--no-input", "--json", "--answers", str(answers_file)],
                7,
            ),
        ):
            seconds = median_time(argv, repeats)
            ratio = seconds / bare
            target = f"target <= {limit}x: {verdict(ratio <= limit)}" if limit else ""
            if label.startswith("footspine check"):
                target += f"; < 100 ms: {verdict(seconds < 0.1)}"
            print(f"{label:56s} {seconds * 1000:8.1f} ms {ratio:5.1f}x   {target}")

        loads = []
        for _ in range(repeats):
            start = time.perf_counter()
            from_source(source)
            loads.append(time.perf_counter() - start)
        print(
            f"{'load, validate and index the shipped rules (in process)':56s} {statistics.median(loads) * 1000:8.2f} ms"
        )

        vignettes = sorted((Path(__file__).resolve().parent.parent / "tests" / "cases").glob("*.json"))
        cases = [random_answers(kb, rng) for _ in range(2000 if not args.quick else 300)]
        samples = [("random full answer set", cases)]
        if vignettes:
            samples.insert(
                0, ("vignette case", [json.loads(p.read_text())["answers"] for p in vignettes] * 20)
            )
        for name, sample in samples:
            full = engine_time(kb, sample, engine_repeats)
            decision = engine_time(kb, sample, engine_repeats, Rules.rank)
            label = f"engine per {name}: report / decision only"
            print(
                f"{label:56s} {full * 1e6:6.1f} us / {decision * 1e6:4.1f} us   "
                f"target <= 50 us: {verdict(full <= 50e-6)}"
            )

        sizes = (bulk_cases // 10, bulk_cases)
        for size in sizes:
            bulk = Path(tmp) / f"bulk{size}.jsonl"
            with bulk.open("w") as out:
                for _ in range(size):
                    out.write(json.dumps(random_answers(kb, rng)) + "\n")
        for size, jobs in ((sizes[0], 1), (sizes[1], 1), (sizes[1], 2)):
            seconds, peak = run_timed(
                [footspine, "batch", str(Path(tmp) / f"bulk{size}.jsonl"), "--jobs", str(jobs)]
            )
            label = f"batch {size:,} answer sets, --jobs {jobs}"
            target = ""
            if size == sizes[1]:
                target = f"peak <= 80 MB: {verdict(peak <= 80)}"
                target += (
                    f"; >= 20,000/s on one core: {verdict(size / seconds >= 20_000)}" if jobs == 1 else ""
                )
            print(f"{label:56s} {size / seconds:8,.0f} cases/s  peak {peak:3d} MB   {target}")

    print()
    print("engine cost against rule-file size (synthetic copies of the shipped conditions; the")
    print("knowledge base frozen out of the garbage collector's sight, as `batch` does):")
    base = None
    sample = cases[:200]
    for factor in (1, 10, 100):
        scaled = scaled_rules(source.text, factor)  # indexed as it loads, before freezing, as batch does
        gc.freeze()
        full = engine_time(scaled, sample, 5)
        decision = engine_time(scaled, sample, 5, Rules.rank)
        gc.unfreeze()
        instructions = None if args.quick else instructions_per_case(factor)
        base = base or (full, decision, instructions)
        counted = ""
        if instructions is not None and base[2]:
            counted = (
                f"   report {instructions / 1e6:6.2f} M instructions/case {instructions / base[2]:6.1f}x"
            )
        print(
            f"  {factor:>3}x ({len(scaled.conditions):>4} conditions) report {full * 1e6:8.1f} us/case {full / base[0]:6.1f}x"
            f"   decision only {decision * 1e6:8.1f} us/case {decision / base[1]:6.1f}x{counted}"
        )
    validate_scaling(source.text, (100, 200) if args.quick else (625, 1_250, 2_500))
    first_places(kb, 2_000 if args.quick else 20_000)


def chained_rules(text: str, extra: int) -> Rules:
    """The shipped rules with ``extra`` yes/no questions, each asked after "yes" to the one before
    or "no" to the one before that, the last read by a finding: the shapes that made `rules
    validate` quadratic (every chained question open to the interview)."""
    data = json.loads(text)
    previous, before = "back_pain", "injury"
    for number in range(extra):
        question = {"id": f"extra_{number}", "text": f"Extra {number}?", "help": "h", "kind": "yes_no"}
        gate = {"any": [{"eq": [previous, "yes"]}, {"eq": [before, "no"]}]}
        data["questions"].append({**question, "ask_if": gate})
        previous, before = question["id"], previous
    finding = {"when": {"eq": [previous, "yes"]}, "label": "extra", "weight": 0.1, "source": "benchmark"}
    data["conditions"][0]["findings"].append(finding)
    return from_source(RulesSource(f"+{extra}", json.dumps(data)))


def validate_scaling(text: str, sizes: tuple[int, ...]) -> None:
    """`rules validate` (load, cross-references and lint) against the number of questions: the
    time per question should stay flat (linear in questions)."""
    from footspine.lint import lint

    print()
    print("rules validate against the number of questions (chained extra questions):")
    per_question = []
    for extra in sizes:
        start = time.perf_counter()
        rules = chained_rules(text, extra)
        lint(rules)
        seconds = time.perf_counter() - start
        count = len(rules.kb.all_questions)
        per_question.append(seconds / count)
        print(
            f"  +{extra:>5} questions ({count:>5} in all) {seconds:8.2f} s   {seconds / count * 1e3:6.2f} ms/question"
        )
    growth = per_question[-1] / per_question[0]
    print(f"  time per question, largest over smallest: {growth:.1f}x   target <= 2x: {verdict(growth <= 2)}")


MAX_FIRST_SHARE = 0.20  # no cause should win this share of answer sets that point nowhere


def first_places(kb: Rules, sets: int) -> None:
    """How often each cause ranks first on random answer sets, and each cause's highest score:
    a cause that wins many answer sets that point nowhere is favoured by its weights, not its
    evidence; one that can never be likely is never suggested with confidence."""
    rates = first_place_rates(kb, sets, seed=20261202)
    reach = {r.condition_id: r for r in highest_scores(kb)}
    print()
    print(f"first place on {sets:,} random answer sets (red flags 'no'); highest reachable score:")
    for condition in sorted(kb.conditions, key=lambda c: (-rates[c.id], c.id)):
        share = rates[condition.id] / sets
        best = reach[condition.id]
        print(f"  {condition.id:40s} {share:6.1%}   best {best.score:5.2f} ({best.band})")
    top = max(rates.values(), default=0) / sets
    print(
        f"  most often first: {top:.1%} of sets (target at most {MAX_FIRST_SHARE:.0%}: {verdict(top <= MAX_FIRST_SHARE)})"
    )


if __name__ == "__main__":
    main()
