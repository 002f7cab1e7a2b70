"""The message catalogue: every sentence footspine shows that is not in the rule file.

Renderers and the terminal session ask for a message by key (``say("triage.emergency.action")``)
and never hold English of their own; clinical text (names, advice, questions) comes from the rule
file. A translation is a catalogue with the same keys and placeholders, put in force with ``use``.
Keys ending in ``.one``/``.other`` are plural forms, chosen by ``say_count``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import NamedTuple

from .messages_language import WORDS
from .messages_report import REPORT

ENGLISH: dict[str, str] = {
    # Triage levels: a label with symbols (meaning never by colour alone) and what to do.
    "triage.emergency.label": "[!!!] EMERGENCY",
    "triage.emergency.action": "Go to an emergency department or call an ambulance now.",
    "triage.urgent.label": "[!!] URGENT",
    "triage.urgent.action": "See a doctor today (same day).",
    "triage.soon.label": "[!] SEE A CLINICIAN SOON",
    "triage.soon.action": "Book a GP or physiotherapist appointment within about two weeks.",
    "triage.self_care.label": "[ok] SELF-CARE",
    "triage.self_care.action": "This can usually be looked after at home; below is when to get help.",
    "level.emergency": "emergency",
    "level.urgent": "urgent",
    "level.soon": "soon",
    "level.self_care": "self-care",
    "report.level.emergency": "EMERGENCY: go to an emergency department or call an ambulance now",
    "report.level.urgent": "URGENT: see a doctor today",
    "report.level.soon": "SOON: see a GP or physiotherapist within about two weeks",
    "report.level.self_care": "SELF-CARE: can usually be looked after at home",
    "origin.spinal": "Spinal causes (from the lower back)",
    "origin.local": "Local causes (in the foot or ankle)",
    "origin.systemic_vascular": "Whole-body and blood-vessel causes",
    "origin.short.spinal": "spinal",
    "origin.short.local": "local",
    "origin.short.systemic_vascular": "systemic/vascular",
    "answer.yes": "yes",
    "answer.no": "no",
    "answer.unsure": "not sure",
    **WORDS,
    # What to do now, by level, with the emergency number of the person's country (rule file).
    "services.neutral": "your local emergency number",
    "services.line": "{name} on {number}",
    "action.emergency": "Call {number} for an ambulance, or go to an emergency department, now.",
    "action.urgent": "See a doctor today: your GP the same day, an urgent care centre or an emergency department.",
    "action.urgent.line": "If you cannot, call {line}.",
    "action.soon": "Book a GP or physiotherapist appointment within about two weeks.",
    "action.soon.line": "If it gets worse before then, call {line}.",
    "action.self_care": "You can usually look after this at home; get help if it does not settle.",
    "action.self_care.line": "For advice, call {line}.",
    # The last line of every human result: short enough for one line of 80 columns.
    "closing.emergency": "Call {number} or go to an emergency department now.",
    "closing.emergency.neutral": "Call an ambulance or go to an emergency department now.",
    "closing.urgent": "See a doctor today.",
    "closing.urgent.line": "See a doctor today, or call {line}.",
    "closing.soon": "Book a GP or physiotherapist visit within two weeks.",
    "closing.self_care": "Look after this at home; get help if it does not settle.",
    # The one-screen summary of `check` (render_result.py).
    "result.title": "footspine result: {label}",
    "result.title_side": "footspine result: {label} - {side}",
    "result.cause": "{name} is {band}.",
    "result.open.one": "[?] 1 warning sign is not ruled out (not answered, or 'not sure'). If it applies: {closing}",
    "result.open.other": (
        "[?] {count} warning signs are not ruled out (not answered, or 'not sure'). If any applies: {closing}"
    ),
    "result.unsure": "[?] You were not sure about: {names}. Check it today. If it applies: {closing}",
    "result.start": "Start with: {advice}",
    "result.causes": "Possible causes, most likely first (not a diagnosis):",
    "result.cause_line": "{number}. {name}: {band}",
    "result.no_causes": "Possible causes: none stands out from these answers.",
    "result.more_causes.one": "and 1 less likely cause",
    "result.more_causes.other": "and {count} less likely causes",
    "result.more": "Details (what pointed to each cause, self-care notes, sources): add --details.",
    "result.more_now": "Details (what pointed to each cause, sources): add --details.",
    "origin.group.spinal": "Spinal",
    "origin.group.local": "Local",
    "origin.group.systemic_vascular": "Other",
    "details.title": "Details",
    "details.flags": "Warning signs you reported",
    "details.open": "Warning signs not ruled out: footspine cannot read these as 'no'",
    "details.open_line": "{name} ({status}): if this applies, {closing}",
    "details.open_name": "{name} ({status})",
    "details.reasons": "Why this level",
    "details.no_self_care.emergency": "Self-care notes are left out: get emergency care first.",
    "details.no_self_care.urgent": "Self-care notes are left out: see a doctor today first.",
    "details.services": "Emergency number for {country}: {number} ({source})",
    "details.help_line": "{line}: {source}",
    "details.no_country": (
        "footspine does not know your country: give --country (e.g. GB, US, AU) or set $FOOTSPINE_COUNTRY "
        "to see its emergency number."
    ),
    # After the result of an interview on a terminal.
    "menu.prompt": "d: details  s: save the answers  r: write a report  Enter: finish",
    "menu.again": "Type d, s or r, or press Enter to finish.",
    "menu.save_where": "Save the answers to which file? (Enter to skip)",
    "menu.report_where": "Write the summary to which file, ending .html or .md? (Enter to skip)",
    # The opening screen of an interview on a terminal.
    "intro.title": "footspine: foot-pain triage",
    "intro.what": (
        "footspine asks about your foot pain, then suggests possible causes, in the lower back (spinal) "
        "or in the foot itself, and how urgently to get care. It is not a diagnosis and does not "
        "replace a doctor."
    ),
    "intro.how": (
        "It takes about 3 to 5 minutes: usually about 20 questions, warning signs first. Answer 'unsure' if you "
        "don't know, '?' for help, 'back' to go back. 'quit' or Ctrl-C stops; you can save your answers."
    ),
    "intro.emergency": "If you think it is an emergency, do not wait for the questions: call {number} now.",
    "intro.country": "({number} is the emergency number for {country}, from {where}; --country changes it.)",
    "intro.no_country": "(footspine does not know your country: --country GB, US, AU, ... shows its number.)",
    "intro.where.option": "--country",
    "intro.where.env": "$FOOTSPINE_COUNTRY",
    "intro.where.locale": "your system's language settings",
    "intro.start": "Press any key to start, or Ctrl-C to stop.",
    "intro.resume.one": "1 answer given; asking the questions it leaves open.",
    "intro.resume.other": "{count} answers given; asking the questions they leave open.",
    # The result of `check`.
    "check.title": "footspine result (not a diagnosis)",
    "check.urgency": "How urgently to get care",
    # Which foot (side.py): in the result's header line, the summary and the drawing's caption.
    "side.left": "left foot",
    "side.right": "right foot",
    "side.both": "both feet",
    "side.one_foot": "one foot (which one not given)",
    "side.unknown": "one foot or both not given",
    "summary.side": "Foot: {side}",
    "flag.title": "WARNING SIGN: {name}",
    "open_flag.title": "[?] Warning signs not ruled out: footspine cannot read these as 'no'",
    "open_flag.line": "{name} ({status}): if this applies, {level}: {action}",
    "open_flag.unsure": "you were not sure",
    "open_flag.not_answered": "not answered",
    "causes.none": "Possible causes: none stands out from these answers.",
    "causes.title": "Possible causes, most likely first",
    "causes.summary": "{rank}. {name} ({origin}): {band}",
    "causes.hidden.one": "(1 less likely cause not shown; --json lists them all)",
    "causes.hidden.other": "({count} less likely causes not shown; --json lists them all)",
    "cause.heading": "{rank}. {name}: {band}",
    "cause.for": "What pointed here:",
    "cause.against": "What argued against:",
    "cause.same_advice": "What helps and when to get help: as for {rank}. above.",
    "cause.helps": "What usually helps:",
    "cause.based_on": "(based on: {source})",
    "cause.avoid": "Best avoided:",
    "cause.seek_care": "When to get help:",
    "evidence.item": "{finding} ({strength})",
    "strength.strong": "strong",
    "strength.moderate": "moderate",
    "strength.weak": "weak",
    "stop.before_first": "Stopped before the first question; nothing was asked or saved.",
    **REPORT,
    # The interview.
    "ask.number": "Question {number} - {phase}",
    "phase.warning_signs": "warning signs",
    "phase.your_pain": "your pain",
    "phase.details": "a few last details",
    "ask.red_flag": "(warning-sign check)",
    "ask.hint": "Answer {how}; 'unsure' if you don't know, '?' for help, 'back' to go back.",
    "ask.please": "Please answer: {allowed}.",
    "ask.tells_apart": "It helps tell apart: {causes}.",
    "ask.tells_apart_more": "It helps tell apart causes such as {causes}, and {count} more.",
    "ask.because": "Asked now because {reason}.",
    "ask.why_title": "Why this is asked",
    "checklist.none": "None of these",
    "checklist.hint": (
        "Type the numbers that apply, such as 1,{last}; a number with ? after it if you are not sure "
        "of that one, such as {last}?; '?' for help, 'back' to go back."
    ),
    "checklist.hint_doubts": (
        "Type the numbers of the ones you are not sure about, separated by commas; '?' for help, "
        "'back' to go back."
    ),
    "checklist.how": (
        "Type the numbers of the ones that apply, such as 1,{last}; {none} if none of them does; "
        "a number with ? after it, such as 1?, for one you are not sure about."
    ),
    "checklist.how_doubts": "Type the numbers of the ones you are not sure about, such as 1,{last}.",
    "checklist.which_unsure": "Which of these are you not sure about? Pick all that apply.",
    "checklist.some_unsure": "I am not sure about one or more of these",
    "why.red_flag": "warning signs are always checked first",
    "why.red_flag_context": "it decides which warning signs apply to you, and those come first",
    "why.core": "it is one of the few questions asked of everyone",
    "why.checklist_doubts": "an item you are not sure about is asked again, with a way to check it",
    "why.self_check": "a check you can do now answers the warning sign you were not sure about",
    "why.gain": "it best separates the causes still in contention",
    "why.full": "it is next in the full questionnaire",
    "why.record": "the summary records it; it does not change the causes suggested",
    "why.record_context": "a fact the summary records (such as which foot) depends on it",
    "why.level_check": "its answer could change how urgently you should get care",
    "session.not_understood": "Not understood: {message}",
    "session.act_now": "footspine will finish the questions, but do not wait for the result to act.",
    "session.emergency_stop": (
        "Press Enter to stop the questions and see your result now, or type 'more' to keep answering "
        "for a fuller report for the clinicians."
    ),
    "session.emergency_more": "Going on with the questions. Type 'quit' at any time to stop and see the result.",
    "session.nothing_back": "This is the first question; there is nothing to go back to.",
    "session.wrote_report": "wrote the summary to {path}",
    "session.saved.one": "saved 1 answer to {path}; replay with: {command}",
    "session.saved.other": "saved {count} answers to {path}; replay with: {command}",
    "session.exists": "{path} already exists; type another name (or press Enter to skip).",
    "session.nothing_back_given": (
        "This is the first question asked now; the answers before it came from a file or flags, "
        "so 'back' cannot change them."
    ),
    "session.save_to.one": "Save the 1 answer so far to {path}?",
    "session.save_to.other": "Save the {count} answers so far to {path}?",
    "session.save_where.one": "Save the 1 answer so far? File name (Enter to skip)",
    "session.save_where.other": "Save the {count} answers so far? File name (Enter to skip)",
    # How each kind of question is answered (kinds.py).
    "word.or": " or ",
    "kind.allowed.choice": "{ids}, or unsure",
    "kind.allowed.multi": "{ids} (one or more, comma-separated), or unsure",
    "kind.allowed.number": "{range}, or unsure",
    "kind.how.choice": "a number or id",
    "kind.how.yes_no": "yes or no",
    "kind.how.multi": "one or more numbers or ids, separated by commas",
    "kind.how.number": "a number from {min:g} to {max:g}{unit}",
    "kind.yes_no": "yes/no",
    "kind.single": "one choice",
    "kind.multi": "several choices",
    "kind.number": "number",
    # The lists: questions, conditions, rules explain, rules validate, map.
    "questions.title": "footspine questions, in the order they are asked",
    "questions.how": "Every question also accepts 'unsure'. Pass answers with --answer ID=VALUE.",
    "questions.kind": "({kind})",
    "questions.red_flag": "RED FLAG: '{answer}' means {level}",
    "questions.red_flag_more": " ({level} with some other answers)",
    "questions.conditional": "(asked only when earlier answers make it relevant)",
    "conditions.title": "footspine conditions (rules {version})",
    "conditions.findings.one": "1 finding; if likely: {level}",
    "conditions.findings.other": "{count} findings; if likely: {level}",
    "conditions.sources": "Sources:",
    "conditions.more": "Weights and sources: footspine conditions --json",
    "explain.title": "{name}  [{id}]  ({origin})",
    "explain.points": "points",
    "explain.finding": "finding (when)",
    "explain.source": "source",
    "explain.lr": "LR {lr:g}",
    "explain.context": "[context only]",
    "cause.detail": "Which nerve: {name} ({band}), from: {evidence}. {description}",
    "explain.group": "[group {group}: only the strongest that holds counts]",
    "explain.group_rule": "Counted once: {group} ({source})",
    "explain.age_prior": "Prior {prior:+.2f} when {ages}: {label}  ({source})",
    "explain.band": "{band}: score >= {score:g}",
    "explain.prior": "Prior: {prior:+.2f}  ({source})",
    "explain.score": "Score = prior + the points of every finding that holds; {bands}.",
    "explain.triage": "Triage when likely: {level}",
    "validate.ok": (
        "ok: {file} is valid (rules {version}: {red_flags} red flags, {questions} questions, "
        "{conditions} conditions; {warnings})"
    ),
    "validate.warnings.one": "1 warning",
    "validate.warnings.other": "{count} warnings",
    "map.root": "(nerve root {root})",
    "map.roots_source": (
        "Nerve-root areas after Harrison's Principles of Internal Medicine; they overlap between people."
    ),
    "map.hint": "The numbers on the map are the choices; '?' lists them in words.",
    # Answers that cannot be taken, and the condition language of `rules explain`.
    "answers.not_made_here": (
        "ValidAnswers cannot be made directly; validate answers with rules.answers({{...}}) instead"
    ),
    "answers.immutable": "validated answers cannot be changed; validate new ones with rules.answers({{...}})",
    "answers.unknown": "unknown question {question!r}{hint}; run 'footspine questions' to list the ids",
    "rules.not_a_path": "footspine.load() takes the path of a rule file (a str or a Path), not {kind}",
    "answers.not_a_mapping": (
        "{label}: expected a mapping of question id to answer (or the JSON text of one), not {kind}"
    ),
    "answer.not_allowed": "{question}: {shown!r} is not allowed{hint}; expected {allowed}",
    "answer.out_of_range": "{question}: {number:g} is out of range; expected {allowed}",
    "answer.out_of_range_typed": "{number:g} is out of range: answer {how}",
    "answer.not_a_number": "{shown!r} is not a number: answer {how}",
    "answer.no_such_choice": "{shown} is not one of the choices: type a number from 1 to {count}",
    "answer.not_a_choice": (
        "{shown!r} is not one of the choices{hint}: type a number from 1 to {count}, or the word in brackets"
    ),
    "answer.bad_range": "{shown!r} is not a range of choices: use numbers from 1 to {count}, like 1-3",
    "answer.yes_no": "{shown!r}: answer yes or no (or 'unsure')",
    "answer.alone": "'{choice}' cannot go with another choice; give it alone",
    "answer.alone_id": "{question}: {given!r} ({choice}) cannot go with another choice; give it alone",
    "error.did_you_mean": " (did you mean {word!r}?)",
    "expr.and": " and ",
    "expr.or": " or ",
    "expr.not": "not {condition}",
    "expr.answered": "{question} is answered",
    # Why the triage is what it is (report.Reason codes).
    "reason.red_flag": "Red flag - {name}: {advice}",
    "reason.cause": "{name} is {band}: {advice}",
    "reason.open_flags.one": (
        "1 warning-sign question was not answered or answered 'not sure', so footspine cannot rule "
        "it out; it is listed with this result."
    ),
    "reason.open_flags.other": (
        "{count} warning-sign questions were not answered or answered 'not sure', so footspine "
        "cannot rule them out; they are listed with this result."
    ),
}


class _InForce(NamedTuple):
    catalogue: Mapping[str, str]
    plural: Callable[[str, int], str] | None  # a translation's plural forms (gettext's)
    language: str


# The catalogue in force, per thread and task (a ContextVar): one thread speaking Spanish through
# ``use`` does not change what another says.
_ENGLISH = _InForce(ENGLISH, None, "en")
_IN_FORCE: ContextVar[_InForce] = ContextVar("footspine_catalogue", default=_ENGLISH)


def say(key: str, **params: object) -> str:
    """The message ``key`` of the catalogue in force, with its placeholders filled in."""
    return _IN_FORCE.get().catalogue[key].format(**params)


def say_count(key: str, count: int, **params: object) -> str:
    """The plural form of ``key`` that fits ``count``: ``key.one`` or ``key.other`` in English, the
    translation's own forms (three in Spanish) in another language."""
    plural = _IN_FORCE.get().plural
    if plural is not None:
        return plural(key, count).format(count=count, **params)
    return say(f"{key}.{'one' if count == 1 else 'other'}", count=count, **params)


def band_name(label: str) -> str:
    """A likelihood band's name to show ("likely"): its label, which JSON keeps, in the language in force."""
    return _IN_FORCE.get().catalogue.get(f"band.{label}", label)


def language() -> str:
    """The language of the catalogue in force (an ISO 639 code: "en", "es")."""
    return _IN_FORCE.get().language


def words(name: str) -> frozenset[str]:
    """What a person may type for ``name`` ("yes", "unsure", "back", ...): the English words, which
    are understood in every language, and those of the catalogue in force."""
    key = f"words.{name}"
    return _words_in(ENGLISH[key], _IN_FORCE.get().catalogue[key])


def means(typed: str, name: str) -> bool:
    """Whether what a person typed is one of the words for ``name`` (case, spacing and how the
    keyboard sent an accent aside: "Sí", " no  sé ")."""
    return " ".join(unicodedata.normalize("NFC", typed).lower().split()) in words(name)


@lru_cache(maxsize=64)
def _words_in(*texts: str) -> frozenset[str]:
    listed = (word for text in texts for word in text.split(","))
    return frozenset(" ".join(word.lower().split()) for word in listed if word.strip())


@contextmanager
def use(
    catalogue: Mapping[str, str], plural: Callable[[str, int], str] | None = None, language: str = "en"
) -> Iterator[None]:
    """Put another catalogue in force (a translation) for the duration of a ``with`` block, in this
    thread; ``plural(key, count)`` chooses the form of a ``key.one``/``key.other`` message."""
    missing = ENGLISH.keys() - catalogue.keys()
    if missing:
        raise KeyError(f"the catalogue lacks {sorted(missing)[0]!r} (and {len(missing) - 1} more)")
    token = _IN_FORCE.set(_InForce(catalogue, plural, language))
    try:
        yield
    finally:
        _IN_FORCE.reset(token)
