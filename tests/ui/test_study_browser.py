"""The Study tab in a real browser (Debian's chromium, headless): answer a card, see the grade
marked on the card, override the rating, get the next card; the review is in the database."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def server(copy_store, launch_ui):
    return launch_ui(copy_store(), auth=("ada", "secret"))


def test_study_a_card_override_the_rating_and_see_the_next(browser, server, screenshots):
    sa = server.sa
    first, second = sa.due(2, user="ada")
    context = browser.new_context(viewport={"width": 1280, "height": 1100})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url)
    page.fill("input[type=text]", "ada")
    page.fill("input[type=password]", "secret")
    page.keyboard.press("Enter")
    page.get_by_role("tab", name="Study").click(timeout=TIMEOUT_MS)
    page.click("#study-start")
    card = page.locator("#study-card")
    card.get_by_text("Card 1 of 10").wait_for(timeout=TIMEOUT_MS)
    assert card.get_by_role("heading").inner_text() == first.question
    answer = " ".join(first.card.answer.split())
    page.fill("#study-answer textarea", answer)
    page.click("#study-check")
    verdict = page.locator("#study-grade .study-verdict")
    verdict.wait_for(timeout=TIMEOUT_MS)
    assert verdict.inner_text().startswith("Correct · score 1.00 · rating ")
    proposed = verdict.locator("b").nth(1).inner_text()
    assert proposed in ("good", "easy")
    covered = page.locator("#study-grade .study-answer mark.kp-covered")
    assert covered.count() == len(sa.grade(first.card_id, answer).covered) >= 1
    assert page.locator("#study-keep").inner_text() == f"Keep: {proposed}"
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshots / "6a-study-grade.png"), full_page=True)

    page.click("#study-hard")  # override
    card.get_by_text("Card 2 of 10").wait_for(timeout=TIMEOUT_MS)
    status = page.locator("#study-status")
    assert status.get_by_text(f"(you changed it from {proposed})").is_visible()
    assert card.get_by_role("heading").inner_text() == second.question
    log = sa.study.history(user="ada")
    assert [(r.card_id, r.rating, r.overridden_from, r.verdict, r.answer) for r in log] == [
        (first.card_id, "hard", proposed, "correct", answer)
    ]

    page.click("#study-dont-know")
    verdict.get_by_text("Wrong").wait_for(timeout=TIMEOUT_MS)
    missed = page.locator("#study-grade .study-answer mark.kp-missed")
    assert missed.count() == len(sa.grade(second.card_id, "I don't know").missed) >= 1
    page.click("#study-explain")
    page.locator("#study-explanation").get_by_text("Explanation").first.wait_for(timeout=TIMEOUT_MS)
    page.click("#study-keep")
    card.get_by_text("Card 3 of 10").wait_for(timeout=TIMEOUT_MS)
    assert [r.rating for r in sa.study.history(user="ada")] == ["hard", "again"]
    page.locator("#study-plots img").first.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(2000)  # the plots are redrawn after the save
    page.screenshot(path=str(screenshots / "6b-study-next-card.png"), full_page=True)
    context.close()
    assert errors == [], errors
