"""footspine benchmarks: start-up, scripted check, rule loading, engine, bulk throughput and scaling.

Run with the interpreter of the environment footspine is installed in:

    .venv/bin/python benchmarks/run.py            # a few minutes
    .venv/bin/python benchmarks/run.py --quick    # fewer repeats and cases: a smoke test (the suite runs it)

Each target is printed as met or NOT MET; the figures are measured, never asserted. Commands run with
their own cache folder (FOOTSPINE_CACHE_DIR), warmed by a first, untimed run: the start a person has
from the second run on; "cold" rows turn the cache off.

Every timing is a median over repeated runs; command timings are also given as a ratio to a bare
`python -c pass` measured in the same run, so figures from different machines can be compared.
Commands run as in a normal install: with bytecode caches (PYTHONDONTWRITEBYTECODE is cleared
for them, and a first, untimed run writes the caches). A one-command Typer app is timed too, as
what any Typer command starts from.
"""

from __future__ import annotations

import argparse
import atexit
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
from footspine.knowledge import RulesSource, find_rules, load_rules
from footspine.reach import first_place_rates, highest_scores
from footspine.render_json import report_document
from footspine.rules import Rules, from_source
from footspine.typed import exclusive

BIN = Path(sys.executable).parent
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
# The commands' rules cache: a folder of this run's own (the --score-cases children reuse it),
# removed when the run ends.
CACHE = os.environ.get("FOOTSPINE_BENCH_CACHE") or tempfile.mkdtemp(prefix="footspine-bench-cache-")
if "FOOTSPINE_BENCH_CACHE" not in os.environ:
    atexit.register(shutil.rmtree, CACHE, ignore_errors=True)
ENV.update({"FOOTSPINE_CACHE_DIR": CACHE, "FOOTSPINE_BENCH_CACHE": CACHE})
os.environ["FOOTSPINE_CACHE_DIR"] = CACHE  # in process too
COLD = {**ENV, "FOOTSPINE_NO_CACHE": "1"}
# The targets of this benchmark (issue "speed at 47 causes"): figures are compared, never asserted.
TARGETS = {
    "engine_report_us": 20.0,
    "engine_decision_us": 10.0,
    "batch_per_core": 50_000,
    "check_over_typer": 1.05,
    "rules_load_warm_ms": 3.0,
    "help_over_bare": 5.0,
    "scaling_growth": 2.0,  # 10x the causes: time per case at most this much more
}
TYPER_FLOOR = """
import typer
app = typer.Typer(rich_markup_mode=None)
@app.command()
def main(name: str = "x", flag: bool = False) -> None:
    print(name)
app()
"""


def run_timed(
    argv: list[str], stdin_path: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, int]:
    """Wall time (s) and peak resident memory (MB) of one command."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL  # noqa: SIM115
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env or ENV
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if stdin_path:
        stdin.close()  # type: ignore[union-attr]
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(
            f"benchmark command failed: {' '.join(argv)}: {process.stderr.read().decode()[-400:]}"
        )  # type: ignore[union-attr]
    return elapsed, usage.ru_maxrss // 1024


def median_time(argv: list[str], repeats: int, env: dict[str, str] | None = None) -> float:
    run_timed(argv, env=env)  # warm the file cache (and footspine's rules cache)
    return statistics.median(run_timed(argv, env=env)[0] for _ in range(repeats))


def random_answers(kb: Rules, rng: random.Random) -> dict[str, Any]:
    """A full, plausible-looking answer set: every question answered with an allowed value, checked
    by the same answers pipeline a person's answers go through (an invalid set stops the run)."""
    answers = _drawn(kb, rng)
    kb.answers(answers)  # raises AnswerError if the generator ever drifts from what answers allow
    return answers


def _drawn(kb: Rules, rng: random.Random) -> dict[str, Any]:
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


def scaled_rules(text: str, factor: int, *, own_questions: bool = False) -> Rules:
    """The shipped rules with every condition repeated ``factor`` times under new ids.

    With ``own_questions``, each copy reads its own renamed copies of the ordinary questions: a
    larger knowledge base whose new causes come with questions of their own, as real ones do, so a
    case's answers touch no more findings than before. Without, every copy reads the shipped
    questions: the worst case, where each answer touches ``factor`` times the findings."""
    data = json.loads(text)
    flags = {flag["id"] for flag in data["red_flags"]}
    ordinary = [q for q in data["questions"] if q["id"] not in flags and q["id"] != "age"]
    renamed_ids = {q["id"] for q in ordinary}
    conditions = data["conditions"]
    copies = []
    for copy in range(factor):
        for condition in conditions:
            if not copy:
                copies.append(condition)
                continue
            twin = {**condition, "id": f"{condition['id']}_{copy}"}
            if own_questions:
                twin = _renamed(twin, renamed_ids, copy)
            copies.append(twin)
        if copy and own_questions:
            data["questions"] += [_renamed(q, renamed_ids, copy) for q in ordinary]
    data["conditions"] = copies
    return from_source(RulesSource(f"{factor}x", json.dumps(data)))


def _renamed(node: Any, ids: set[str], copy: int) -> Any:
    """A condition or question with every reference to a question of ``ids`` renamed for ``copy``:
    the question's own id, its gate, and the comparisons of its findings."""
    if isinstance(node, list):
        return [_renamed(item, ids, copy) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in ("eq", "in", "gte", "lte") and isinstance(value, list) and value and value[0] in ids:
            out[key] = [f"{value[0]}_{copy}", *value[1:]]
        elif (
            isinstance(value, str)
            and value in ids
            and (key == "answered" or (key == "id" and "kind" in node))
        ):
            out[key] = f"{value}_{copy}"  # a question's own id, or the question "answered" reads
        else:
            out[key] = _renamed(value, ids, copy)
    return out


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
    """The child of instructions_per_case: score ``count`` random cases with ``factor`` x the rules,
    the copies having questions of their own (the rows the counts are printed on)."""
    source = find_rules(None)
    rng = random.Random(20261124)
    shipped = from_source(source)
    cases = [random_answers(shipped, rng) for _ in range(MOST_CASES)]  # the same work for any count
    kb = scaled_rules(source.text, factor, own_questions=True)
    parsed = [kb.answers(case) for case in cases]
    kb.score(parsed[0])
    gc.freeze()
    for answers in parsed[:count]:  # only the scoring differs between the two children
        kb.score(answers)


MOST_CASES = 15


def instructions_per_case(factor: int) -> float | None:
    """CPU instructions per full report, counted by callgrind: unlike time, free of noise and caches.

    Two runs that differ only in the number of cases scored; the difference is the cases' own work.
    Both validate the rules in full (no rules cache), after a first, uncounted run has written the
    bytecode caches, so neither pays for anything the other does not.
    """
    if shutil.which("valgrind") is None:
        return None
    env = {**ENV, "PYTHONHASHSEED": "0", "FOOTSPINE_NO_CACHE": "1"}
    argv = [sys.executable, __file__, "--score-cases", str(factor)]
    subprocess.run([*argv, "1"], capture_output=True, env=env, check=False)  # writes the .pyc files
    counts = []
    for count in (5, MOST_CASES):
        child = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv, str(count)],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        found = re.search(r"Collected : (\d+)", child.stderr)
        if child.returncode != 0 or found is None:
            return None
        counts.append(int(found.group(1)))
    return (counts[1] - counts[0]) / (MOST_CASES - 5)


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
    quick = args.quick
    repeats = 3 if quick else 21
    engine_repeats = 2 if quick else 7
    bulk_cases = 2_000 if quick else 20_000
    footspine = str(BIN / "footspine")
    rng = random.Random(20261124)

    source = find_rules(None)
    kb = from_source(source)
    print(f"footspine {__version__} benchmarks · rules {kb.rules_version} ({len(kb.conditions)} conditions)")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    )
    print()
    print("start-up (medians of separate processes):")
    bare = median_time([sys.executable, "-c", "pass"], repeats)
    print(f"  {'interpreter: bare python -c pass':62s} {bare * 1000:8.1f} ms   1.0x")
    imports = median_time([sys.executable, "-c", "import footspine.cli"], repeats)
    print(
        f"  {'+ imports: python -c import footspine.cli':62s} {imports * 1000:8.1f} ms {imports / bare:5.1f}x"
    )
    with tempfile.TemporaryDirectory() as tmp:
        floor = Path(tmp) / "typer_floor.py"
        floor.write_text(TYPER_FLOOR)
        typer_floor = median_time([sys.executable, str(floor)], repeats)
        print(
            f"  {'a one-command Typer app, for comparison':62s} {typer_floor * 1000:8.1f} ms {typer_floor / bare:5.1f}x"
        )
        answers_file = Path(tmp) / "answers.json"
        answers_file.write_text(json.dumps(random_answers(kb, rng)))
        check = [footspine, "check", "--no-input", "--json", "--answers", str(answers_file)]
        for label, argv, env in (
            ("footspine --version", [footspine, "--version"], ENV),
            ("footspine --help", [footspine, "--help"], ENV),
            ("footspine check --no-input --json --answers F (rules cached)", check, ENV),
            ("footspine check ... with the rules cache off (cold)", check, COLD),
        ):
            seconds = median_time(argv, repeats, env)
            ratio = seconds / bare
            target = ""
            if label.endswith("--help"):
                target = f"target <= {TARGETS['help_over_bare']}x bare: {verdict(ratio <= TARGETS['help_over_bare'])}"
            elif "(rules cached)" in label:
                over = seconds / typer_floor
                limit = TARGETS["check_over_typer"]
                target = f"{over:4.2f}x the Typer app, target <= {limit}x: {verdict(over <= limit)}"
            print(f"  {label:62s} {seconds * 1000:8.1f} ms {ratio:5.1f}x   {target}")

        print()
        print("in process:")
        cold = []
        for _ in range(repeats):
            start = time.perf_counter()
            Rules(load_rules(source), source)
            cold.append(time.perf_counter() - start)
        warm = []
        for _ in range(repeats):
            start = time.perf_counter()
            from_source(source)  # through the rules cache, as every command loads them
            warm.append(time.perf_counter() - start)
        warm_ms = statistics.median(warm) * 1000
        print(
            f"  {'load, validate and index the rules, cold (in full)':62s} {statistics.median(cold) * 1000:8.2f} ms"
        )
        limit = TARGETS["rules_load_warm_ms"]
        print(
            f"  {'load and index the rules, warm (from the rules cache)':62s} {warm_ms:8.2f} ms"
            f"   target <= {limit} ms: {verdict(warm_ms <= limit)}"
        )

        vignettes = sorted((Path(__file__).resolve().parent.parent / "tests" / "cases").glob("*.json"))
        cases = [random_answers(kb, rng) for _ in range(300 if quick else 2000)]
        samples = [("random full answer set", cases)]
        if vignettes:
            samples.insert(
                0,
                (
                    "vignette case",
                    [json.loads(p.read_text())["answers"] for p in vignettes] * (2 if quick else 20),
                ),
            )
        for name, sample in samples:
            full = engine_time(kb, sample, engine_repeats)
            decision = engine_time(kb, sample, engine_repeats, Rules.rank)
            label = f"engine per {name}: report / decision only"
            met = (
                full <= TARGETS["engine_report_us"] * 1e-6
                and decision <= TARGETS["engine_decision_us"] * 1e-6
            )
            print(
                f"  {label:62s} {full * 1e6:6.1f} us / {decision * 1e6:5.1f} us   "
                f"target <= {TARGETS['engine_report_us']:g} / {TARGETS['engine_decision_us']:g} us: {verdict(met)}"
            )
        report = kb.score(samples[0][1][0])
        rendering = _timed_median(lambda: json.dumps(report_document(report, kb.kb)), 50 if quick else 500)
        print(f"  {'rendering one report as JSON (check --json)':62s} {rendering * 1e6:6.1f} us")

        bulk = Path(tmp) / "bulk.jsonl"
        with bulk.open("w") as out:
            for _ in range(bulk_cases):
                out.write(json.dumps(random_answers(kb, rng)) + "\n")
        print()
        print(f"batch ({bulk_cases:,} random full answer sets):")
        for jobs in (1, 2):
            seconds, peak = run_timed([footspine, "batch", str(bulk), "--jobs", str(jobs)])
            rate = bulk_cases / seconds
            per_core = rate / jobs
            target = f"{per_core:,.0f}/s per core, target >= {TARGETS['batch_per_core']:,}: {verdict(per_core >= TARGETS['batch_per_core'])}"
            print(f"  --jobs {jobs}: {rate:8,.0f} cases/s  peak {peak:3d} MB   {target}")

    print()
    print("engine cost against rule-file size (synthetic copies of the shipped conditions; the knowledge")
    print("base frozen out of the garbage collector's sight, as `batch` does):")
    sample = cases[:200]
    for own_questions in (True, False):
        print(
            "  copies with questions of their own, the cases answering the shipped ones (a case touches what its answers touch):"
            if own_questions
            else "  copies reading the shipped questions (each answer touches every copy: the worst case):"
        )
        base = None
        for factor in (1, 2, 5, 10):
            scaled = scaled_rules(source.text, factor, own_questions=own_questions)
            gc.freeze()
            full = engine_time(scaled, sample, 3 if quick else 5)
            decision = engine_time(scaled, sample, 3 if quick else 5, Rules.rank)
            gc.unfreeze()
            instructions = None if quick or not own_questions else instructions_per_case(factor)
            base = base or (full, decision, instructions)
            counted = ""
            if instructions is not None and base[2]:
                counted = f"   {instructions / 1e6:5.2f} M instructions/report {instructions / base[2]:4.1f}x"
            verdict_text = ""
            if factor == 10 and own_questions:
                growth = full / base[0]
                verdict_text = f"   target <= {TARGETS['scaling_growth']:g}x: {verdict(growth <= TARGETS['scaling_growth'])}"
            print(
                f"    {factor:>3}x ({len(scaled.conditions):>4} causes, {len(scaled.kb.questions):>4} questions)"
                f" report {full * 1e6:7.1f} us {full / base[0]:5.1f}x"
                f"   decision {decision * 1e6:7.1f} us {decision / base[1]:5.1f}x{counted}{verdict_text}"
            )
    validate_scaling(source.text, (100, 200) if quick else (625, 1_250, 2_500))
    first_places(kb, 500 if quick else 20_000)


def _timed_median(action: Callable[[], object], count: int) -> float:
    action()
    timings = []
    for _ in range(count):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


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
