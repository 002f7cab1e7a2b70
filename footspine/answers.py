"""The one answers pipeline: flags, files, prompts, batch lines and Python values all become
ValidAnswers here, through the question kinds' own parsing; sources are merged by priority."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from operator import is_
from pathlib import Path
from typing import IO, Any, NoReturn

from .errors import AnswerError, clip, did_you_mean
from .files import read_limited
from .jsontext import JsonTextError, decode
from .kinds import AnswerValue, JsonAnswer, Reader
from .messages import say
from .model import KnowledgeBase, Question
from .operators import evaluate

MAX_ANSWERS_BYTES = 1024 * 1024


_MADE_HERE = object()  # only this module makes ValidAnswers: see validated()


class ValidAnswers(dict[str, AnswerValue]):
    """Answers that passed this pipeline for one rule file (named by its SHA-256).

    They cannot be made or changed from outside: the constructor refuses any caller but this
    module (``rules.answers({...})`` is the way in), the mutating methods refuse, the hash is
    read-only, and a snapshot of the very objects validated lets ``Rules`` notice a change forced
    past all that (``dict.__setitem__``: even a value equal to the old one, such as the int 3 for
    3.0, or one that hashes alike) and validate them again. ``adding`` validates the value it adds
    and keeps it in footspine's own form. So nothing unchecked reaches the engine, which would read
    a value it does not know (``True``, ``"Yes"``, ``3``) as no answer that raises a warning sign.
    (Python cannot stop code that writes the private slots; that is not a way in, but a rewrite.)
    """

    __slots__ = ("_forms", "_sha", "_snapshot")
    _forms: Mapping[str, tuple[Question, frozenset[str], Reader]]
    _snapshot: tuple[tuple[str, ...], tuple[AnswerValue, ...]]  # the keys, and the very values
    _sha: str

    def __init__(
        self,
        answers: Mapping[str, AnswerValue],
        rules_sha256: str,
        forms: Mapping[str, tuple[Question, frozenset[str], Reader]] | None = None,
        *,
        made_by: object = None,
    ) -> None:
        if made_by is not _MADE_HERE or forms is None or hasattr(self, "_sha"):
            raise TypeError(say("answers.not_made_here"))
        super().__init__(answers)
        object.__setattr__(self, "_sha", rules_sha256)
        object.__setattr__(self, "_forms", forms)
        object.__setattr__(self, "_snapshot", (tuple(dict.keys(self)), tuple(dict.values(self))))

    @property
    def rules_sha256(self) -> str:
        return self._sha

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError(say("answers.immutable"))

    __setitem__ = __delitem__ = update = pop = popitem = clear = setdefault = __ior__ = _refuse
    __setattr__ = __delattr__ = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as a plain dict: whatever reads it back validates it again."""
        return (dict, (dict(self),))

    def intact(self) -> bool:
        """Whether the contents are still the very objects that were validated (compared in C:
        ``batch`` asks it for every line)."""
        keys, values = self._snapshot
        return (
            dict.__len__(self) == len(keys)
            and all(map(is_, dict.keys(self), keys))  # the very keys: a str subclass can fake ==
            and all(map(is_, dict.values(self), values))
        )

    def adding(self, question_id: str, value: AnswerValue) -> ValidAnswers:
        """These answers and one more, validated as any answer is (a value already in footspine's
        own form is taken as it is)."""
        form = self._forms.get(question_id)
        if form is None:
            raise _unknown(question_id, self._forms)
        value = _in_own_form(form, value)
        return ValidAnswers({**self, question_id: value}, self._sha, self._forms, made_by=_MADE_HERE)

    def without(self, question_id: str) -> ValidAnswers:
        kept = {k: v for k, v in self.items() if k != question_id}
        return ValidAnswers(kept, self._sha, self._forms, made_by=_MADE_HERE)


def validated(answers: Mapping[str, AnswerValue], kb: KnowledgeBase) -> ValidAnswers:
    """Answers this pipeline has just checked, sealed for the rule file ``kb``."""
    return ValidAnswers(answers, kb.sha256, kb.answer_forms, made_by=_MADE_HERE)


def _in_own_form(form: tuple[Question, frozenset[str], Reader], raw: object) -> AnswerValue:
    """One answer in footspine's own form: a string as written is taken as it is, another value
    its kind reads back directly (3 -> 3.0, a list -> a tuple), anything else is parsed (and
    refused with AnswerError when it is not allowed)."""
    question, as_written, read = form
    if raw.__class__ is str and raw in as_written:
        return raw
    known = read(list(raw)) if raw.__class__ is tuple else read(raw)
    return known if known is not None else parse_value(question, raw)


def _unknown(question_id: str, known: Iterable[str], where: str = "") -> AnswerError:
    hint = did_you_mean(question_id, known)
    return AnswerError(where + say("answers.unknown", question=clip(question_id), hint=hint))


def parse_value(question: Question, raw: object, *, numbered: bool = False) -> AnswerValue:
    """One raw answer as a validated value (see kinds.Kind.parse)."""
    return question.behaviour.parse(question, raw, numbered=numbered)


def _question(kb: KnowledgeBase, question_id: str, where: str) -> Question:
    question = kb.question_by_id.get(question_id)
    if question is None:
        raise _unknown(question_id, kb.question_by_id, where)
    return question


def from_flags(pairs: Iterable[str], kb: KnowledgeBase) -> dict[str, AnswerValue]:
    """Parse repeated ``--answer ID=VALUE`` flags."""
    answers: dict[str, AnswerValue] = {}
    for pair in pairs:
        question_id, sep, raw = pair.partition("=")
        question_id = question_id.strip()
        if not sep or not question_id:
            raise AnswerError(f"--answer {pair!r}: expected ID=VALUE, e.g. --answer age=52")
        question = _question(kb, question_id, "--answer: ")
        value = parse_value(question, raw)
        if question_id in answers and answers[question_id] != value:
            raise AnswerError(f"--answer: {question_id!r} is given twice with different values")
        answers[question_id] = value
    return answers


def decode_object(text: bytes | str, label: str) -> dict[str, Any]:
    """JSON text that must be one object: the decoder every answers source shares (jsontext.decode)."""
    if not text.strip():
        raise AnswerError(f'{label}: no answers given; expected a JSON object like {{"age": 52}}')
    try:
        document = decode(text)
    except JsonTextError as exc:
        raise AnswerError(f"{label}: {exc}") from None
    if not isinstance(document, dict):
        raise AnswerError(f"{label}: expected a JSON object of question id -> answer")
    return document


def from_document(text: bytes | str, kb: KnowledgeBase, label: str) -> dict[str, AnswerValue]:
    """Parse an answers file: one JSON object of question id -> value (null means not answered)."""
    return from_mapping(decode_object(text, label), kb, label)


def from_mapping(document: Mapping[str, Any], kb: KnowledgeBase, label: str) -> dict[str, AnswerValue]:
    """Answers from decoded JSON or Python values (an answers file, a batch line, the Python API).

    Answers already in the form footspine writes them are taken as they are (each kind's
    ``canonical``); anything else goes through the kind's parser. The result is the same either
    way: this only spares `batch` the parsing of tens of answers per line.
    """
    if "resourceType" in document:  # a FHIR QuestionnaireResponse from a clinic's form (fhir.py)
        from .fhir import answers_from_response, is_response

        if not is_response(document):
            raise AnswerError(
                f"{label}: a FHIR {str(document.get('resourceType'))[:40]!r} is not answers; give a "
                "QuestionnaireResponse to footspine's questionnaire, or a JSON object of question id -> answer"
            )
        document = answers_from_response(document, kb, label)
    answers: dict[str, AnswerValue] = {}
    forms = kb.answer_forms
    for question_id, raw in document.items():
        form = forms.get(question_id)
        if form is None:
            raise _unknown(str(question_id), forms, f"{label}: ")
        if raw is None:
            continue
        try:
            answers[question_id] = _in_own_form(form, raw)
        except AnswerError as exc:
            raise AnswerError(f"{label}: {exc}") from None
    return answers


def read_answers_file(path: str, kb: KnowledgeBase, stdin: IO[str] | None) -> dict[str, AnswerValue]:
    """Read ``--answers FILE`` (``-`` for standard input)."""
    if path == "-":
        try:
            if stdin is None or stdin.closed:
                raise OSError
            data = stdin.buffer.read(MAX_ANSWERS_BYTES + 1) if hasattr(stdin, "buffer") else stdin.read()
        except (OSError, ValueError):
            raise AnswerError("stdin is closed; pipe the answers in, or use --answers FILE") from None
        if len(data) > MAX_ANSWERS_BYTES:
            raise AnswerError(f"stdin: more than {MAX_ANSWERS_BYTES:,} bytes; not an answers file")
        return from_document(data, kb, "stdin")
    data = read_limited(Path(path), MAX_ANSWERS_BYTES, "answers file", AnswerError)
    return from_document(data, kb, path)


def merge(*sources: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
    """Combine answer sources, highest priority first (flags, then file)."""
    merged: dict[str, AnswerValue] = {}
    for source in reversed(sources):
        merged.update(source)
    return merged


def pending(kb: KnowledgeBase, answers: Mapping[str, AnswerValue]) -> list[Question]:
    """Questions still to ask, in order: unanswered and not ruled out by their skip condition."""
    return [
        q
        for q in kb.all_questions
        if q.id not in answers and (q.ask_if is None or evaluate(q.ask_if, answers) is not False)
    ]


def as_json(answers: Mapping[str, AnswerValue], kb: KnowledgeBase) -> dict[str, JsonAnswer]:
    """Answers in the form files hold them and --answers reads back."""
    by_id = kb.question_by_id
    return {key: by_id[key].behaviour.to_json(value) for key, value in answers.items()}
