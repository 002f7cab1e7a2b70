"""The message catalogue's words a person may type beside numbers and ids, how an interview stops,
and the choice of language: kept apart only for the module's size; ``messages.ENGLISH`` holds them
with the rest, and ``messages.words`` reads the words.

Each is a list separated by commas, in lower case. A translation lists its own words; the English
ones are understood in every language too, so a habit or a how-to written in English still works.
"""

from __future__ import annotations

WORDS: dict[str, str] = {
    "words.yes": "yes, y, true",
    "words.no": "no, n, false, nope, nah",
    "words.unsure": "unsure, not sure, not_sure, dont know, don't know, dont_know",
    "words.help": "help",
    "words.back": "back, b",
    "words.quit": "quit, exit, stop",
    "words.more": "more, m",
    # The menu after the result ("menu.prompt" names the first word of each).
    "words.details": "details, d",
    "words.save": "save, s",
    "words.report": "report, r",
    # How an interview stops before its end (on stderr).
    "stop.interrupted": "interrupted at question {question!r}. To skip the questions, {hint}",
    "stop.stopped": "stopped at question {question!r}. To skip the questions, {hint}",
    "stop.interrupted_early": "interrupted; nothing was saved. To skip the questions, {hint}",
    "stop.input_ended": (
        "input ended at question {question!r}; {hint}, or add --no-input to leave the rest unanswered"
    ),
    "stop.hint": "pass answers as flags instead: footspine check --answer ID=VALUE (ids: footspine questions)",
    "save.exists": "{path}: already exists; choose another name, or add --force to replace it",
    # Choosing the language (--lang, $FOOTSPINE_LANG).
    "language.unknown": "{what}: footspine has no translation into {given!r}; it speaks: {known}",
    "language.untranslated.one": (
        "note: 1 text of these rules has no translation and is shown in English ({safety} about a warning sign)"
    ),
    "language.untranslated.other": (
        "note: {count} texts of these rules have no translation and are shown in English ({safety} of "
        "them about warning signs)"
    ),
}
