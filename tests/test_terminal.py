"""footspine check in a real pseudo-terminal, answered the way a person types."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pexpect = pytest.importorskip("pexpect")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def spawn() -> pexpect.spawn:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", "LINES": "40", "TERM": "xterm", "PYTHONPATH": ROOT}
    env.pop("FOOTSPINE_RULES", None)
    return pexpect.spawn(
        sys.executable,
        ["-m", "footspine", "check"],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 80),
    )


def answer(child: pexpect.spawn, expected: str, reply: str) -> None:
    child.expect_exact(expected)
    child.expect_exact("> ")
    child.sendline(reply)


def test_a_person_answers_in_a_terminal() -> None:
    child = spawn()
    answer(child, "Question 1 of about 29", "no")
    child.expect_exact("Question 2 of")
    child.expect_exact("> ")
    child.sendline("?")
    child.expect_exact("Why this is asked")
    child.expect_exact("> ")
    child.sendline("no")
    for _ in range(6):
        answer(child, "(warning-sign check)", "no")
    answer(child, "How old are you?", "52")
    answer(child, "Where on the foot or ankle is the pain?", "heel_underside")
    answer(child, "Is it one foot or both?", "1")
    answer(child, "What does the pain feel like?", "ache,sharp")
    answer(child, "Did the pain start with an injury", "no")
    answer(child, "How long have you had this pain?", "2")
    answer(child, "with the first steps in the morning", "yes")
    answer(child, "walk, stand, run or train much more", "yes")
    answer(child, "pain in your lower back", "no")
    answer(child, "Do you also have pain in the leg?", "1")
    answer(child, "Does walking or standing bring the pain on", "no")
    answer(child, "When you sit down", "no")
    answer(child, "numb, or does it tingle", "none")
    answer(child, "notice any weakness", "none")
    answer(child, "worse at night", "no")
    answer(child, "Do you have diabetes?", "no")
    answer(child, "How does the skin", "normal")
    child.expect_exact("[ok] SELF-CARE")
    child.expect_exact("1. Plantar fasciitis (local): likely")
    child.expect_exact("not a diagnosis")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_ctrl_c_exits_130_without_a_traceback() -> None:
    child = spawn()
    answer(child, "Question 1 of about 29", "no")
    child.expect_exact("Question 2 of")
    child.expect_exact("> ")
    child.sendintr()
    child.expect_exact("error: interrupted at question 'rf_bladder_bowel'")
    child.expect(pexpect.EOF)
    output = child.before
    child.close()
    assert "Traceback" not in output
    assert child.exitstatus == 130


def test_red_flag_alert_appears_before_the_next_question() -> None:
    child = spawn()
    answer(child, "Question 1 of about 29", "yes")
    child.expect_exact("WARNING SIGN: Numbness in the saddle area")
    child.expect_exact("Go to an emergency department now")
    child.expect_exact("Question 2 of")
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2


@pytest.mark.parametrize("extra", [[], ["--answers", "-"]])
def test_closed_stdin_is_a_one_line_error(extra: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "footspine", "check", *extra],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": ROOT},
        preexec_fn=lambda: os.close(0),  # the program starts with no standard input at all
        timeout=30,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: "), done.stderr
    assert done.stderr.count("\n") == 1
