"""The layout of each tab of the study UI; the events call :class:`ui.events.App`'s adapters.

Each builder is called inside its ``gr.Tab`` and returns the components that other tabs or
events need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import gradio as gr

from ui import handlers, modes
from ui.decks import DECK_COLUMNS
from ui.evaluation import HEADLINE_COLUMNS, set_choices
from ui.render import LATEX_DELIMITERS
from ui.report import CARD_COLUMNS

if TYPE_CHECKING:
    from ui.events import App

EXAMPLE_QUESTIONS = [
    "Why do we divide by sqrt(d_k) in attention?",
    "How do layer norm and batch norm differ?",
    "Work through attention with 3 tokens and d_k = 4",
    "What is the positional encoding of position 3 with d_model = 8?",
]
CHAT_PLACEHOLDER = (
    "**Ask a question about your cards.**\n\n"
    "Answers cite their cards as [n]; the cards themselves are listed under each answer. "
    'Ask for numbers ("work through attention with 3 tokens") to get a worked example.'
)


def chat_tab(app: App) -> tuple[gr.Chatbot, gr.Textbox, gr.Button]:
    chatbot = gr.Chatbot(
        label="Tutor",
        show_label=False,
        elem_id="chat",
        height=620,
        layout="panel",
        latex_delimiters=LATEX_DELIMITERS,
        placeholder=CHAT_PLACEHOLDER,
        buttons=["copy_all"],
        feedback_options=None,
        group_consecutive_messages=True,
    )
    with gr.Row(equal_height=True):
        box = gr.Textbox(
            placeholder="Ask about your cards…", show_label=False, scale=8, autofocus=True, elem_id="question"
        )
        send = gr.Button("Ask", variant="primary", scale=1, min_width=90, elem_id="ask")
    gr.Examples(EXAMPLE_QUESTIONS, inputs=box, label="Try one")
    return chatbot, box, send


def examples_tab(app: App) -> None:
    gr.Markdown(
        "Run a worked example with the local float64 PyTorch reference. Type a value for any "
        "parameter (a number, a word such as `causal`, or a matrix such as `[[1, 0], [0, 1]]`); "
        "empty means the default."
    )
    choices = handlers.example_choices()
    first = "attention" if any(v == "attention" for _, v in choices) else choices[0][1]
    kind = gr.Dropdown(choices=choices, value=first, label="Kind", elem_id="example-kind")
    params = gr.Dataframe(
        value=handlers.example_param_rows(first),
        headers=handlers.PARAM_COLUMNS,
        datatype=["str"] * len(handlers.PARAM_COLUMNS),
        type="array",
        interactive=True,
        static_columns=[0, 2, 3, 4],
        wrap=True,
        column_widths=["11%", "27%", "10%", "22%", "30%"],
        max_height=420,
        label="Parameters",
        elem_id="example-params",
    )
    run = gr.Button("Run", variant="primary", elem_id="example-run")
    with gr.Row():
        with gr.Column(scale=3):
            output = gr.Markdown(latex_delimiters=LATEX_DELIMITERS, elem_id="example-output")
        with gr.Column(scale=2):
            heatmap = gr.Image(
                label="Attention weights", show_label=False, type="filepath", interactive=False, visible=False
            )
    kind.change(handlers.example_param_rows, kind, params, api_visibility="private")
    run.click(app.run_example, [kind, params], [output, heatmap], api_name="example")


def decks_tab(app: App) -> tuple[Any, ...]:
    limit_mb = app.sa.settings.max_file_bytes / 1e6
    with gr.Row(equal_height=False):
        files = gr.File(
            file_count="multiple",
            type="filepath",
            label=f"Upload deck files (text, up to {limit_mb:g} MB each)",
            elem_id="upload",
            scale=3,
        )
        with gr.Column(scale=2):
            folder = gr.Textbox(
                label="…or a folder on this computer",
                placeholder="/home/me/decks",
                visible=app.options.folders_allowed,
                elem_id="folder",
            )
            ingest = gr.Button("Ingest", variant="primary", elem_id="ingest")
    report = gr.Markdown(elem_id="report")
    deck_rows, deck_count, deck_choice, removed = _deck_list(app)
    gr.Markdown("### Cards")
    with gr.Row(equal_height=True):
        search = gr.Textbox(
            label="Search",
            placeholder="words from the question, answer, deck or lint notes",
            scale=4,
            elem_id="cards-search",
        )
        lint_only = gr.Checkbox(label="Only cards with lint notes", scale=1)
        practice = gr.Checkbox(label="Include practice prompts", scale=1)
    count = gr.Markdown(elem_id="card-count")
    table = gr.Dataframe(
        headers=CARD_COLUMNS,
        datatype=["str", "str", "markdown", "markdown", "str"],
        latex_delimiters=LATEX_DELIMITERS,
        type="array",
        interactive=False,
        wrap=True,
        max_height=560,
        column_widths=["14%", "10%", "27%", "34%", "15%"],
        elem_id="cards",
    )
    filters = [search, lint_only, practice]
    ingested = ingest.click(
        app.ingest,
        [files, folder],
        [report, files],
        api_name="ingest",
        concurrency_limit=1,
        concurrency_id="ingest",
    ).then(app.cards, filters, [table, count], api_visibility="private")
    ingested.then(app.decks, None, [deck_rows, deck_count, deck_choice], api_visibility="private")
    removed.then(app.decks, None, [deck_rows, deck_count, deck_choice], api_visibility="private").then(
        app.cards, filters, [table, count], api_visibility="private"
    )
    gr.on(
        [search.submit, search.change, lint_only.change, practice.change],
        app.cards,
        filters,
        [table, count],
        api_visibility="private",
        show_progress="hidden",
    )
    return table, count, filters, ingested, removed, (deck_rows, deck_count, deck_choice)


def _deck_list(app: App) -> tuple[gr.Dataframe, gr.Markdown, gr.Dropdown, Any]:
    """The Decks tab's deck table and its remove button, which asks before it removes."""
    gr.Markdown("### Decks")
    deck_count = gr.Markdown(elem_id="deck-count")
    deck_rows = gr.Dataframe(
        headers=DECK_COLUMNS,
        datatype=["str"] * len(DECK_COLUMNS),
        type="array",
        interactive=False,
        wrap=True,
        max_height=320,
        column_widths=["22%", "12%", "7%", "8%", "6%", "15%", "30%"],
        elem_id="decks",
    )
    with gr.Row(equal_height=True):
        deck_choice = gr.Dropdown(
            choices=[], value=None, label="Deck to remove", scale=4, elem_id="deck-choice"
        )
        ask = gr.Button("Remove deck", variant="stop", scale=1, min_width=140, elem_id="remove-deck")
    with gr.Row(visible=False, equal_height=True, elem_id="remove-confirm") as confirm:
        question = gr.Markdown(elem_id="remove-question")
        yes = gr.Button("Remove", variant="stop", scale=0, min_width=110, elem_id="remove-yes")
        no = gr.Button("Cancel", scale=0, min_width=110, elem_id="remove-cancel")
    message = gr.Markdown(elem_id="removal")
    ask.click(app.ask_remove, deck_choice, [confirm, question, message], api_visibility="private")
    no.click(app.cancel_remove, None, [confirm, message], api_visibility="private")
    removed = yes.click(
        app.remove_deck,
        deck_choice,
        [confirm, message],
        api_name="remove",
        concurrency_limit=1,
        concurrency_id="ingest",
    )
    return deck_rows, deck_count, deck_choice, removed


def settings_tab(app: App) -> tuple[gr.Radio, gr.Slider, gr.Checkbox, gr.Markdown, gr.Markdown]:
    choice = app.modes
    mode = gr.Radio(
        modes.radio_choices(choice),
        value=choice.default,
        label="Mode",
        info=modes.radio_info(choice),
        interactive=choice.llm_available,
        elem_id="mode",
    )
    k = gr.Slider(1, 20, value=app.sa.settings.top_k, step=1, label="Cards retrieved per question (k)")
    show_scores = gr.Checkbox(value=True, label="Show retrieval scores on source cards")
    gr.Markdown("### Status")
    status = gr.Markdown(elem_id="status")
    gr.Markdown("### LLM endpoint")
    endpoint = gr.Markdown(elem_id="endpoint")
    with gr.Row():
        check = gr.Button("Check endpoint", size="sm", scale=0, min_width=160, elem_id="check-endpoint")
    mode.change(app.status, mode, status, api_visibility="private", show_progress="hidden")
    check.click(app.check_endpoint, None, endpoint, api_visibility="private")
    return mode, k, show_scores, status, endpoint


def evaluate_tab(app: App) -> None:
    gr.Markdown(
        "Measure how well the assistant finds and answers from your cards: the same run as "
        "`study eval`, over the store as it is now. Chats wait while it runs."
    )
    with gr.Row(equal_height=True):
        sets = gr.CheckboxGroup(set_choices(), value=set_choices(), label="Question sets", scale=4)
        baselines = gr.Checkbox(value=False, label="Compare with the retrieval baselines (slower)", scale=1)
    run = gr.Button("Run the evaluation", variant="primary", elem_id="eval-run")
    summary = gr.Markdown(elem_id="eval-summary")
    headline = gr.Dataframe(
        headers=HEADLINE_COLUMNS,
        datatype=["str", "str", "str"],
        type="array",
        interactive=False,
        label="Headline figures",
        elem_id="eval-headline",
    )
    plots = gr.Gallery(
        label="Plots",
        columns=2,
        height=840,
        object_fit="contain",
        format="png",
        interactive=False,
        elem_id="eval-plots",
    )
    files = gr.File(label="Report files", file_count="multiple", interactive=False, elem_id="eval-files")
    run.click(
        app.evaluate,
        [sets, baselines],
        [summary, headline, plots, files],
        api_name="evaluate",
        concurrency_limit=1,
        concurrency_id="ingest",
    )


def study_tab(app: App) -> None:
    """Quiz on the due cards: question, answer box, the grade marked on the card, rating buttons,
    the explanation after a miss, and the progress plots."""
    from ui.study import ALL_DECKS, deck_choices

    state = gr.State(None)
    with gr.Row(equal_height=True):
        deck = gr.Dropdown(deck_choices(app.sa), value=ALL_DECKS, label="Deck", scale=3, elem_id="study-deck")
        n = gr.Slider(1, 50, value=10, step=1, label="Cards", scale=2, elem_id="study-n")
        practice = gr.Checkbox(value=False, label="Include practice prompts (you rate them)", scale=2)
        start = gr.Button("Start", variant="primary", scale=1, min_width=90, elem_id="study-start")
    status = gr.Markdown(elem_id="study-status")
    card = gr.Markdown("Press **Start** to study the cards that are due.", elem_id="study-card",
                       latex_delimiters=LATEX_DELIMITERS)  # fmt: skip
    box = gr.Textbox(label="Your answer", lines=3, interactive=False, elem_id="study-answer")
    with gr.Row():
        check = gr.Button("Check my answer", variant="primary", interactive=False, elem_id="study-check")
        dont_know = gr.Button("I don't know", interactive=False, elem_id="study-dont-know")
    grade = gr.HTML(elem_id="study-grade")
    with gr.Row():
        keep = gr.Button("Keep the rating", variant="primary", interactive=False, elem_id="study-keep")
        rating_buttons = [
            gr.Button(name.capitalize(), interactive=False, elem_id=f"study-{name}")
            for name in ("again", "hard", "good", "easy")
        ]
        explain = gr.Button("Explain", interactive=False, elem_id="study-explain")
    explanation = gr.Markdown(elem_id="study-explanation", latex_delimiters=LATEX_DELIMITERS)
    gr.Markdown("### Progress")
    refresh = gr.Button("Refresh progress", size="sm", elem_id="study-refresh")
    plots = gr.Gallery(label="Progress", columns=2, height=560, object_fit="contain", format="png",
                       interactive=False, elem_id="study-plots")  # fmt: skip
    no_reviews = gr.Markdown(elem_id="study-no-reviews")
    outputs = [state, card, grade, status, box, check, dont_know, keep, *rating_buttons, explain, explanation]
    start.click(app.study_start, [deck, n, practice], outputs, api_name="study_start").then(
        app.study_plots, None, [plots, no_reviews], api_visibility="private"
    )
    gr.on([box.submit, check.click], app.study_answer, [state, box], outputs, api_name="study_answer")
    dont_know.click(app.study_dont_know, state, outputs, api_visibility="private")
    keep.click(app.study_rater(""), state, outputs, api_name="study_keep").then(
        app.study_plots, None, [plots, no_reviews], api_visibility="private"
    )
    for name, button in zip(("again", "hard", "good", "easy"), rating_buttons, strict=True):
        button.click(app.study_rater(name), state, outputs, api_name=f"study_{name}").then(
            app.study_plots, None, [plots, no_reviews], api_visibility="private"
        )  # the plots redrawn once the review is saved
    explain.click(app.study_explain, state, explanation, api_visibility="private")
    refresh.click(app.study_plots, None, [plots, no_reviews], api_visibility="private")
