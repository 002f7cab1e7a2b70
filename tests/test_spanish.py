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
from footspine.rule_texts import texts, translate
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
    for message in catalogue(domain):
        if not message.id:
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        spanish = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(_PLACEHOLDER.findall(english[-1]))
        for form in spanish:
            assert set(_PLACEHOLDER.findall(form)) <= wanted | set(_PLACEHOLDER.findall(english[0])), (
                message.context
            )
            assert set(_PLACEHOLDER.findall(english[-1])) - {"{count}"} <= set(_PLACEHOLDER.findall(form)), (
                message.context
            )


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
            return {key: ids(value) for key, value in node.items()}
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
def spanish_vocabulary(sources: bool = False) -> frozenset[str]:
    """Every word footspine can show in Spanish: the translations, and the ids people type or
    scripts read. ``sources``: with the words of the sources, which keep titles, authors and
    organisations as written ("NICE guideline NG59: Low back pain and sciatica in over 16s"); for
    the outputs that show sources only, so that elsewhere an English "and" or "the" is still caught."""
    words: set[str] = {"footspine", "sha256"}
    for domain in ("messages", "rules"):
        for message in catalogue(domain):
            if message.id and (sources or not _is_source(message)):
                words |= _words_of(message)
    rules = footspine.load()
    ids = {q.id for q in rules.all_questions} | {c.id for c in rules.conditions} | {"unsure"}
    ids |= {choice for q in rules.all_questions for choice in q.choice_ids}
    ids |= {group.id for c in rules.conditions for group in c.groups}
    ids |= {c for f in CASES.glob("*.json") for c in json.loads(f.read_text())["expected"]["causes"]}
    return frozenset(words | {part for name in ids for part in re.split(r"[_\W]+", name.lower()) if part})


@pytest.fixture(scope="module")
def spanish_words() -> frozenset[str]:
    return spanish_vocabulary()


@pytest.fixture(scope="module")
def with_sources() -> frozenset[str]:
    return spanish_vocabulary(sources=True)


def english_left(text: str, allowed: frozenset[str]) -> list[str]:
    """The words of ``text`` that are not Spanish footspine shows (markup and hashes aside)."""
    text = re.sub(
        r"<style>.*?</style>|<[^>]+>|--[a-z-]+|\$[A-Z_]+|\b[A-Z]+=[A-Z]+\b|\b[0-9a-f]{12,64}\b",
        " ",
        text,
        flags=re.S,
    )
    return sorted({word for word in re.findall(r"[^\W\d_]{2,}", text) if word.lower() not in allowed})


COMMANDS = [  # each with whether it shows sources (a result names the source of its emergency number)
    (["check", "--no-input", "-a", "rf_cold_pale_foot=sí", "-a", "rf_saddle_numbness=no sé",
      "-a", "pain_area=heel_underside,outer_ankle", "-a", "first_steps=sí", "-a", "age=50"], True),
    (["check", "--no-input", "--details", "-a", "leg_pain=below_knee", "-a", "numbness=top_big_toe",
      "-a", "back_pain=yes"], True),
    (["check", "--no-input", "-a", "pain_area=heel_underside", "-a", "first_steps=yes", "-a", "age=45"], True),
    (["questions"], False),
    (["conditions"], True),
    (["map", "--roots"], True),
    (["eval", "tests/cases"], False),
    (["rules", "explain", "lumbar_spinal_stenosis"], True),
    (["rules", "explain", "plantar_fasciitis"], True),
    (["rules", "validate"], False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "sources"), COMMANDS, ids=lambda a: " ".join(a[:3]) if isinstance(a, list) else ""
)
def test_every_commands_human_output_is_in_spanish(
    args: list[str], sources: bool, spanish_words: frozenset[str], with_sources: frozenset[str]
) -> None:
    result = CliRunner().invoke(app, args, env=SPANISH)
    assert result.exit_code == 0, result.output
    shown = result.stdout.replace(str(RULES_PATH), " ")  # the file's own name is no message
    assert english_left(shown, with_sources if sources else spanish_words) == []


def test_the_interview_and_the_reports_are_in_spanish(
    tmp_path: Path, spanish_words: frozenset[str], with_sources: frozenset[str]
) -> None:
    replies = ["?", "quizás", "atrás", "sí", *["no sé"] * 80]
    result = CliRunner().invoke(
        app, ["check", "--country", "ES"], input="\n".join(replies) + "\n", env={**SPANISH, "COLUMNS": "100"}
    )
    assert result.exit_code == 0, result.output
    assert english_left(result.stdout, with_sources | {"quizás"}) == []
    with speaking("es"):
        rules = footspine.load(language="es")
        check = CheckResult(
            rules.score({"rf_cold_pale_foot": "yes", "pain_area": ["heel_underside"]}), rules.kb
        )
        page = html_page(check, date(2026, 1, 1))
        reports = markdown(check, date(2026, 1, 1)) + page
    assert '<html lang="es">' in page
    assert english_left(reports, with_sources) == []  # the reports name the sources of the advice


def test_an_untranslated_warning_sign_would_be_caught(with_sources: frozenset[str]) -> None:
    """The check is not blunted by the words sources keep in English: each warning sign's English
    advice, shown where a Spanish one should be, has words no Spanish text of footspine uses."""
    for flag in footspine.load().red_flags:
        assert len(english_left(flag.advice, with_sources)) >= 2, flag.id
        assert len(english_left(flag.question.text, with_sources)) >= 2, flag.id


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
    """Only texts differ: ids, levels, weights and conditions are the English rule file's."""
    english = json.loads(RULES_PATH.read_text())
    rules = read("es")
    spanish = translate(json.loads(RULES_PATH.read_text()), rules.rule_text)
    places = dict(texts(english))
    assert dict(texts(spanish)).keys() == places.keys()

    def without_texts(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: without_texts(v) for k, v in node.items() if not any(p.endswith(k) for p in ("x",))}
        return node

    stripped = [json.dumps(translate(doc, lambda place, text: "T")) for doc in (english, spanish)]
    assert stripped[0] == stripped[1]
    es = footspine.load(language="es")
    assert es.sha256 == footspine.load().sha256  # a result names the rule file, in any language
    assert es.red_flags[0].name != footspine.load().red_flags[0].name
