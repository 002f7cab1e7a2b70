"""A whole interview in Spanish in a real pseudo-terminal at 80x24, chosen by the locale alone
(LANG=es_ES.UTF-8), answered the way a Spanish speaker types: to an emergency and to self-care."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from footspine.rule_texts import texts, translate
from footspine.translation import read

from .conftest import RULES_PATH
from .test_spanish import english_left, spanish_vocabulary
from .test_terminal import ANSI, HEEL_PAIN, final_screen, play, spawn

pexpect = pytest.importorskip("pexpect")

SPANISH = read("es")
CATALOGUE = SPANISH.catalogue()
ENGLISH_TEXTS = dict(texts(json.loads(RULES_PATH.read_text())))
SPANISH_TEXTS = dict(texts(translate(json.loads(RULES_PATH.read_text()), SPANISH.rule_text)))
TYPED = {"yes": "sí", "unsure": "no sé"}


def in_spanish(replies: dict[str, str]) -> dict[str, str]:
    """The English test's replies keyed by the Spanish of the question or item each phrase is from
    (the same place in the rule file), with "yes" and "unsure" typed as a Spanish speaker would."""
    spanish = {}
    for phrase, reply in replies.items():
        for place, text in ENGLISH_TEXTS.items():
            asked = place.startswith(("questions", "red_flags", "checklists")) and ".choices[" not in place
            if phrase in text and asked and place.endswith((".text", ".label", ".self_check")):
                spanish[" ".join(SPANISH_TEXTS[place].split())] = TYPED.get(reply, reply)
    return spanish


def spawn_in_spanish(tmp_path: Path) -> pexpect.spawn:
    """footspine check with nothing but a Spanish locale, past its opening screen."""
    opening = (CATALOGUE["intro.title"], CATALOGUE["intro.start"].split(",")[0])
    return spawn(rows=24, cwd=tmp_path, opening=opening, LANG="es_ES.UTF-8", LC_ALL="", LANGUAGE="")


def play_in_spanish(child: pexpect.spawn, replies: dict[str, str]) -> str:
    finish = CATALOGUE["menu.prompt"].rsplit("  ", 1)[-1]  # "Intro: terminar"
    return play(
        child, replies, unsure="no sé", finish=finish, question_word=CATALOGUE["ask.number"].split("{")[0]
    )


def test_an_emergency_in_spanish_at_80x24_ends_with_112_and_no_english(tmp_path: Path) -> None:
    child = spawn_in_spanish(tmp_path)
    replies = in_spanish(
        {"around your bottom": "yes", "lower back": "yes", "pain in the leg": "3", "How old": "48"}
    )
    summary = play_in_spanish(child, replies)
    screen = final_screen(child)
    label = CATALOGUE["triage.emergency.label"]
    assert screen[-1] == f"{label}: {CATALOGUE['closing.emergency'].format(number='112')}"
    shown = "\n".join(screen)
    assert f"footspine: {label}" in shown or label in shown.split("\n╰")[0]
    assert "112" in shown
    assert CATALOGUE["flag.title"].split(":")[0] in shown  # SEÑAL DE ALARMA
    transcript = ANSI.sub("", child.logfile_read.getvalue())
    assert english_left(summary + transcript, spanish_vocabulary(sources=True)) == []
    assert child.exitstatus == 0


def typed_words(replies: dict[str, str]) -> frozenset[str]:
    """The words the person typed (a choice id such as "left" is understood in any language), which
    the terminal echoes."""
    return frozenset(word.lower() for reply in replies.values() for word in re.findall(r"[^\W\d_]+", reply))


def test_heel_pain_in_spanish_at_80x24_ends_with_self_care(tmp_path: Path) -> None:
    child = spawn_in_spanish(tmp_path)
    replies = in_spanish({k[:30]: v for k, v in HEEL_PAIN.items()})
    play_in_spanish(child, replies)
    screen = final_screen(child)
    label = CATALOGUE["triage.self_care.label"]
    assert screen[-1] == f"{label}: {CATALOGUE['closing.self_care']}"
    shown = "\n".join(screen)
    assert "Fascitis plantar" in shown
    transcript = ANSI.sub("", child.logfile_read.getvalue())
    assert english_left(transcript, spanish_vocabulary(sources=True) | typed_words(replies)) == []
    assert child.exitstatus == 0
