"""``study quiz`` in a real terminal: the CLI runs in a pty (pexpect) as a student would use it.

Slow: each test starts the CLI, which loads the store and the embedding model.
"""

from __future__ import annotations

import signal

import pexpect
import pytest

from assistant.quiz.terminal import ANSWER_PROMPT, RATING_PROMPT, grade_text

pytestmark = pytest.mark.slow

#: Seconds to wait for the CLI: loading the model, a first grade (which embeds the cards).
WAIT = 240


def spawn(quiz_env, *args: str) -> pexpect.spawn:
    program, argv = quiz_env.command(*args)
    child = pexpect.spawn(
        program, argv, env=quiz_env.env, encoding="utf-8", timeout=WAIT, dimensions=(50, 250)
    )
    return child


def expect_lines(child: pexpect.spawn, text: str) -> None:
    """Wait for ``text`` exactly, line by line as the terminal shows it (CR LF line ends)."""
    child.expect_exact(text.replace("\n", "\r\n"))


def answer(child: pexpect.spawn, text: str) -> None:
    child.expect_exact(ANSWER_PROMPT)
    child.sendline(text)


def rate(child: pexpect.spawn, choice: str) -> None:
    child.expect_exact(RATING_PROMPT)
    child.sendline(choice)


def test_a_quiz_in_the_terminal(quiz_env):
    sa = quiz_env.sa
    first, second, third = sa.due(3, user="pty")
    assert all(c.is_new for c in (first, second, third))
    child = spawn(quiz_env, "-n", "3", "--user", "pty")
    expect_lines(
        child,
        'Quiz for pty: 3 card(s). Type your answer and press Enter; "?" means I don\'t know, "q" quits.\n\n'
        f"[1/3] {first.card.source} · new\nQ: {first.question}\n",
    )
    # 1: the card's own answer, fast: correct, proposed easy; overridden to good.
    answer(child, " ".join(first.card.answer.split()))
    expected = sa.grade(first.card_id, " ".join(first.card.answer.split()), elapsed_s=1.0)
    assert (expected.verdict, expected.score, expected.rating) == ("correct", 0.9962, "easy")
    expect_lines(child, grade_text(expected) + "\n")
    expect_lines(child, "Enter keeps easy; a/h/g/e = again/hard/good/easy; q quits.\n")
    rate(child, "g")
    expect_lines(child, "saved: good; next review ")
    saved = sa.card_state(first.card_id, user="pty")
    assert saved is not None
    expect_lines(child, f"{saved.due:%Y-%m-%d %H:%M} UTC (learning)\n")
    # 2: "I don't know": wrong, again; explain, then Enter keeps again.
    expect_lines(child, f"[2/3] {second.card.source} · new\nQ: {second.question}\n")
    answer(child, "?")
    expected = sa.grade(second.card_id, "I don't know")
    expect_lines(child, grade_text(expected) + "\n")
    expect_lines(child, "Enter keeps again; a/h/g/e = again/hard/good/easy; x explains; q quits.\n")
    rate(child, "x")
    explanation = sa.ask(second.question)
    expect_lines(child, f"The card ({second.card.source}): {second.question}\n")
    expect_lines(child, "Explanation:\n" + explanation.text + "\n\n")
    expect_lines(child, f"[1] {explanation.citations[0].question} ({explanation.citations[0].source})\n")
    assert explanation.citations[0].card_id == second.card_id  # the missed card first
    rate(child, "")
    expect_lines(child, "saved: again; next review ")
    # 3: "I don't know", rated easy (days away: it does not come back).
    expect_lines(child, f"[3/3] {third.card.source} · new\nQ: {third.question}\n")
    answer(child, "?")
    rate(child, "e")
    expect_lines(child, "saved: easy; next review ")
    # learn-ahead: the queue is used up; the card answered again (due in a minute) comes back
    # before the one rated good (its 10-minute learning step). Quit at its answer prompt.
    expect_lines(child, f"[4/4] {second.card.source} · learning\nQ: {second.question}\n")
    answer(child, "q")
    expect_lines(
        child,
        "Session over: 3 card(s) reviewed and saved for pty: 1 correct, 0 partial, 2 wrong, 0 self-rated.\n"
        "Ratings: again 1, hard 0, good 1, easy 1; 2 override(s).\n",
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in (child.before or "")

    log = sa.study.history(user="pty")
    assert [(r.card_id, r.rating, r.overridden_from, r.verdict, r.answer) for r in log] == [
        (first.card_id, "good", "easy", "correct", " ".join(first.card.answer.split())),
        (second.card_id, "again", None, "wrong", "I don't know"),
        (third.card_id, "easy", "again", "wrong", "I don't know"),
    ]
    assert sa.card_state(third.card_id, user="pty").state == "review"


def test_practice_prompts_are_self_rated(quiz_env):
    sa = quiz_env.sa
    deck = "002_7cc387b997f9ce01"
    queue = sa.due(40, deck, user="practice", practice=True)
    n = next(i for i, c in enumerate(queue) if c.card.is_practice) + 1
    prompt = queue[n - 1]
    quiz_env.env["STUDY_LEARN_AHEAD_MINUTES"] = "0"  # the again cards wait for the next session
    child = spawn(quiz_env, "--deck", deck, "-n", str(n), "--user", "practice", "--practice")
    for _ in range(n - 1):
        answer(child, "?")
        rate(child, "")
    expect_lines(child, f"[{n}/{n}] {prompt.card.source} · practice prompt: rate yourself\n")
    answer(child, "the weights still sum to one")
    expect_lines(child, "Rate yourself: a = again, h = hard, g = good, e = easy; q quits.\n")
    rate(child, "")  # no grade to keep: asks again
    expect_lines(child, "study: a practice prompt has no grade to keep: rate it again, hard, good or easy\n")
    rate(child, "h")
    expect_lines(child, "saved: hard; next review ")
    expect_lines(child, f"Session over: {n} card(s) reviewed and saved for practice: ")
    child.expect(pexpect.EOF)
    log = sa.study.history(user="practice")
    assert (log[-1].card_id, log[-1].rating, log[-1].verdict, log[-1].answer) == (
        prompt.card_id,
        "hard",
        None,
        "the weights still sum to one",
    )
    assert len(log) == n


@pytest.mark.parametrize("how", ["eof", "ctrl-c"])
def test_end_of_input_and_ctrl_c_end_the_quiz_cleanly(quiz_env, how):
    child = spawn(quiz_env, "-n", "3", "--user", how)
    answer(child, "?")
    rate(child, "a")
    child.expect_exact("saved: again")
    child.expect_exact(ANSWER_PROMPT)
    if how == "eof":
        child.sendeof()
    else:
        child.sendintr()
    expect_lines(
        child,
        f"Session over: 1 card(s) reviewed and saved for {how}: "
        "0 correct, 0 partial, 1 wrong, 0 self-rated.\n",
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == (0 if how == "eof" else 130)
    assert "Traceback" not in (child.before or "")
    assert len(quiz_env.sa.study.history(user=how)) == 1


def test_sigkill_mid_quiz_loses_no_saved_review(quiz_env):
    """Answer 3 cards, send a 4th answer and SIGKILL the CLI while it grades: 3 reviews stay."""
    child = spawn(quiz_env, "-n", "6", "--user", "killed")
    for _ in range(3):
        answer(child, "?")
        rate(child, "h")
        child.expect_exact("saved: hard")
    answer(child, "attention weights sum to one")  # graded when the kill comes
    child.kill(signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL
    from assistant.api import StudyAssistant

    reopened = StudyAssistant(quiz_env.sa.settings)  # a new process's view: a fresh connection
    log = reopened.study.history(user="killed")
    assert [r.rating for r in log] == ["hard"] * 3
    assert all(reopened.card_state(r.card_id, user="killed").reviews == 1 for r in log)
