"""Swapped roles: the card's own words with two subjects' attributes exchanged."""

from __future__ import annotations

from assistant.grading.roles import card_roles, swapped_roles

NORMS = [
    "Layer norm normalizes across features for each sample",
    "while batch norm normalizes across the batch for each feature",
    "Layer norm is independent of batch size and works well with variable-length sequences",
    "while batch norm uses batch statistics",
]
QKV = [
    "They are vectors derived from the input that help compute attention scores:",
    "Query asks what to focus on, Key represents the content to compare against, and Value holds the "
    "actual information to be combined.",
]
MODELS = [
    "BERT: Utilizes Transformer Encoder blocks. It is a deeply bidirectional model pre-trained via "
    "autoencoding objectives like Masked Language Modeling (Mask LM) and Next Sentence Prediction (NSP).",
    "GPT: Utilizes Transformer Decoder blocks. It is a strictly autoregressive, unidirectional model that "
    "processes tokens left-to-right, looping its own generation outputs back into inputs.",
]


def test_subjects_come_from_labels_and_from_clause_heads():
    assert sorted(card_roles(NORMS)) == ["batch", "layer"]
    assert sorted(card_roles(QKV)) == ["key", "queri", "valu"]
    assert sorted(card_roles(MODELS)) == ["bert", "gpt"]
    assert card_roles(["Scaling prevents large dot products, which keeps softmax stable."]) == {}


def test_swapped_attributes_are_found():
    answer = "Layer norm normalizes across the batch for each feature, while batch norm works on each sample."
    assert swapped_roles(NORMS, answer) == {"layer", "batch"}
    answer = "Value asks what to focus on, Query represents the content to compare against, Key holds it."
    assert swapped_roles(QKV, answer) == {"key", "queri", "valu"}
    answer = "BERT uses decoder blocks and is autoregressive left-to-right, while GPT uses encoder blocks."
    assert swapped_roles(MODELS, answer) == {"bert", "gpt"}


def test_right_roles_in_other_words_pass():
    answer = (
        "Layer norm normalizes over the features of each example, so it does not depend on the batch size; "
        "batch norm normalizes each feature over the batch and relies on batch statistics."
    )
    assert swapped_roles(NORMS, answer) == frozenset()
    answer = (
        "The query says what to look for, the key is what gets compared, the value carries the information."
    )
    assert swapped_roles(QKV, answer) == frozenset()
    answer = "BERT is an encoder, bidirectional, trained with masked LM; GPT is a decoder, autoregressive."
    assert swapped_roles(MODELS, answer) == frozenset()
