"""Finds, loads and validates the rule file into a KnowledgeBase; every error names the file and JSON path."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import msgspec

from .errors import AnswerError, RulesError, clip, did_you_mean
from .files import read_limited
from .jsontext import repeated_key_in, syntax_problem
from .model import (
    EXPR_EXAMPLE,
    Adaptive,
    Condition,
    Expr,
    KnowledgeBase,
    Question,
    RedFlag,
)
from .operators import OPERATORS, check_operand, children, references
from .shape import Hints, describe

RULES_ENV = "FOOTSPINE_RULES"
MAX_RULES_BYTES = 5 * 1024 * 1024
MAX_EXPR_DEPTH = 32
_PACKAGED_RULES = Path(__file__).resolve().parent / "data" / "conditions.json"  # in a wheel
_CHECKOUT_RULES = _PACKAGED_RULES.parent.parent.parent / "data" / "conditions.json"  # editable install

# CPython's own SHA-256 loads in well under a millisecond; hashlib first loads all of OpenSSL.
# (tests/test_rules_tools.py checks the digest against hashlib's.)
try:
    from _sha256 import sha256  # type: ignore[import-not-found, unused-ignore]  # CPython 3.11
except ImportError:  # pragma: no cover - depends on the interpreter
    try:
        from _sha2 import sha256  # type: ignore[import-not-found, no-redef, unused-ignore]  # 3.12+
    except ImportError:
        from hashlib import sha256


def digest(text: str | bytes) -> str:
    """The SHA-256 of a rule file's text (its UTF-8 bytes), or of bytes, in hex: the rules' identity."""
    return str(sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest())


class RulesSource(msgspec.Struct, frozen=True):
    label: str
    text: str


def find_rules(explicit: Path | None = None, environ: Mapping[str, str] | None = None) -> RulesSource:
    """Read the rule file: ``--rules`` path, then $FOOTSPINE_RULES, then the packaged copy, then the checkout's."""
    env = os.environ if environ is None else environ
    if explicit is not None:
        return _read_path(explicit, hint="check the --rules path")
    if env.get(RULES_ENV):
        return _read_path(Path(env[RULES_ENV]), hint=f"check ${RULES_ENV}")
    if _PACKAGED_RULES.is_file():
        return RulesSource(
            "the packaged rule file", _decode(_PACKAGED_RULES.read_bytes(), "packaged rule file")
        )
    if _CHECKOUT_RULES.is_file():
        return _read_path(_CHECKOUT_RULES, hint="reinstall footspine")
    raise RulesError("no rule file found: reinstall footspine, or pass --rules FILE")


def _read_path(path: Path, hint: str) -> RulesSource:
    data = read_limited(path, MAX_RULES_BYTES, "rule file", RulesError, hint)
    return RulesSource(str(path), _decode(data, str(path)))


def _decode(data: bytes, label: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RulesError(
            f"{label}: not UTF-8 text (bad byte at offset {exc.start}); save the rule file as UTF-8"
        ) from None


def load_rules(source: RulesSource) -> KnowledgeBase:
    """Validate the text of a rule file into a KnowledgeBase, or raise RulesError with the JSON path."""
    kb, problems = check_rules(source)
    if kb is None:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise RulesError(f"{source.label}: {problems[0]}{more}")
    return kb


def check_rules(source: RulesSource) -> tuple[KnowledgeBase | None, list[str]]:
    """Every problem in a rule file (as 'json.path: message'), and the knowledge base if there are none.

    The decoder stops at the first problem with the file's shape; cross-reference problems are all listed.
    """
    if not source.text.strip():
        return None, ["the rule file is empty; it must hold one JSON object"]
    try:
        kb = msgspec.json.decode(source.text, type=KnowledgeBase)
    except (msgspec.DecodeError, RecursionError):
        return None, [describe_refusal(source.text, KnowledgeBase)]
    raw = source.text.encode("utf-8")
    repeated = repeated_key_in(raw, msgspec.json.decode(raw), root="top level")  # the last would win, unseen
    if repeated is not None:
        return None, [
            f"{repeated} appears twice in one object; keep one (the second would replace the first)"
        ]
    problems = list(cross_reference_problems(kb))
    if problems:
        return None, problems
    kb.record_source(digest(source.text))
    return kb, []


def _unknown_field(key: str) -> str:
    return f"unknown field {clip(key)!r}; check its spelling"


# Fields an older rule file may still hold: saying "check its spelling" of them would mislead.
REMOVED_ADAPTIVE_FIELDS = {
    "settled_margin": "rules 2026.12.2 (the interview stops when no single answer could change the result)",
}


def _unknown_adaptive_field(key: str) -> str:
    if key in REMOVED_ADAPTIVE_FIELDS:
        return f"{key!r} was removed in {REMOVED_ADAPTIVE_FIELDS[key]}; delete it"
    return _unknown_field(key)


RULES_WORDING: dict[type, Hints] = {
    KnowledgeBase: Hints(_unknown_field, "the rule file must hold one JSON object"),
    Adaptive: Hints(_unknown_adaptive_field, 'expected an object, such as {"core": ["age"]}'),
    Expr: Hints(
        unknown_field=lambda key: (
            f"unknown operator {key!r}{did_you_mean(key, OPERATORS)}; allowed: {', '.join(OPERATORS)}"
        ),
        not_an_object=f"a condition must be an object with one operator, {EXPR_EXAMPLE}",
    ),
}


def describe_refusal(text: str | bytes, model: type) -> str:
    """Why msgspec refused ``text`` as ``model``, found and worded by footspine (jsontext, shape)."""
    problem = syntax_problem(text)
    if problem is not None:
        return problem
    found = describe(json.loads(text), model, RULES_WORDING)
    return found or "does not match footspine's format; run 'footspine rules schema' to see it"


def _too_deep(kb: KnowledgeBase) -> Iterator[str]:
    """Conditions nested beyond MAX_EXPR_DEPTH, found without recursion."""
    roots = [(q.ask_if, f"questions[{i}].ask_if") for i, q in enumerate(kb.questions) if q.ask_if is not None]
    roots += [
        (f.ask_if, f"red_flags[{i}].ask_if") for i, f in enumerate(kb.red_flags) if f.ask_if is not None
    ]
    roots += [(c.when, f"combinations[{i}].when") for i, c in enumerate(kb.combinations)]
    roots += [(r.when, f"implied_answers[{i}].when") for i, r in enumerate(kb.implied_answers) if r.when]
    limits = kb.self_care.limits if kb.self_care else ()
    roots += [(limit.when, f"self_care.limits[{i}].when") for i, limit in enumerate(limits)]
    roots += [
        (f.when, f"conditions[{c}].findings[{i}].when")
        for c, condition in enumerate(kb.conditions)
        for i, f in enumerate(condition.findings)
    ]
    for root, path in roots:
        stack = [(root, 1)]
        while stack:
            expr, depth = stack.pop()
            if depth > MAX_EXPR_DEPTH:
                yield f"{path}: nested more than {MAX_EXPR_DEPTH} levels deep; simplify it"
                break
            stack.extend((child, depth + 1) for child in children(expr))


def cross_reference_problems(kb: KnowledgeBase) -> Iterator[str]:
    """What the models alone cannot see: unknown or duplicate ids and conditions that cannot hold."""
    yield from _too_deep(kb)
    seen: dict[str, str] = {}
    sections: tuple[tuple[str, Sequence[RedFlag | Question]], ...] = (
        ("red_flags", kb.red_flags),
        ("questions", kb.questions),
    )
    for section, items in sections:
        for index, item in enumerate(items):
            path = f"{section}[{index}].id"
            if item.id in seen:
                yield f"{path}: duplicate id {item.id!r} (first used at {seen[item.id]})"
            seen.setdefault(item.id, path)
    for index, combination in enumerate(kb.combinations):
        if combination.id in seen:
            yield f"combinations[{index}].id: duplicate id {combination.id!r} (first used at {seen[combination.id]})"
        seen.setdefault(combination.id, f"combinations[{index}].id")
    yield from _checklist_problems(kb, seen)
    yield from _implied_problems(kb)
    condition_ids: dict[str, int] = {}
    for index, condition in enumerate(kb.conditions):
        if condition.id in condition_ids:
            yield f"conditions[{index}].id: duplicate id {condition.id!r}"
        condition_ids.setdefault(condition.id, index)

    labels = [band.label for band in kb.likelihood_bands]
    scores = [band.min_score for band in kb.likelihood_bands]
    if scores != sorted(scores, reverse=True) or len(set(labels)) != len(labels):
        yield "likelihood_bands: list bands from the highest min_score down, each label once"

    for index, core_id in enumerate(kb.adaptive.core):
        if core_id not in kb.question_by_id or core_id in kb.red_flag_by_id:
            hint = did_you_mean(core_id, [q.id for q in kb.questions])
            yield f"adaptive.core[{index}]: {core_id!r} is not a (non-red-flag) question{hint}"
    yield from _record_problems(kb)
    if kb.adaptive.min_gain < 0:
        yield "adaptive: min_gain must not be negative"

    bands = {band.label for band in kb.likelihood_bands}
    for index, condition in enumerate(kb.conditions):
        if condition.triage_from is not None and condition.triage_from not in bands:
            hint = did_you_mean(condition.triage_from, bands)
            yield f"conditions[{index}].triage_from: {condition.triage_from!r} is not a likelihood band{hint}"
    yield from _self_care_problems(kb, bands)
    for index, flag in enumerate(kb.red_flags):
        if flag.ask_if is not None:
            path = f"red_flags[{index}].ask_if"
            if flag.id in {ref for ref, _, _ in references(flag.ask_if, "")}:
                yield f"{path}: a red flag cannot wait on its own answer"
            yield from _check_expr(flag.ask_if, path, kb, allowed=None)
    for index, combination in enumerate(kb.combinations):
        yield from _check_expr(combination.when, f"combinations[{index}].when", kb, allowed=None)

    asked_before: set[str] = {flag.id for flag in kb.red_flags}
    for index, question in enumerate(kb.questions):
        if question.ask_if is not None:
            yield from _check_expr(question.ask_if, f"questions[{index}].ask_if", kb, allowed=asked_before)
        asked_before.add(question.id)
    for c_index, condition in enumerate(kb.conditions):
        for f_index, finding in enumerate(condition.findings):
            path = f"conditions[{c_index}].findings[{f_index}].when"
            yield from _check_expr(finding.when, path, kb, allowed=None)
        yield from _group_problems(condition, f"conditions[{c_index}]")
        for d_index, parent in enumerate(condition.detail_of):
            where = f"conditions[{c_index}].detail_of[{d_index}]"
            found = next((c for c in kb.conditions if c.id == parent), None)
            if found is None:
                yield f"{where}: unknown condition {parent!r}{did_you_mean(parent, [c.id for c in kb.conditions])}"
            elif found.detail_of or parent == condition.id:
                yield f"{where}: {parent!r} cannot hold details: it is itself a detail (or this cause)"
        for a_index, age in enumerate(condition.age_priors):
            yield from _check_expr(age.when, f"conditions[{c_index}].age_priors[{a_index}]", kb, allowed=None)
            for b_index, other in enumerate(condition.age_priors[:a_index]):
                low, high = age.min_age or -1e9, age.max_age or 1e9
                if low <= (other.max_age or 1e9) and (other.min_age or -1e9) <= high:
                    yield (
                        f"conditions[{c_index}].age_priors[{a_index}]: overlaps age_priors[{b_index}]; "
                        "each age may have one prior"
                    )


def _group_problems(condition: Condition, path: str) -> Iterator[str]:
    """A group must be declared, used by two findings or more, and hold only supporting findings
    (the strongest of a mix of signs would be meaningless)."""
    members: dict[str, int] = {}
    for f_index, finding in enumerate(condition.findings):
        if finding.group is None:
            continue
        if finding.group not in condition.group_by_id:
            hint = did_you_mean(finding.group, condition.group_by_id)
            yield f"{path}.findings[{f_index}].group: unknown group {finding.group!r}{hint}; declare it in 'groups'"
        elif finding.points <= 0 or finding.context:
            yield (
                f"{path}.findings[{f_index}].group: only supporting symptom findings (weight above 0, "
                "not context) can be grouped"
            )
        members[finding.group] = members.get(finding.group, 0) + 1
    for g_index, group in enumerate(condition.groups):
        if members.get(group.id, 0) < 2:
            yield f"{path}.groups[{g_index}]: group {group.id!r} needs two findings or more; remove it or add one"


def _checklist_problems(kb: KnowledgeBase, seen: dict[str, str]) -> Iterator[str]:
    """A checklist has its own id and lists yes/no questions, each on one checklist at most, so a
    tick means one answer to one question. An item that is not itself a warning sign must not decide
    whether one applies: an item left unticked is read as "no", which would close that sign's gate."""
    on: dict[str, str] = {}
    deciding = {
        ref: flag.id for flag in kb.red_flags if flag.ask_if for ref, _, _ in references(flag.ask_if, "")
    }
    deciding.update({ref: c.id for c in kb.combinations for ref, _, _ in references(c.when, "")})
    for c_index, checklist in enumerate(kb.checklists):
        path = f"checklists[{c_index}]"
        if checklist.id in seen:
            yield f"{path}.id: duplicate id {checklist.id!r} (first used at {seen[checklist.id]})"
        seen.setdefault(checklist.id, f"{path}.id")
        for i_index, item in enumerate(checklist.items):
            where = f"{path}.items[{i_index}].question"
            question = kb.question_by_id.get(item.question)
            if question is None:
                yield f"{where}: unknown question {item.question!r}{did_you_mean(item.question, kb.question_by_id)}"
            elif question.kind != "yes_no":
                yield f"{where}: {item.question!r} is a {question.kind!r} question; a checklist lists yes/no questions"
            elif item.question in on:
                yield f"{where}: {item.question!r} is already on {on[item.question]}; list it on one checklist"
            elif item.question not in kb.red_flag_by_id and item.question in deciding:
                yield (
                    f"{where}: {item.question!r} decides whether {deciding[item.question]!r} applies; ask it "
                    "on its own (an item left unticked is read as 'no')"
                )
            on.setdefault(item.question, f"{path}.items[{i_index}]")


def _implied_problems(kb: KnowledgeBase) -> Iterator[str]:
    """An implied answer names a question, and exactly one of an answer that question accepts or
    a question of the same kind and choices to copy; its condition must not read the question it
    fills (that answer is never there when it applies)."""
    for index, rule in enumerate(kb.implied_answers):
        path = f"implied_answers[{index}]"
        question = kb.question_by_id.get(rule.question)
        if question is None:
            yield f"{path}.question: unknown question {rule.question!r}{did_you_mean(rule.question, kb.question_by_id)}"
            continue
        if (rule.answer is None) == (rule.same_as is None):
            yield f"{path}: give exactly one of 'answer' and 'same_as'"
        elif rule.answer is not None:
            try:
                question.behaviour.parse(question, rule.answer)
            except AnswerError as exc:
                yield f"{path}.answer: {exc}"
        else:
            other = kb.question_by_id.get(str(rule.same_as))
            if other is None:
                yield f"{path}.same_as: unknown question {rule.same_as!r}{did_you_mean(str(rule.same_as), kb.question_by_id)}"
            elif other.id == question.id or (other.kind, [c.id for c in other.choices]) != (
                question.kind,
                [c.id for c in question.choices],
            ):
                yield f"{path}.same_as: {other.id!r} must be another question of the same kind and choices"
        if rule.when is not None:
            if rule.question in {ref for ref, _, _ in references(rule.when, "")}:
                yield f"{path}.when: reads {rule.question!r}, the question it answers"
            yield from _check_expr(rule.when, f"{path}.when", kb, allowed=None)


def _record_problems(kb: KnowledgeBase) -> Iterator[str]:
    """A record question is a plain question that nothing scores on: were a finding, a combination or
    a red flag's gate to read it, the interview would ask it for its facts and skew the ranking."""
    weighed = {ref for c in kb.conditions for f in c.scored_findings for ref, _, _ in references(f.when, "")}
    weighed.update(ref for c in kb.combinations for ref, _, _ in references(c.when, ""))
    for flag in kb.red_flags:
        if flag.ask_if is not None:
            weighed.update(ref for ref, _, _ in references(flag.ask_if, ""))
    for index, record_id in enumerate(kb.adaptive.record):
        path = f"adaptive.record[{index}]"
        if record_id not in kb.question_by_id or record_id in kb.red_flag_by_id:
            hint = did_you_mean(record_id, [q.id for q in kb.questions])
            yield f"{path}: {record_id!r} is not a (non-red-flag) question{hint}"
        elif record_id in weighed:
            yield (
                f"{path}: {record_id!r} is read by a finding, a combination or a red flag's ask_if; "
                "a record question carries no weight, so list it in adaptive.core instead"
            )
        elif record_id in kb.adaptive.core or record_id in kb.adaptive.record[:index]:
            yield f"{path}: {record_id!r} is listed twice in adaptive.core and adaptive.record; keep one"


def _check_expr(expr: Expr, path: str, kb: KnowledgeBase, allowed: set[str] | None) -> Iterator[str]:
    for question_id, comparison, where in references(expr, path):
        question = kb.question_by_id.get(question_id)
        if question is None:
            hint = did_you_mean(question_id, kb.question_by_id)
            yield f"{where}: unknown question {question_id!r}{hint}"
            continue
        if allowed is not None and question_id not in allowed:
            yield (
                f"{where}: {question_id!r} is not asked before this question; "
                "skip conditions may only use earlier questions"
            )
        for problem in check_operand(question, comparison):
            yield f"{where}: {problem}"


def _self_care_problems(kb: KnowledgeBase, bands: set[str]) -> Iterator[str]:
    """The self-care section names a likelihood band, and its limits read questions that exist."""
    if kb.self_care is None:
        return
    if kb.self_care.from_band not in bands:
        hint = did_you_mean(kb.self_care.from_band, bands)
        yield f"self_care.from_band: {kb.self_care.from_band!r} is not a likelihood band{hint}"
    seen: set[str] = set()
    for index, limit in enumerate(kb.self_care.limits):
        if limit.id in seen:
            yield f"self_care.limits[{index}].id: duplicate id {limit.id!r}"
        seen.add(limit.id)
        yield from _check_expr(limit.when, f"self_care.limits[{index}].when", kb, allowed=None)
