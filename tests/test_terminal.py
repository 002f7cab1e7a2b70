"""footspine check in a real pseudo-terminal, answered the way a person types."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

ANSI = re.compile(r"\x1b\[[0-9;]*m")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def spawn(
    extra: list[str] | None = None,
    cwd: Path | None = None,
    rows: int = 40,
    opening: tuple[str, str] = ("not a diagnosis", "Press any key to start"),
    **more_env: str,
) -> pexpect.spawn:
    """footspine check in a pseudo-terminal, past its opening screen (one key starts it); ``opening``
    is what that screen says footspine is not, and how to start, in the language spoken."""
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "COLUMNS": "80",
        "LINES": str(rows),
        "TERM": "xterm",
        "PYTHONPATH": ROOT,
    }
    env.pop("FOOTSPINE_RULES", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "footspine", "check", *(extra or [])],
        env={**env, **more_env},
        encoding="utf-8",
        timeout=20,
        dimensions=(rows, 80),
        cwd=str(cwd) if cwd else None,
    )
    child.logfile_read = io.StringIO()  # everything shown, for the final screen
    child.expect_exact(opening[0])  # the opening screen says what footspine is not
    child.expect_exact(opening[1])
    child.send(" ")
    return child


def answer(child: pexpect.spawn, expected: str, reply: str) -> None:
    child.expect_exact(expected)
    child.expect_exact("> ")
    child.sendline(reply)


def start(child: pexpect.spawn) -> None:
    """Answer the first screen, the checklist of warning signs everyone is asked (cold foot, calf,
    four steps: "no", none of them), and wait at the second (leg pain, which decides the next
    warning signs)."""
    answer(child, "Question 1 - ", "no")
    child.expect_exact("Question 2 - ")
    child.expect_exact("> ")


def interrupt_at_question_3(child: pexpect.spawn) -> None:
    """Answer two screens (none of the warning signs, no leg pain), press Ctrl-C at the third
    (weakness, which the next warning signs read), and wait at the offer to save."""
    start(child)
    child.sendline("1")
    child.expect_exact("Question 3 - ")
    child.expect_exact("> ")
    child.sendintr()
    child.expect_exact("File name (Enter to skip)")


RULES = json.loads((Path(__file__).parent.parent / "data" / "conditions.json").read_text())
# Each warning sign answered the reassuring way, recognised by the start of its question.
CALM = {f["text"][:30]: "yes" if f.get("raise_on") == "no" else "no" for f in RULES["red_flags"]}
HEEL_PAIN = {  # a woman of 52 with heel pain worst on her first steps, as she would answer
    **CALM,
    "How old are you?": "52",
    "Do any of these apply to you?": "none",
    "Do any of these apply to you now?": "none",  # a checklist of warning signs
    "Do any of these describe your pain?": "1,2,5",  # first steps, building up, more walking
    "What sex were you assigned at birth?": "female",
    "Where on the foot or ankle is the pain?": "1",
    "Is it one foot or both?": "one_foot",
    "Which foot hurts?": "left",
    "Before you look after it at home": "none",  # the two reasons to see a GP, on one screen
    "muscle tightens hard by itself": "no",
    "What does the pain feel like?": "ache,sharp",
    "How did it start?": "gradual",
    "Did the pain start with an injury": "no",
    "How long have you had this pain?": "2",
    "with the first steps in the morning": "yes",
    "walk, stand, run or train much more": "yes",
    "build up the longer you stand or walk": "yes",
    "pain in your lower back": "no",
    "Do you also have pain in the leg?": "none",
    "Does walking or standing bring the pain on": "no",
    "When you sit down": "no",
    "numb, or does it tingle": "none",
    "notice any weakness": "none",
    "worse at night": "no",
    "How does the skin": "normal",
    "swollen, red or hot": "none",
    "high blood pressure": "no",
    "Do you smoke": "no",
    "squeezing the heel": "no",
    "barefoot on hard floors": "no",
}


def test_a_person_answers_in_a_terminal_with_the_foot_map() -> None:
    child = spawn()
    start(child)
    child.sendline("?")
    child.expect_exact("Why this is asked")
    child.expect_exact("> ")
    child.sendline("none")
    questions = list(HEEL_PAIN)
    asked = 0
    while True:
        index = child.expect_exact([*questions, "[ok] SELF-CARE"])
        if index == len(questions):
            break
        if questions[index].startswith("Where on the foot"):
            child.expect_exact("SOLE, seen from below")  # the map comes with the question
            child.expect_exact("TOP, seen from above")
        child.expect_exact("> ")
        child.sendline(HEEL_PAIN[questions[index]])
        asked += 1
    assert asked < len(HEEL_PAIN) - 3  # adaptive: not every question is asked
    child.expect(r"Local +1\. Plantar fasciitis: likely")
    child.expect_exact("Enter: finish")
    child.sendline("")
    child.expect_exact("[ok] SELF-CARE: Look after this at home")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_ctrl_c_exits_130_without_a_traceback() -> None:
    child = spawn()
    start(child)
    child.sendintr()
    child.expect_exact("Save the 3 answers so far? File name (Enter to skip)")  # one screen, 3 answers
    child.sendline("")
    child.expect_exact("error: interrupted at question 'leg_pain'")
    child.expect(pexpect.EOF)
    output = child.before
    child.close()
    assert "Traceback" not in output
    assert child.exitstatus == 130


def test_ctrl_c_at_the_opening_screen_says_nothing_was_asked_and_is_no_error() -> None:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", "LINES": "24", "TERM": "xterm", "PYTHONPATH": ROOT}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "footspine", "check"],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(24, 80),
    )
    child.expect_exact("Press any key to start")
    child.sendintr()
    child.expect_exact("Stopped before the first question; nothing was asked or saved.")
    child.expect(pexpect.EOF)
    shown = child.before
    child.close()
    assert "error" not in shown and "--answer" not in shown and child.exitstatus == 130


def test_ctrl_c_offers_to_save_and_the_file_resumes_the_interview(tmp_path: Path) -> None:
    target = tmp_path / "partial.json"
    child = spawn()
    interrupt_at_question_3(child)
    child.sendline(str(target))
    child.expect_exact(f"saved 4 answers to {target}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    saved = {"rf_cold_pale_foot": "no", "rf_dvt": "no", "rf_four_steps": "yes", "leg_pain": "none"}
    assert json.loads(target.read_text()) == saved
    assert target.stat().st_mode & 0o777 == 0o600
    resumed = spawn(["--answers", str(target)])
    resumed.expect_exact("4 answers given")
    resumed.expect_exact("Question 5 - ")  # numbered on from the answers loaded
    resumed.expect_exact("Do you notice any weakness")  # where the saved session stopped
    resumed.expect_exact("> ")  # Ctrl-C at the prompt, as a person would
    resumed.sendintr()  # nothing new answered: no offer to save, just the exit
    # On a loaded machine the first Ctrl-C was seen to go unanswered about once in six runs (an open
    # question, recorded with the hazard log's H13); a person presses it again, and so does this test.
    if resumed.expect_exact(["error: interrupted at question 'weakness'", pexpect.TIMEOUT], timeout=5):
        resumed.sendintr()
        resumed.expect_exact("error: interrupted at question 'weakness'")
    resumed.expect(pexpect.EOF)
    resumed.close()
    assert resumed.exitstatus == 130


def test_an_emergency_ends_the_interview_at_once() -> None:
    child = spawn(["--triage-exit-code", "--country", "GB"])
    answer(child, "Question 1 - ", "1")  # the cold foot ticked
    child.expect_exact("WARNING SIGN: A foot or leg that has suddenly gone cold")
    child.expect_exact("Call an ambulance or go to an emergency department now")
    child.expect_exact("Press Enter to stop the questions")
    child.expect_exact("> ")
    child.sendline("")  # Enter: the result now
    child.expect_exact("d: details")
    child.sendline("")
    child.expect_exact("[!!!] EMERGENCY: Call 999")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 12
    assert "Question 2" not in child.logfile_read.getvalue()


@pytest.mark.parametrize("stop", ["ctrl-c", "ctrl-d", "quit"])
def test_stopping_after_an_emergency_repeats_it_and_prints_no_error(stop: str) -> None:
    child = spawn(["--triage-exit-code", "--country", "GB"])
    answer(child, "Question 1 - ", "1")  # the cold foot ticked
    answer(child, "Press Enter to stop the questions", "more")
    child.expect_exact("Question 2 - ")
    child.expect_exact("> ")
    if stop == "ctrl-c":
        child.sendintr()
    elif stop == "ctrl-d":
        child.sendeof()
    else:
        child.sendline("quit")
    child.expect_exact("[!!!] EMERGENCY: Call 999")
    child.expect(pexpect.EOF)
    child.close()
    shown = child.logfile_read.getvalue()
    assert child.exitstatus == 12, shown
    assert "error:" not in shown and "Save the" not in shown


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


@pytest.mark.parametrize("reply", ["ctrl-c", "n", "no", "N"])
def test_declining_the_save_offer_writes_nothing(tmp_path: Path, reply: str) -> None:
    child = spawn(cwd=tmp_path)
    interrupt_at_question_3(child)
    if reply == "ctrl-c":
        child.sendintr()  # a second Ctrl-C: no save, just the exit
    else:
        child.sendline(reply)  # "no" to "Save the answers?", not a file called "no"
    child.expect_exact("error: interrupted at question 'weakness'")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert list(tmp_path.iterdir()) == []


def test_batch_shows_a_progress_bar_on_a_terminal_and_keeps_stdout_clean(tmp_path: Path) -> None:
    lines = tmp_path / "in.jsonl"
    lines.write_text('{"age": 40, "pain_area": ["heel_underside"]}\n' * 3000)
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TERM": "xterm", "PYTHONPATH": ROOT}
    child = pexpect.spawn(
        "/bin/sh",
        ["-c", f'"{sys.executable}" -m footspine batch "{lines}" > "{out}"'],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(10, 100),
    )
    child.expect_exact("100%")  # stderr is the terminal: the bar reaches the end of the file
    child.expect_exact("3,000 lines")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    records = out.read_text().splitlines()
    assert len(records) == 3000 and all(json.loads(r)["triage"] for r in records)


def final_screen(child: pexpect.spawn, rows: int = 24) -> list[str]:
    """What a person sees once footspine has ended: the last ``rows`` lines it wrote (at 80 columns
    nothing wraps, and footspine moves no cursor), without trailing spaces."""
    text = ANSI.sub("", child.logfile_read.getvalue()).replace("\r\n", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines[-rows:]


def play(
    child: pexpect.spawn,
    replies: dict[str, str],
    unsure: str = "unsure",
    finish: str = "Enter: finish",
    question_word: str = "Question ",
) -> str:
    """Answer every question by the first phrase of ``replies`` found in it (``unsure`` otherwise),
    then finish at the menu (which ends with ``finish``); returns all that was shown after the last
    answer. ``question_word`` starts each question's heading in the language spoken."""
    while True:
        index = child.expect_exact(["\n> ", finish])  # a question's prompt starts its line
        if index == 1:
            break
        question = " ".join(ANSI.sub("", child.before).rsplit(question_word, 1)[-1].split())
        reply = next((r for phrase, r in replies.items() if phrase in question), unsure)
        child.sendline(reply)
    after_questions = ANSI.sub("", child.logfile_read.getvalue()).rsplit(question_word, 1)[-1]
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    return after_questions


def test_an_emergency_at_80x24_ends_with_what_to_do_and_no_self_care(tmp_path: Path) -> None:
    """Saddle numbness with back and leg pain, played at 80x24 with the country set: the summary fits
    the screen, and the last line is the emergency and whom to call."""
    child = spawn(rows=24, cwd=tmp_path, FOOTSPINE_COUNTRY="GB")
    summary = play(child, {"around your bottom": "yes", "lower back": "yes", "leg?": "3", "How old": "48"})
    screen = final_screen(child)
    assert screen[-1] == "[!!!] EMERGENCY: Call 999 or go to an emergency department now."
    shown = "\n".join(screen)
    assert "footspine result: [!!!] EMERGENCY" in shown  # the urgency box is still on screen
    assert "Call 999 for an ambulance" in shown
    assert "WARNING SIGN: Numbness in the saddle area" in shown
    for self_care in ("Stay as active", "ibuprofen", "What usually helps", "Start with:", "URGENT"):
        assert self_care not in summary + shown
    assert child.exitstatus == 0


def test_heel_pain_at_80x24_ends_with_self_care_and_the_causes_on_screen(tmp_path: Path) -> None:
    child = spawn(rows=24, cwd=tmp_path)
    play(child, {k[:30]: v for k, v in HEEL_PAIN.items()})
    screen = final_screen(child)
    assert screen[-1] == "[ok] SELF-CARE: Look after this at home; get help if it does not settle."
    shown = "\n".join(screen)
    assert "footspine result: [ok] SELF-CARE" in shown
    assert re.search(r"Local +1\. Plantar fasciitis: likely", shown)
    assert "Start with:" in shown
    assert child.exitstatus == 0


def test_quit_offers_to_save_and_expands_the_home_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    child = spawn(HOME=str(home))
    start(child)
    child.sendline("1")  # no leg pain
    child.expect_exact("Question 3 - ")
    child.expect_exact("> ")
    child.sendline("quit")
    child.expect_exact("File name (Enter to skip)")
    child.sendline(str(tmp_path / "missing" / "a.json"))  # a folder that does not exist: asked again
    child.expect_exact("does not exist")
    child.expect_exact("File name (Enter to skip)")
    child.sendline("~/answers.json")
    child.expect_exact("saved 4 answers to")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    saved = {"rf_cold_pale_foot": "no", "rf_dvt": "no", "rf_four_steps": "yes", "leg_pain": "none"}
    assert json.loads((home / "answers.json").read_text()) == saved


def test_bash_completes_answer_values_after_the_equals_sign(tmp_path: Path) -> None:
    """In a real bash with footspine's completion script sourced: `-a pain_a<Tab>` gives `pain_area=`
    with no space after it, and `he<Tab><Tab>` then lists the choices starting so."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    installed = Path(sys.executable).parent / "footspine"  # the console script names the program
    if not installed.exists():
        pytest.skip("footspine is not installed as a command beside this Python")
    # The shell is named, not detected: detection looks for a shell among the parent processes,
    # and a test run started from a detached job has none.
    naming = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    shown = subprocess.run(
        [str(installed), "--show-completion", "bash"], capture_output=True, text=True, env=naming
    )
    assert shown.returncode == 0, shown.stderr
    script = shown.stdout
    assert "_footspine_completion" in script
    (tmp_path / "completion.bash").write_text(script)
    env = {**os.environ, "PATH": f"{installed.parent}:{os.environ['PATH']}", "PS1": "$ ", "TERM": "dumb"}
    child = pexpect.spawn(bash, ["--norc", "--noprofile"], env=env, encoding="utf-8", timeout=20)
    child.sendline(f"source {tmp_path / 'completion.bash'}; echo sourced")
    child.expect_exact("sourced")
    child.send("footspine check -a pain_a\t")
    child.expect_exact("pain_area=")
    child.send("X")
    child.expect_exact("X")
    assert child.before == ""  # no space was added after the '='

    child.send("\bhe\t")
    child.expect_exact("el_")  # completed to the choices' common start, heel_
    child.send("\t\t")  # ambiguous: a second Tab lists them
    child.expect_exact("heel_centre")  # bash sorts the list
    child.expect_exact("heel_underside")
    child.sendcontrol("c")
    child.send("footspine check --country N\t\t")  # country codes, not file names
    child.expect_exact("NL")
    child.expect_exact("NZ")
    child.sendcontrol("c")
    child.sendline("exit")
    child.expect(pexpect.EOF)


def test_ctrl_c_at_the_opening_screen_after_an_emergency_given_shows_it() -> None:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", "LINES": "40", "TERM": "xterm", "PYTHONPATH": ROOT}
    env.pop("FOOTSPINE_RULES", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "footspine", "check", "--triage-exit-code", "--country", "GB", "-a", "rf_cold_pale_foot=yes"],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 80),
    )
    child.logfile_read = io.StringIO()
    child.expect_exact("Press any key to start")
    child.sendintr()
    child.expect_exact("[!!!] EMERGENCY: Call 999")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 12
    assert "error:" not in child.logfile_read.getvalue()


def test_ctrl_c_after_an_urgent_warning_sign_shows_it_last() -> None:
    child = spawn(["--triage-exit-code", "--country", "GB"])
    answer(child, "Question 1 - ", "2")  # the calf ticked on the first checklist
    child.expect_exact("WARNING SIGN: A calf newly swollen or sore to press")
    child.expect_exact("Question 2 - ")
    child.expect_exact("> ")
    child.sendintr()
    child.expect_exact("[!!] URGENT: See a doctor today")
    child.expect(pexpect.EOF)
    child.close()
    shown = child.logfile_read.getvalue()
    assert child.exitstatus == 11, shown
    assert "error:" not in shown and "Save the" not in shown


def test_quit_at_the_menu_finishes_with_the_urgency_last(tmp_path: Path) -> None:
    answers = tmp_path / "a.json"
    given = {"rf_cold_pale_foot": "no", "rf_dvt": "no", "rf_four_steps": "yes", "leg_pain": "none"}
    answers.write_text(json.dumps(given))
    child = spawn(["--answers", str(answers)])
    while child.expect_exact(["\n> ", "Enter: finish"]) == 0:
        child.sendline("unsure")
    child.sendline("quit")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.logfile_read.getvalue()[-300:]
    assert final_screen(child)[-1].startswith("[")  # the urgency line, not an error


def test_arrow_keys_edit_an_answer_as_in_a_shell() -> None:
    """Type "1x", move left over the x and delete it: the answer is "1", not escape codes."""
    child = spawn()
    start(child)
    child.send("1x\x1b[D\x1b[3~\r")
    index = child.expect_exact(["Question 3 - ", "Not understood"])
    assert index == 0, child.before
    child.sendintr()
    child.close()


def test_the_key_reader_is_loaded_before_the_opening_screen_waits_for_a_key() -> None:
    """A Ctrl-C during that lazy import would be dropped by Python (seen on a loaded CI machine)."""
    code = (
        "import sys, typer; from footspine.session import _key_reader_loaded; _key_reader_loaded(); "
        "print(typer.getchar.__module__.rpartition('.')[0] + '._termui_impl' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "True"
