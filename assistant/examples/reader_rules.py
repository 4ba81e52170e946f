"""The vocabulary of :mod:`assistant.examples.reader`: how students name each input.

Data only: which words name which parameter of each kind, which words join several names
("Q, K and V are all ..."), and the words for class positions. Adding a phrasing means adding
a pattern here.
"""

from __future__ import annotations

import re

# ---- names of arrays, per kind ---------------------------------------------------------------
# (pattern, parameter). A pattern may capture a row index ("x_1", "k2"); such rows are stacked.
_IDX = r"_?\{?(\d{1,2})\}?"

_Q = (r"\bq" + _IDX + r"\b", "Q"), (r"\bq\b|\bquer(?:y|ies)\b(?: (?:vectors?|matrix|rows?))?", "Q")
_K = (r"\bk" + _IDX + r"\b", "K"), (r"\bk\b|\bkeys?\b(?: (?:vectors?|matrix|rows?))?", "K")
_V = (r"\bv" + _IDX + r"\b", "V"), (r"\bv\b|\bvalues?\b(?: (?:vectors?|matrix|rows?))?", "V")
_X_WORDS = (
    r"\bx\b|\binputs?\b|\bembeddings?\b|\btoken (?:vectors?|embeddings?)\b|\bvectors?\b|\bmatrix\b|"
    r"\bactivations?\b|\bhidden states?\b|\brows?\b|\bsequence\b|\btokens?\b|\bfeatures?\b|\bdata\b|"
    r"\bbatch\b"
)
_X = (r"\bx" + _IDX + r"\b", "X"), (_X_WORDS, "X")
_MASK = (r"\b(?:key[_ ])?padding[_ ]mask\b|\bpad(?:ding)? mask\b|\bkey_padding_mask\b", "padding_mask")
_GAIN = (r"\bgamma\b|γ|\bgains?\b|\bscale (?:vector|parameters?)\b|\bweights?\b", "gain")
_BIAS = (r"\bbeta\b|β|\bbias(?:es)?\b|\bshift (?:vector|parameters?)\b", "bias")

ARRAY_NAMES: dict[str, tuple[tuple[str, str], ...]] = {
    "softmax": (
        (r"\bscores?\b|\blogits?\b|\bvector\b|\bvalues\b|\bnumbers\b|\binputs?\b|\bx\b|\bz\b", "scores"),
    ),
    "attention": (*_Q, *_K, *_V, _MASK, (r"\bx\b|\binputs?\b|\bembeddings?\b|\btoken vectors?\b", "X")),
    "alignment_scores": (
        (r"\bh" + _IDX + r"\b", "H"),
        (r"\bs\b|\bs_[ti]\b|\bdecoder (?:hidden )?state\b|\bquery(?: vector)?\b", "s"),
        (
            r"\bh\b|\bh_j\b|\bencoder (?:hidden )?states?\b|\bhidden states\b|\bstates\b|\bkeys\b|"
            r"\bannotations\b|\bencoder outputs?\b",
            "H",
        ),
    ),
    "multihead": (*_X,),
    "orthogonal_influence": (*_X,),
    "layer_norm": (_GAIN, _BIAS, *_X),
    "ffn": (
        (r"\bw_?\{?1\}?\b|\bw\^?\(1\)", "W_1"),
        (r"\bw_?\{?2\}?\b|\bw\^?\(2\)", "W_2"),
        (r"\bb_?\{?1\}?\b|\bb\^?\(1\)", "b_1"),
        (r"\bb_?\{?2\}?\b|\bb\^?\(2\)", "b_2"),
        *_X,
    ),
    "encoder_layer": (*_X,),
    "decoder_layer": (
        (r"\bmemory\b|\bencoder (?:outputs?|states?)\b|\bsource(?: states| vectors)?\b", "memory"),
        *_X,
    ),
    "lm_head": (
        (
            r"\bu\b|\bunembedding(?: matrix)?\b|\b(?:output )?embedding matrix\b|\bw_?u\b|"
            r"\bvocab(?:ulary)? (?:matrix|embeddings|vectors)\b|\bword embeddings\b|\bmatrix\b",
            "U",
        ),
        (
            r"\bh\b|\bh_t\b|\b(?:final |last )?hidden(?: state)?(?: vector)?\b|\bstate\b|\bvector\b",
            "h",
        ),
    ),
    "label_smoothing": (
        (r"\blogits?\b|\bscores?\b|\boutputs?\b|\bpredictions?\b|\bvector\b", "logits"),
        (r"\btargets?\b|\blabels?\b|\bclass(?:es)? indices\b|\bgold\b|\bclasses\b", "target"),
    ),
    "positional_encoding": (),
    "lr_schedule": (),
    "param_count": (),
    "layer_cost": (),
}

#: Where a kind puts an array nobody named: 1-D arrays, then 2-D arrays.
UNNAMED: dict[str, tuple[str | None, str | None]] = {
    "softmax": ("scores", "scores"),
    "attention": (None, None),
    "alignment_scores": ("s", "H"),
    "multihead": ("X", "X"),
    "orthogonal_influence": ("X", "X"),
    "layer_norm": ("X", "X"),
    "ffn": ("X", "X"),
    "encoder_layer": ("X", "X"),
    "decoder_layer": ("X", "X"),
    "lm_head": ("h", "U"),
    "label_smoothing": ("logits", "logits"),
}

#: Parameters that are vectors (a one-row or one-column matrix is read as a vector).
VECTORS = frozenset({"scores", "s", "h", "gain", "bias", "target", "padding_mask", "b_1", "b_2"})
#: Parameters that are integer vectors.
INTEGERS = frozenset({"target"})

# ---- joining several names to one array ------------------------------------------------------
#: Between two names of one array: "Q, K and V", "queries = keys", "Q/K/V".
CHAIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|=|&|/|\band\b|\bas well as\b|\bplus\b)\s*(?:the\s+)?$")
#: Between the last name and its array: "are all", "=", "is", "both equal".
FILLER = re.compile(
    r"^(?:\s|[=:,]|\b(?:is|are|be|were|was|all|both|each|equal|equals|set|to|given|by|as|of|the|a|an|"
    r"matrix|vectors?|rows?|following|like|being|say|here|its|their|with|just|simply|"
    r"identical|same|we have|have|use|using|takes?|\(|\)|→|:=)\b)*$"
)
#: How far before an array its name may be written.
LABEL_WINDOW = 90

# ---- classes in words ------------------------------------------------------------------------
ORDINALS = {
    "first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
    "fifth": 4, "5th": 4, "sixth": 5, "6th": 5, "seventh": 6, "7th": 6, "eighth": 7, "8th": 7,
    "ninth": 8, "9th": 8, "tenth": 9, "10th": 9, "last": -1,
}  # fmt: skip
_ORD = "|".join(sorted(ORDINALS, key=len, reverse=True))
_CLASS_NOUN = r"(?:class|label|token|answer|category|index|entry|logit|one|position|word)"
CLASS_PATTERNS: tuple[re.Pattern[str], ...] = (
    # "the correct class is the first one", "the target is the second", "true label: third"
    re.compile(
        rf"\b(?:correct|true|target|gold|right|ground[- ]truth|actual)\b(?:\s+{_CLASS_NOUN})?"
        rf"\s*(?:is|=|:|being)?\s*(?:the\s+)?(?P<ord>{_ORD})\b(?:\s+{_CLASS_NOUN})?"
    ),
    # "the first class is the correct one", "the second one is correct"
    re.compile(rf"\bthe (?P<ord>{_ORD}) {_CLASS_NOUN} is (?:the )?(?:correct|right|true|target|gold)\b"),
    # "class 0", "target class 2", "label = 1", "true class index 3", "target = 2"
    re.compile(
        r"\b(?:(?:correct|true|target|gold|right)\s+)?(?:class|label)(?:\s+index)?\s*(?:is\s*|=\s*|:\s*|#\s*)?"
        r"(?P<num>\d+)\b"
    ),
    re.compile(r"\b(?:target|correct|true)(?: index)?\s*(?:is\s*|=\s*|:\s*)?(?P<num>\d+)\b"),
    # "with the second class correct", "for the third class"
    re.compile(rf"\b(?:the )?(?P<ord>{_ORD}) (?:class|label|category)\b"),
)

# ---- padding in words ------------------------------------------------------------------------
_COUNT = r"(?P<n>\d+|one|two|three|four|five)"
PADDING_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(
        rf"\b(?:the )?last(?: {_COUNT})? (?:tokens?|keys?|positions?|words?|entries)"
        r"(?: (?:is|are))? (?:padding|padded|a pad|pad tokens?|masked(?: out)?|ignored)\b"
    ),
    re.compile(
        rf"\b(?:mask(?: out)?|ignore|pad) the last(?: {_COUNT})? (?:tokens?|keys?|positions?|words?)\b"
    ),
)
WORD_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
