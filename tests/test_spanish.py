"""footspine in Spanish: the catalogues are complete and current, the language is chosen as people
expect, what a person types in Spanish is understood, and no command shows a word of English."""

from __future__ import annotations

import functools
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from typer.testing import CliRunner

import footspine
from footspine import messages
from footspine.cli import app
from footspine.errors import FootspineError
from footspine.render_report import html_page, markdown
from footspine.results import CheckResult
from footspine.rule_texts import translate
from footspine.translation import LOCALE_DIR, chosen, compile_po, language_of, read, speaking

from .conftest import ROOT, RULES_PATH

PO = {domain: LOCALE_DIR / "es" / "LC_MESSAGES" / f"{domain}.po" for domain in ("messages", "rules")}
EXTRACTED = {
    "messages": [("footspine_messages", ROOT / "footspine" / name) for name in (
        "messages.py", "messages_report.py", "messages_language.py")],
    "rules": [("footspine_rules", RULES_PATH)],
}  # fmt: skip
SPANISH = {"LANG": "es_ES.UTF-8", "COLUMNS": "200", "NO_COLOR": "1"}
CASES = Path(__file__).parent / "cases"
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def catalogue(domain: str) -> Catalog:
    with open(PO[domain], "rb") as file:
        return read_po(file)


def extracted(domain: str) -> set[tuple[str, Any]]:
    """(context, English) of every text the extractors find today, as `pybabel extract` does."""
    found = set()
    for method, path in EXTRACTED[domain]:
        for _line, message, _notes, context in extract_from_file(method, str(path)):
            found.add((context, message))
    return found


@pytest.mark.parametrize("domain", ["messages", "rules"])
def test_every_text_is_translated_none_is_fuzzy_and_the_catalogue_is_current(domain: str) -> None:
    """A text added or changed in English without its Spanish is a failure here, with the command
    that brings the catalogue up to date (docs/translating.md)."""
    entries = [m for m in catalogue(domain) if m.id]
    in_po = {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)) for m in entries}
    assert extracted(domain) == in_po, (
        f"run the extract and update commands of docs/translating.md ({domain})"
    )
    assert [m.context for m in entries if m.fuzzy] == []
    untranslated = [
        m.context for m in entries if not all(m.string if isinstance(m.string, tuple) else [m.string])
    ]
    assert untranslated == []


@pytest.mark.parametrize("domain", ["messages", "rules"])
def test_every_placeholder_is_kept(domain: str) -> None:
    """The same placeholders as the English: only the singular may leave {count} out ("one answer")."""
    for message in catalogue(domain):
        if not message.id:
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        spanish = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(_PLACEHOLDER.findall(english[-1]))
        for form_number, form in enumerate(spanish):
            got = set(_PLACEHOLDER.findall(form))
            may_drop = {"{count}"} if form_number == 0 and len(english) == 2 else set()
            assert wanted - may_drop <= got <= wanted, (message.context, form)


PROMPTS = {"menu.prompt": 76, "menu.save_where": 66, "menu.report_where": 66, "session.save_where": 66}


def test_every_prompt_fits_one_line_of_80_columns_with_its_answer_room() -> None:
    """A prompt is not wrapped by the terminal's line editor but cut mid-word, so each fits 80
    columns with " > " (the menu's one-letter answer) or ": " and room for a file name."""
    for message in catalogue("messages"):
        if message.context in PROMPTS:
            for form in message.string if isinstance(message.string, tuple) else (message.string,):
                assert len(form.replace("{count}", "999")) <= PROMPTS[message.context], (
                    message.context,
                    form,
                )


def test_a_changed_english_text_is_marked_fuzzy_and_shows_in_english_until_reviewed() -> None:
    """`pybabel update` keeps the old Spanish of a changed text as fuzzy; a compiled catalogue leaves
    fuzzy entries out, so footspine shows the new English rather than a translation of the old."""
    place = "red_flags[rf_cold_pale_foot].text"
    old = catalogue("rules")
    english = next(m.id for m in old if m.context == place)
    template = Catalog()
    for message in old:
        if message.id:
            changed = english + " Compare the two feet." if message.context == place else message.id
            template.add(changed, context=message.context)
    old.update(template)
    updated = next(m for m in old if m.context == place)
    assert updated.fuzzy and updated.string  # the old Spanish is kept for the reviewer
    out = io.BytesIO()
    from babel.messages.pofile import write_po

    write_po(out, old)
    import gettext

    compiled = gettext.GNUTranslations(io.BytesIO(compile_po(out.getvalue())))
    new_english = english + " Compare the two feet."
    assert compiled.pgettext(place, new_english) == new_english  # English, not the stale Spanish


@pytest.mark.parametrize(
    ("option", "environ", "expected"),
    [
        (None, {}, "en"),
        ("es", {}, "es"),
        ("ES", {"LANG": "en_GB.UTF-8"}, "es"),
        (None, {"FOOTSPINE_LANG": "es"}, "es"),
        ("en", {"FOOTSPINE_LANG": "es"}, "en"),
        (None, {"LANG": "es_ES.UTF-8"}, "es"),
        (None, {"LANG": "es_MX.UTF-8"}, "es"),
        (None, {"LC_ALL": "es_AR.UTF-8", "LANG": "en_US.UTF-8"}, "es"),
        (None, {"LC_ALL": "en_US.UTF-8", "LANG": "es_ES.UTF-8"}, "en"),
        (None, {"LANGUAGE": "fr:es", "LANG": "en_GB.UTF-8"}, "es"),
        (None, {"LANG": "de_DE.UTF-8"}, "en"),
        (None, {"LANG": "C.UTF-8"}, "en"),
        (None, {"LANG": "POSIX"}, "en"),
    ],
)
def test_the_language_is_the_option_then_the_variable_then_the_locale(
    option: str | None, environ: dict[str, str], expected: str
) -> None:
    assert chosen(option, environ) == expected


def test_a_language_footspine_lacks_is_an_error_when_asked_for_by_name() -> None:
    assert language_of("es_MX.UTF-8") == "es" and language_of("C") == ""
    with pytest.raises(FootspineError, match="'fr'"):
        chosen("fr", {})
    with pytest.raises(FootspineError, match=r"\$FOOTSPINE_LANG"):
        chosen(None, {"FOOTSPINE_LANG": "klingon"})
    result = CliRunner().invoke(app, ["check", "--no-input", "--lang", "fr"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "--lang" in result.stderr and "en, es" in result.stderr


def test_a_warning_sign_answered_si_gives_its_emergency_with_112_in_spain_and_911_in_mexico() -> None:
    spain = CliRunner().invoke(app, ["check", "--no-input", "-a", "rf_cold_pale_foot=sí"], env=SPANISH)
    assert spain.exit_code == 0, spain.output
    with speaking("es"):
        label = messages.say("triage.emergency.label")
        closing = messages.say("closing.emergency", number="112")
    last = spain.stdout.strip().splitlines()[-1]
    assert last == f"{label}: {closing}"
    assert "112" in spain.stdout.split("\n", 2)[1]  # the number first, in the urgency box
    mexico = CliRunner().invoke(
        app, ["check", "--no-input", "-a", "rf_cold_pale_foot=si"], env={**SPANISH, "LANG": "es_MX.UTF-8"}
    )
    assert "911" in mexico.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("typed", "value"), [("sí", "yes"), ("Si", "yes"), ("no", "no"), ("no sé", "unsure")]
)
def test_answers_typed_in_spanish_are_understood(typed: str, value: str) -> None:
    with speaking("es"):
        rules = footspine.load(language="es")
        assert rules.answers_from_flags([f"rf_cold_pale_foot={typed}"])["rf_cold_pale_foot"] == value
        assert rules.answers_from_flags([f"rf_cold_pale_foot={value}"])["rf_cold_pale_foot"] == value


def test_json_keeps_every_id_and_gives_the_names_in_spanish() -> None:
    args = ["check", "--no-input", "--json", "-a", "pain_area=heel_underside", "-a", "first_steps=yes"]
    english = json.loads(CliRunner().invoke(app, args, env={"LANG": "en_GB.UTF-8"}).stdout)
    spanish = json.loads(CliRunner().invoke(app, args, env=SPANISH).stdout)

    def ids(node: Any) -> Any:
        """The document with each text (a string with a space or a capital) replaced by a mark."""
        if isinstance(node, dict):
            return {key: ids(value) for key, value in node.items() if key != "language"}
        if isinstance(node, list):
            return [ids(item) for item in node]
        if isinstance(node, str) and not re.fullmatch(r"[a-z0-9_.:-]*", node):
            return "TEXT"
        return node

    assert ids(spanish) == ids(english)
    assert spanish["causes"][0]["id"] == "plantar_fasciitis"
    es_rules = footspine.load(language="es")
    assert spanish["causes"][0]["name"] == es_rules.condition_by_id["plantar_fasciitis"].name
    assert spanish["causes"][0]["name"] != english["causes"][0]["name"]


# ---- no English anywhere ----


def _words_of(message: Any) -> set[str]:
    forms = message.string if isinstance(message.string, tuple) else (message.string,)
    return {word for form in forms for word in re.findall(r"[^\W\d_]+", _PLACEHOLDER.sub(" ", form).lower())}


def _is_source(message: Any) -> bool:
    return re.search(r"source(\[\d+\])?$", message.context or "") is not None


@functools.cache
def spanish_vocabulary(sources: bool = False, ids: bool = False) -> frozenset[str]:
    """Every word footspine can show in Spanish: the translations. ``sources``: with the words of
    the sources, which keep titles, authors and organisations as written ("NICE guideline NG59: Low
    back pain and sciatica in over 16s"); ``ids``: with the ids people type or scripts read (the
    lists of questions and conditions show them). Each only for the outputs that show them, so that
    elsewhere an English "or", "the" or "fracture" is still caught."""
    words: set[str] = {"footspine"}
    for domain in ("messages", "rules"):
        for message in catalogue(domain):
            if message.id and (sources or not _is_source(message)):
                words |= _words_of(message)
    if ids:
        rules = footspine.load()
        names = {q.id for q in rules.all_questions} | {c.id for c in rules.conditions} | {"unsure"}
        names |= {choice for q in rules.all_questions for choice in q.choice_ids}
        names |= {group.id for c in rules.conditions for group in c.groups}
        names |= {c for f in CASES.glob("*.json") for c in json.loads(f.read_text())["expected"]["causes"]}
        words |= {part for name in names for part in re.split(r"[_\W]+", name.lower()) if part} | {"sha256"}
    return frozenset(words)


def english_left(text: str, allowed: frozenset[str]) -> list[str]:
    """The words of ``text`` that are not Spanish footspine shows (markup and hashes aside)."""
    text = re.sub(
        r"<style>.*?</style>|<[^>]+>|--[a-z-]+|\$[A-Z_]+|\b[A-Z]+=[A-Z]+\b|\b[0-9a-f]{12,64}\b",
        " ",
        text,
        flags=re.S,
    )
    return sorted({word for word in re.findall(r"[^\W\d_]{2,}", text) if word.lower() not in allowed})


COMMANDS = [  # each with whether it shows sources (a result names its emergency number's) and ids
    (["check", "--no-input", "-a", "rf_cold_pale_foot=sí", "-a", "rf_saddle_numbness=no sé",
      "-a", "pain_area=heel_underside,outer_ankle", "-a", "first_steps=sí", "-a", "age=50"], True, False),
    (["check", "--no-input", "--details", "-a", "leg_pain=below_knee", "-a", "numbness=top_big_toe",
      "-a", "back_pain=yes"], True, False),
    (["check", "--no-input", "-a", "pain_area=heel_underside", "-a", "first_steps=yes", "-a", "age=45"], True, False),
    (["check", "--no-input", "--country", "MX", "-a", "rf_four_steps=sí"], True, False),
    (["check", "--no-input", "--country", "IE", "-a", "rf_four_steps=sí"], True, False),
    (["questions"], False, True),
    (["conditions"], True, True),
    (["map", "--roots"], True, False),
    (["eval", "tests/cases"], False, True),
    (["rules", "explain", "lumbar_spinal_stenosis"], True, True),
    (["rules", "explain", "plantar_fasciitis"], True, True),
    (["rules", "validate"], False, False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "sources", "ids"), COMMANDS, ids=lambda a: " ".join(a[:4]) if isinstance(a, list) else ""
)
def test_every_commands_human_output_is_in_spanish(args: list[str], sources: bool, ids: bool) -> None:
    result = CliRunner().invoke(app, args, env=SPANISH)
    assert result.exit_code == 0, result.output
    shown = result.stdout.replace(str(RULES_PATH), " ")  # the file's own name is no message
    assert english_left(shown, spanish_vocabulary(sources, ids)) == []


def test_an_untranslated_text_would_be_caught() -> None:
    """The check is not blunted by the words sources keep in English: each warning sign's English
    advice and question, and the English urgency labels, shown where Spanish should be, have words
    no Spanish text of footspine uses."""
    vocabulary = spanish_vocabulary(sources=True)
    for flag in footspine.load().red_flags:
        assert len(english_left(flag.advice, vocabulary)) >= 2, flag.id
        assert len(english_left(flag.question.text, vocabulary)) >= 2, flag.id
    for level in ("emergency", "urgent", "soon", "self_care"):
        assert english_left(messages.ENGLISH[f"triage.{level}.label"], spanish_vocabulary()), level
    assert english_left("Call 112 or 999", spanish_vocabulary()) == ["Call", "or"]


def test_the_interview_and_the_reports_are_in_spanish(tmp_path: Path) -> None:
    replies = ["?", "quizás", "atrás", "sí", *["no sé"] * 80]
    result = CliRunner().invoke(
        app, ["check", "--country", "ES"], input="\n".join(replies) + "\n", env={**SPANISH, "COLUMNS": "100"}
    )
    assert result.exit_code == 0, result.output
    assert english_left(result.stdout, spanish_vocabulary(sources=True) | {"quizás"}) == []
    with speaking("es"):
        rules = footspine.load(language="es")
        check = CheckResult(
            rules.score({"rf_cold_pale_foot": "yes", "pain_area": ["heel_underside"]}), rules.kb
        )
        page = html_page(check, date(2026, 1, 1))
        reports = markdown(check, date(2026, 1, 1)) + page
    assert '<html lang="es">' in page
    assert english_left(reports, spanish_vocabulary(sources=True)) == []  # they name the advice's sources


def test_the_reports_written_by_check_are_in_spanish(tmp_path: Path) -> None:
    for name in ("r.html", "r.md"):
        target = tmp_path / name
        result = CliRunner().invoke(
            app, ["check", "--no-input", "-a", "rf_cold_pale_foot=sí", "--report", str(target)], env=SPANISH
        )
        assert result.exit_code == 0, result.output
        shown = target.read_text()
        assert "EMERGENCIA" in shown and "EMERGENCY" not in shown
    assert '<html lang="es">' in (tmp_path / "r.html").read_text()


def test_the_translated_rules_match_the_english_ones_in_everything_but_words() -> None:
    """Only texts differ: ids, levels, weights, conditions and likelihood bands are the English
    rule file's, and a result names the same rule file in every language."""
    import msgspec

    english, spanish = footspine.load(), footspine.load(language="es")

    def blanked(rules: footspine.Rules) -> str:
        document = json.loads(msgspec.json.encode(rules.kb))
        return json.dumps(translate(document, lambda place, text: "T"), sort_keys=True)

    assert blanked(spanish) == blanked(english)
    assert msgspec.json.encode(spanish.kb) != msgspec.json.encode(english.kb)
    assert spanish.sha256 == english.sha256
    assert [b.label for b in spanish.likelihood_bands] == ["likely", "possible", "less likely"]
    assert spanish.red_flags[0].name != english.red_flags[0].name


def test_with_no_country_and_with_two_numbers_the_emergency_line_reads_right_in_spanish() -> None:
    with speaking("es"):
        neutral = messages.say("triage.emergency.action")
    unknown = CliRunner().invoke(app, ["check", "--no-input", "--lang", "es", "-a", "rf_cold_pale_foot=sí"])
    assert "Llame al número local de emergencias" in " ".join(unknown.stdout.split())
    assert (
        unknown.stdout.strip().splitlines()[-1].endswith(neutral.split(":")[-1].strip())
        or "112" not in unknown.stdout
    )
    ireland = CliRunner().invoke(
        app, ["check", "--no-input", "--lang", "es", "--country", "IE", "-a", "rf_cold_pale_foot=sí"]
    )
    assert "Llame al 112 o 999" in " ".join(ireland.stdout.split())


def test_a_translation_that_drops_a_placeholder_or_breaks_a_line_is_not_used() -> None:
    """A hand-edited .po that loses {number} shows the English message, which has it, rather than
    an emergency line without the number to call (or a message that cannot be filled in)."""
    from footspine.translation import fits

    english = messages.ENGLISH["closing.emergency"]
    assert fits("Llame al {number} ahora.", english)
    assert not fits("Llame ahora.", english)  # the number lost
    assert not fits("Llame al {numero} ahora.", english)  # misspelt: would fail to fill in
    assert not fits("Fascitis\nplantar", "Plantar fasciitis")  # a line break the English has not
    assert fits("Una respuesta", "{count} answers", plural=True)
    spanish = read("es")
    original = spanish.messages._catalog  # type: ignore[attr-defined]
    key = "closing.emergency\x04" + english
    broken = {**original, key: "Llame ahora mismo."}
    spanish.messages._catalog = broken  # type: ignore[attr-defined]
    try:
        assert spanish.catalogue()["closing.emergency"] == english
    finally:
        spanish.messages._catalog = original  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("question", "typed", "value"),
    [
        ("age", "38 años", 38.0),
        ("age", "38", 38.0),
        ("duration", "si", None),  # not the start of "six weeks": a yes/no word is never a prefix
        ("duration", "s", None),
        ("rf_cold_pale_foot", "si\u0301", "yes"),  # "sí" with the accent sent as a separate mark
    ],
)
def test_typed_spanish_is_read_as_a_spanish_speaker_means_it(question: str, typed: str, value: Any) -> None:
    from footspine.errors import AnswerError

    with speaking("es"):
        rules = footspine.load(language="es")
        behaviour = rules.question_by_id[question].behaviour
        if value is None:
            with pytest.raises(AnswerError):
                behaviour.parse(rules.question_by_id[question], typed, numbered=True)
        else:
            assert behaviour.parse(rules.question_by_id[question], typed, numbered=True) == value


def test_the_language_in_force_belongs_to_one_thread() -> None:
    """footspine.speaking in one thread does not change what another thread says."""
    import threading

    inside, outside = threading.Event(), threading.Event()
    seen: list[str] = []

    def spanish_thread() -> None:
        with speaking("es"):
            inside.set()
            outside.wait(5)

    worker = threading.Thread(target=spanish_thread)
    worker.start()
    inside.wait(5)
    seen.append(messages.say("triage.emergency.label"))
    outside.set()
    worker.join()
    assert seen == ["[!!!] EMERGENCY"]


@pytest.mark.parametrize("given", ["es", "ES", "es_MX", "es-419", "es_ES.UTF-8"])
def test_the_python_api_takes_a_language_as_people_write_it(given: str) -> None:
    rules = footspine.load(language=given)
    assert rules.language == "es"
    with footspine.speaking(given):
        assert messages.language() == "es"
    assert footspine.load(language="EN").language == "en"
    with pytest.raises(FootspineError, match=r"language: .*'fr'"):
        footspine.load(language="fr")


def test_the_locale_is_read_as_gettext_reads_it() -> None:
    assert chosen(None, {"LC_ALL": "C", "LANGUAGE": "es"}) == "en"  # the C locale ignores $LANGUAGE
    assert chosen(None, {"LANG": "en_US.UTF-8", "LANGUAGE": "es:en"}) == "es"
    assert chosen(None, {"LANGUAGE": "es"}) == "en"  # no locale at all is the C locale
    assert chosen(None, {"FOOTSPINE_LANG": "C", "LANG": "es_ES.UTF-8"}) == "en"
    result = CliRunner().invoke(app, ["questions"], env={"FOOTSPINE_LANG": "klingon"})
    assert result.exit_code == 2
    assert "$FOOTSPINE_LANG" in result.stderr and "--lang'" not in result.stderr


def test_a_json_result_names_its_language() -> None:
    args = ["check", "--no-input", "--json", "-a", "age=40"]
    assert json.loads(CliRunner().invoke(app, args, env=SPANISH).stdout)["language"] == "es"
    assert json.loads(CliRunner().invoke(app, args).stdout)["language"] == "en"


def lecturabilidad(text: str) -> float:
    """Fernández Huerta's reading ease for Spanish (1959; as corrected by Law, 2011): 206.84 - 60 x
    syllables per word - 1.02 x words per sentence, syllables counted by pyphen's Spanish
    dictionary. 70 to 80 reads at about the sixth grade (age 11 to 12), 60 to 70 at the seventh or
    eighth, as the English warning signs' Flesch-Kincaid limit of grade 8 does."""
    import pyphen

    hyphenate = pyphen.Pyphen(lang="es")
    words = re.findall(r"[^\W\d_]+", text)
    sentences = max(1, len([s for s in re.split(r"[.?!:;]+", text) if re.search(r"[^\W\d_]", s)]))
    syllables = sum(len(hyphenate.inserted(word.lower()).split("-")) for word in words)
    return 206.84 - 60 * syllables / len(words) - 1.02 * len(words) / sentences


def test_the_spanish_warning_signs_read_at_about_age_11() -> None:
    """Each warning sign's question, self-check, checklist item and advice reads no harder than
    the seventh or eighth grade, and half of them at the sixth or easier."""
    places = r"(red_flags\[[^\]]+\]\.(text|advice|self_check)|checklists\[[^\]]+\]\.(text|items))"
    scores = {
        m.context: lecturabilidad(m.string)
        for m in catalogue("rules")
        if m.id and re.match(places, m.context or "")
    }
    assert len(scores) >= 80
    assert [place for place, score in scores.items() if score < 60] == []
    assert sorted(scores.values())[len(scores) // 2] >= 70


def test_a_rule_file_the_translation_does_not_cover_says_so(tmp_path: Path) -> None:
    """An edited warning sign shows in English in a Spanish result, and stderr says how many texts
    are not translated and how many of them are warning signs; the packaged rules say nothing."""
    document = json.loads(RULES_PATH.read_text())
    document["red_flags"][0]["advice"] += " Do not wait."
    edited = tmp_path / "rules.json"
    edited.write_text(json.dumps(document))
    args = ["check", "--no-input", "--lang", "es", "-a", "rf_cold_pale_foot=sí"]
    result = CliRunner().invoke(app, [*args, "--rules", str(edited)])
    assert result.exit_code == 0
    assert "Do not wait." in result.stdout  # the English, never nothing
    with speaking("es"):
        assert result.stderr == messages.say_count("language.untranslated", 1, safety=1) + "\n"
    assert CliRunner().invoke(app, args).stderr == ""


def test_mas_goes_on_after_an_emergency_and_salir_ends_with_it_last() -> None:
    """Typed in Spanish, 'más' keeps answering after the emergency screen and 'salir' stops; the
    emergency is still the last thing shown."""
    result = CliRunner().invoke(app, ["check", "--lang", "es", "--country", "ES"], input="1\nmás\nsalir\n\n")
    assert result.exit_code == 0, result.output
    with speaking("es"):
        going_on = messages.say("session.emergency_more")
        last = f"{messages.say('triage.emergency.label')}: {messages.say('closing.emergency', number='112')}"
    assert " ".join(going_on.split()) in " ".join(result.stdout.replace("│", " ").split())
    assert result.stdout.strip().splitlines()[-1] == last
