"""A real browser: Debian's chromium, headless, drives the UI through its flows.

Each flow saves a screenshot under ``artifacts/screenshots/``. One server serves the module,
over a private copy of the bundled store (the upload flow adds a deck to it).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.ui.conftest import SMALL_DECK

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PARAPHRASES = Path(__file__).resolve().parents[2] / "evals" / "data" / "paraphrases.jsonl"
TIMEOUT_MS = 30_000


def gold(paraphrase_id: str) -> tuple[str, set[str]]:
    """A student paraphrase from the evaluation set and the cards that answer it."""
    for line in PARAPHRASES.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if item["id"] == paraphrase_id:
            return item["question"], set(item["relevant"])
    raise KeyError(paraphrase_id)


@pytest.fixture(scope="module")
def server(copy_store, launch_ui):
    return launch_ui(copy_store())


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url)
    page.wait_for_selector("#question textarea", timeout=TIMEOUT_MS)
    yield page
    context.close()
    assert errors == [], errors


def ask(page, question: str, done: str) -> None:
    """Type ``question``, send it, and wait until the selector ``done`` shows in the chat."""
    page.fill("#question textarea", question)
    page.keyboard.press("Enter")
    page.locator(f"#chat {done}").last.wait_for(state="visible", timeout=TIMEOUT_MS)
    page.wait_for_timeout(400)  # let KaTeX and the scroll settle before a screenshot


def test_answer_links_reveal_the_right_source_card(page, server, screenshots):
    question, relevant = gold("p051")  # "why is QK^T divided by the sqrt of the key dimension?"
    ask(page, question, "details.source")
    link = page.locator("#chat a.cite").first
    assert link.inner_text() == "[1]"
    panel = page.locator("#chat details.source").first
    assert panel.get_attribute("id") == link.get_attribute("href").removeprefix("#")
    assert panel.evaluate("el => el.open") is False
    link.click()
    page.wait_for_function("id => document.getElementById(id).open", arg=panel.get_attribute("id"))
    expected = server.sa.ask(question).citations[0]
    assert expected.card_id in relevant
    assert panel.locator(".src-id").inner_text() == f"card {expected.card_id}"
    assert f"deck {expected.source}" in panel.locator(".src-meta").inner_text()
    first_line = expected.answer.split("\n")[0].split(".")[0]  # a paragraph of its own in the panel
    assert panel.locator("p", has_text=first_line).first.is_visible()
    page.wait_for_timeout(900)  # the panel's highlight fades
    page.screenshot(path=str(screenshots / "1-answer-with-source.png"))


def test_worked_example_shows_tables_and_heatmap(page, screenshots):
    ask(page, "Work through attention with 3 tokens and d_k = 4", "img")
    heatmap = page.locator("#chat img").last
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=heatmap.element_handle())
    assert page.locator("#chat").get_by_text("Tool call: worked_example(attention)").is_visible()
    assert page.locator("#chat .katex").count() >= 1  # the formula is typeset
    # The steps as tables: scroll to them; the attention weights row 0 of this example reads 0.4921.
    steps = page.locator("#chat p", has_text="Steps").first
    steps.evaluate("el => el.scrollIntoView({block: 'start'})")
    weights = page.locator("#chat table", has_text="0.4921").first
    weights.wait_for(state="visible")
    assert weights.locator("td", has_text="0.4921").count() >= 1
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshots / "2a-worked-example-steps.png"))
    # Then the end of the answer: the heatmap above the source cards.
    page.locator("#chat details.source").last.evaluate("el => el.scrollIntoView({block: 'end'})")
    page.wait_for_timeout(300)
    assert heatmap.is_visible()
    page.screenshot(path=str(screenshots / "2b-worked-example-heatmap.png"))


def test_upload_a_deck_see_the_diff_then_get_an_answer_from_it(page, server, tmp_path, screenshots):
    deck = tmp_path / "flash_attention.csv"
    deck.write_text(SMALL_DECK)
    page.get_by_role("tab", name="Decks").click()
    page.set_input_files("#upload input[type=file]", str(deck))
    page.locator("#upload").get_by_text("flash_attention.csv").first.wait_for(timeout=TIMEOUT_MS)
    page.click("#ingest")
    report = page.locator("#report")
    report.get_by_text("Added (3)").wait_for(timeout=TIMEOUT_MS)
    assert "Read flash_attention.csv (semicolon-csv)." in report.inner_text()
    assert report.get_by_text("What is FlashAttention?").is_visible()
    page.fill("#cards-search textarea", "FlashAttention")
    total = len(server.sa.cards())  # the bundled cards (and any deck other tests added) plus these 3
    page.locator("#card-count").get_by_text(f"3 of {total} cards shown").wait_for(timeout=TIMEOUT_MS)
    page.screenshot(path=str(screenshots / "3a-upload-diff-report.png"), full_page=True)

    page.get_by_role("tab", name="Chat").click()
    ask(page, "Does FlashAttention approximate the softmax?", "details.source")
    page.locator("#chat a.cite").first.click()
    first = page.locator("#chat details.source").first
    assert "deck flash_attention.csv" in first.locator(".src-meta").inner_text()
    assert first.get_by_text("online softmax").is_visible()
    page.wait_for_timeout(900)
    page.screenshot(path=str(screenshots / "3b-answer-from-uploaded-deck.png"))


def test_decks_tab_lists_the_decks_and_removes_one_after_confirming(page, server, tmp_path, screenshots):
    deck = tmp_path / "remove_me.csv"
    deck.write_text(SMALL_DECK.replace("c0ffee00", "c0ffee99").replace("FlashAttention", "RemoveMe"))
    page.get_by_role("tab", name="Decks").click()
    page.set_input_files("#upload input[type=file]", str(deck))
    page.locator("#upload").get_by_text("remove_me.csv").first.wait_for(timeout=TIMEOUT_MS)
    page.click("#ingest")
    page.locator("#report").get_by_text("Added (3)").wait_for(timeout=TIMEOUT_MS)
    table = page.locator("#decks")
    table.get_by_text("remove_me.csv", exact=True).wait_for(timeout=TIMEOUT_MS)
    decks = server.sa.decks()
    count = page.locator("#deck-count")
    total = sum(d.cards for d in decks)
    count.get_by_text(f"{len(decks)} decks: {total} cards").wait_for(timeout=TIMEOUT_MS)

    def choose(name: str) -> None:
        page.click("#deck-choice input")
        page.get_by_role("option", name=name, exact=True).click()

    choose("remove_me.csv")  # first changing one's mind: nothing is removed
    page.click("#remove-deck")
    confirm = page.locator("#remove-question")
    confirm.get_by_text("Remove remove_me.csv and its 3 cards").wait_for(timeout=TIMEOUT_MS)
    page.screenshot(path=str(screenshots / "6a-remove-deck-confirm.png"), full_page=True)
    page.click("#remove-cancel")
    page.locator("#removal").get_by_text("Nothing was removed.").wait_for(timeout=TIMEOUT_MS)
    assert not page.locator("#remove-confirm").is_visible()
    assert "remove_me.csv" in {d.name for d in server.sa.decks()}

    page.click("#remove-deck")
    confirm.get_by_text("Remove remove_me.csv and its 3 cards").wait_for(timeout=TIMEOUT_MS)
    page.click("#remove-yes")
    page.locator("#removal").get_by_text("Removed remove_me.csv: 3 cards and 0 practice prompts.").wait_for(
        timeout=TIMEOUT_MS
    )
    count.get_by_text(f"{len(decks) - 1} decks: {total - 3} cards").wait_for(timeout=TIMEOUT_MS)
    assert table.get_by_text("remove_me.csv", exact=True).count() == 0
    assert not page.locator("#remove-confirm").is_visible()
    assert "remove_me.csv" not in {d.name for d in server.sa.decks()}
    assert not any(c.source == "remove_me.csv" for c in server.sa.cards(include_practice=True))
    page.locator("#card-count").get_by_text(f"{total - 3} cards").wait_for(timeout=TIMEOUT_MS)
    page.screenshot(path=str(screenshots / "6b-deck-removed.png"), full_page=True)


def test_out_of_scope_question_shows_the_abstention(page, screenshots):
    ask(page, "What is the capital of Australia?", ".abstain")
    abstain = page.locator("#chat .abstain").last
    assert abstain.locator(".abstain-title").inner_text() == "Not in your cards"
    assert page.locator("#chat a.cite").count() == 0
    assert page.locator("#chat details.nearest").count() == 3
    page.screenshot(path=str(screenshots / "4-out-of-scope.png"))


def test_evaluate_shows_headline_plots_and_report_files(page, screenshots):
    page.get_by_role("tab", name="Evaluate").click()
    for name in ["verbatim", "leave-one-out", "out-of-scope", "numeric"]:  # keep the run short
        page.get_by_label(name, exact=True).uncheck()
    page.click("#eval-run")
    page.locator("#eval-headline").get_by_text("paraphrase hit@1").wait_for(timeout=120_000)
    assert page.locator("#eval-summary").get_by_text("Asked in your own words").is_visible()
    assert page.locator("#eval-plots img").count() >= 1
    files = page.locator("#eval-files")
    for name in ["report.html", "report.md", "results.json", "per_question.csv"]:
        assert files.locator(f'a[download="{name}"]').count() == 1
    page.wait_for_timeout(500)
    page.screenshot(path=str(screenshots / "5-evaluate.png"), full_page=True)
