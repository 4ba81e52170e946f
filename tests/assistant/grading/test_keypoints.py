"""Key points: exact spans of the card's answer, split where the card's structure says."""

from __future__ import annotations

from assistant.grading.keypoints import key_points
from ingest.cards import Card


def card(answer: str, question: str = "Q?") -> Card:
    return Card("c1", "deck.txt", question, answer)


def test_every_point_is_an_exact_span_of_the_answer():
    answer = (
        "Scaling by \\(\\sqrt{d_k}\\) prevents the dot product values from becoming too large, "
        "which can destabilize gradients and slow down training."
    )
    points = key_points(card(answer))
    assert [p.text for p in points] == [
        "Scaling by \\(\\sqrt{d_k}\\) prevents the dot product values from becoming too large",
        "which can destabilize gradients and slow down training.",
    ]
    assert all(answer[p.start : p.end] == p.text for p in points)


def test_a_run_together_list_after_a_colon_is_split_and_the_restated_question_dropped():
    answer = (
        "After the self-attention mechanism in an encoder: A residual connection is applied, adding the "
        "input to the attention output Layer normalization is performed on the combined result The "
        "normalized output is then passed to the feed-forward network"
    )
    points = key_points(card(answer, "What happens after the self-attention mechanism in an encoder?"))
    assert [p.text for p in points] == [
        "A residual connection is applied, adding the input to the attention output",
        "Layer normalization is performed on the combined result",
        "The normalized output is then passed to the feed-forward network",
    ]


def test_lines_labels_and_formulas():
    answer = (
        "Formula:\nFFN(x)=max(0,xW1+b1)W2+b2\nIt consists of two linear transformations with a ReLU "
        "activation in between."
    )
    points = key_points(card(answer))
    assert [(p.text, p.formula) for p in points] == [
        ("Formula:\nFFN(x)=max(0,xW1+b1)W2+b2", True),
        ("It consists of two linear transformations with a ReLU activation in between.", False),
    ]


def test_a_display_formula_is_its_own_point():
    answer = (
        "We apply the softmax function to the scaled scores to get attention weights: \\[ \\text{Attention "
        "Weights} = \\text{softmax} \\left( \\frac{\\mathbf{Q} \\mathbf{K}^\\top}{\\sqrt{d_k}} \\right) \\]"
    )
    points = key_points(card(answer))
    assert [p.formula for p in points] == [False, True]
    assert points[1].text.startswith("\\[ \\text{Attention")


def test_empty_answer_has_no_points():
    assert key_points(Card("p", "deck.txt", "Explain it.", "", kind="practice")) == ()
