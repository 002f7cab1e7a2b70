"""The front door: a loaded, validated, indexed rule file whose methods validate answers and score them.

Everything that scores goes through a Rules object: the CLI, batch, the interview, the evaluation
harness, the benchmarks and Python code::

    import footspine

    rules = footspine.load()                      # the packaged rule file (or a path)
    answers = rules.answers({"age": 58, "pain_area": ["heel_underside"], "first_steps": True})
    report = rules.score(answers)                 # or rules.score({...}) directly

``score`` and ``rank`` validate anything that is not already ValidAnswers for these rules, through
the same pipeline flags, files and prompts use, so a Python caller gets the same checks and the same
error messages (raised as footspine.AnswerError) as the command line.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from functools import cached_property
from pathlib import Path
from typing import IO, Any

from . import answers as pipeline
from . import engine
from .errors import AnswerError, RulesError
from .index import ScoringIndex, build, findings_reading
from .kinds import AnswerValue
from .knowledge import RulesSource, find_rules
from .messages import say
from .model import Finding, KnowledgeBase
from .report import Ranking, Report
from .rulecache import validated
from .translation import SOURCE


class Rules:
    """One rule file, loaded and indexed once; cheap to keep and to share between threads."""

    def __init__(self, kb: KnowledgeBase, source: RulesSource, language: str = SOURCE) -> None:
        self.kb = kb
        self.rules_source = source
        self.language = language
        """The language of the rule file's texts: "en", or a translation's ("es")."""
        self.index: ScoringIndex = build(kb)
        self.sha256: str = kb.sha256
        """SHA-256 of the rule file's bytes, so a result can be traced to the exact rules behind it."""

    @cached_property
    def findings_reading(self) -> Mapping[str, tuple[tuple[int, Finding], ...]]:
        """Question -> (condition position, finding) of every finding that reads it."""
        return findings_reading(self.kb)

    @property
    def source(self) -> str:
        """Where the rules came from: a path, or 'the packaged rule file'."""
        return self.rules_source.label

    @property
    def version(self) -> str:
        return self.kb.rules_version

    def answers(
        self, raw: Mapping[str, Any] | str | bytes, *, label: str = "answers"
    ) -> pipeline.ValidAnswers:
        """Validate answers: a mapping of question id -> value (Python or JSON values: True, "yes",
        58, ["heel_underside"], "unsure"; None leaves a question open) or the JSON text of one."""
        if raw.__class__ is pipeline.ValidAnswers and raw.rules_sha256 == self.sha256 and raw.intact():
            return raw
        if isinstance(raw, str | bytes):
            parsed = pipeline.from_document(raw, self.kb, label)
        elif isinstance(raw, Mapping):
            parsed = pipeline.from_mapping(raw, self.kb, label)
        else:
            raise AnswerError(say("answers.not_a_mapping", label=label, kind=type(raw).__name__))
        return pipeline.validated(parsed, self.kb)

    def answers_from_flags(self, pairs: Iterable[str]) -> pipeline.ValidAnswers:
        """Validate ``ID=VALUE`` strings, as ``--answer`` gives them."""
        return pipeline.validated(pipeline.from_flags(pairs, self.kb), self.kb)

    def answers_file(self, path: str, stdin: IO[str] | None) -> pipeline.ValidAnswers:
        """Validate ``--answers FILE`` (``-``: standard input)."""
        return pipeline.validated(pipeline.read_answers_file(path, self.kb, stdin), self.kb)

    def merge(self, *sources: Mapping[str, AnswerValue]) -> pipeline.ValidAnswers:
        """Validated answer sources combined, highest priority first."""
        return pipeline.validated(pipeline.merge(*(self.answers(s) for s in sources)), self.kb)

    def score(self, answers: Mapping[str, Any] | str | bytes) -> Report:
        """The full result: triage, red flags raised and left open, ranked causes with their evidence."""
        return engine.score(self.answers(answers), self.kb, self.index)

    def rank(self, answers: Mapping[str, Any] | str | bytes) -> Ranking:
        """The decision alone (triage level, red flags, causes in order): what bulk scoring needs."""
        return engine.rank(self.answers(answers), self.kb, self.index)

    def totals(self, answers: Mapping[str, Any]) -> list[float]:
        """Every condition's score, listed or not, in rule-file order."""
        return engine.totals(self.answers(answers), self.index)

    def as_json(self, answers: Mapping[str, AnswerValue]) -> dict[str, Any]:
        """Answers in the form answers files hold them (what ``answers`` reads back)."""
        return pipeline.as_json(self.answers(answers), self.kb)

    def __getattr__(self, name: str) -> Any:
        """The rule file's own fields and lookups read through: rules.questions, rules.red_flags,
        rules.conditions, rules.question_by_id, ... (see model.KnowledgeBase)."""
        if name.startswith("_") or name in ("kb", "index", "rules_source", "sha256", "language"):
            raise AttributeError(name)
        return getattr(self.kb, name)

    def __repr__(self) -> str:
        return f"<footspine.Rules {self.version} from {self.source} sha256={self.sha256[:12]}>"


def load(path: str | Path | None = None, *, language: str = "en") -> Rules:
    """Load a rule file: ``path``, else $FOOTSPINE_RULES, else the packaged one, with its texts in
    ``language`` ("en", or one of ``footspine.languages()``). Raises RulesError, or FootspineError for
    a language footspine does not have."""
    if path is not None and not isinstance(path, str | os.PathLike):
        raise RulesError(say("rules.not_a_path", kind=type(path).__name__))
    return from_source(find_rules(Path(path) if path is not None else None), language=language)


def from_source(source: RulesSource, *, language: str = "en") -> Rules:
    """Rules from rule-file text already read (batch workers load from the parent's copy)."""
    from .translation import chosen, read

    language = chosen(language, {}, what="language")  # "es_MX" -> "es"; unknown: FootspineError
    if language == SOURCE:
        return Rules(validated(source), source)
    return Rules(validated(source, read(language)), source, language)
