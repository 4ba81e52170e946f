"""The rules behind :mod:`assistant.examples.routing`: keyword patterns and parameter tables.

Kept apart from the parsing logic so that adding a phrasing means editing data, not code. How
arrays are named is in :mod:`assistant.examples.reader_rules`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

NUM = r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(?!\.\d|[eE][-+]?\d|\d)"  # 4000 or 4,000, not 3.5 or 1e9
FLOAT = r"(-?\d*\.?\d+(?:e-?\d+)?)"
IS = r"\s*(?:=|:|of|is|at)?\s*"

SCALARS: tuple[tuple[str, str, Callable[[str], Any]], ...] = (
    ("tokens", rf"\b{NUM}[- ]?(?:tokens?|words?|vectors?|inputs?)\b", int),
    ("tokens", rf"\bsequence(?: of)? length{IS}{NUM}", int),
    ("tokens", rf"\b{NUM} (?:scores|logits)\b", int),
    ("tokens", rf"\bseq_len{IS}{NUM}\b", int),
    ("n", rf"\bn\s*=\s*{NUM}", int),
    ("d_k", rf"\bd_?k{IS}{NUM}", int),
    ("d_v", rf"\bd_?v{IS}{NUM}", int),
    ("d_ff", rf"\bd_?ff{IS}{NUM}", int),
    ("d_model", rf"\bd_?model{IS}{NUM}", int),
    (
        "d_model",
        rf"\b(?:hidden size|model (?:dimension|width)|embedding (?:dimension|size)|dimension){IS}{NUM}",
        int,
    ),
    ("d_model", rf"\b{NUM}[- ]dim(?:ensional)?\b", int),
    ("gain", rf"\b(?:gain|gamma|γ)(?: of| is| =)?{IS}{FLOAT}(?!\s*[\[(])", float),
    ("bias", rf"\b(?:bias|beta|β)(?: of| is| =)?{IS}{FLOAT}(?!\s*[\[(])", float),
    ("d", rf"\bd\s*=\s*{NUM}", int),
    ("heads", rf"\b{NUM}[- ]?(?:attention[- ])?heads?\b", int),
    ("heads", rf"\b(?:heads|num_heads|n_heads|h){IS}{NUM}", int),
    ("position", rf"\b(?:position|pos)(?: index| number)?{IS}{NUM}", int),
    ("position", rf"\bpe\s*\(\s*{NUM}\s*\)", int),
    ("shift", rf"\b(?:shift(?:ed)?|offset)(?: by| of)?{IS}(-?\d+)", int),
    ("shift", r"\bk\s*=\s*(-?\d+)", int),
    ("step", rf"\bstep(?: number)?{IS}{NUM}", int),
    ("step", rf"\b(?:after|at) {NUM} (?:training )?steps\b", int),
    ("warmup", rf"\bwarmup_steps{IS}{NUM}", int),
    ("warmup", rf"\bwarm-?\s?up(?: steps)?{IS}{NUM}", int),
    ("warmup", rf"\b{NUM} warm-?\s?up(?: steps)?", int),
    ("n_layers", rf"\b{NUM}[- ](?:transformer |encoder |decoder )?(?:layers?|blocks?)\b", int),
    ("n_layers", rf"\bn_layers?{IS}{NUM}", int),
    ("seed", rf"\bseed{IS}{NUM}", int),
    ("temperature", rf"\b(?:temperature|temp|tau|τ)(?: of| is| =| at| set to)?{IS}{FLOAT}", float),
    ("temperature", rf"\bt\s*=\s*{FLOAT}", float),
    ("epsilon", r"\b(\d+(?:\.\d+)?)\s*% (?:label[- ])?smoothing", lambda v: float(v) / 100),
    ("epsilon", rf"\b(?:epsilon|ε|label smoothing|smoothing)(?: factor)?{IS}{FLOAT}", float),
    ("eps", rf"\beps{IS}{FLOAT}", float),
    ("classes", rf"\b{NUM} classes\b", int),
    ("classes", rf"\bclasses{IS}{NUM}", int),
    ("vocab_size", rf"\bvocab(?:ulary)?(?: size)?{IS}{NUM}", int),
    ("vocab_size", rf"\b{NUM}[- ]token vocab(?:ulary)?", int),
    ("source_tokens", rf"\b{NUM} (?:source|encoder|memory) (?:tokens|positions|states)\b", int),
    ("states", rf"\b{NUM} (?:encoder |hidden )?states\b", int),
)

PRESETS = (
    (r"gpt-?2[- ]?(?:xl|extra[- ]large)", "gpt2-xl"),
    (r"gpt-?2[- ]?large", "gpt2-large"),
    (r"gpt-?2[- ]?medium", "gpt2-medium"),
    (r"gpt-?2(?:[- ]?small)?", "gpt2-small"),
    (r"bert[- ]?large", "bert-large"),
    (r"bert(?:[- ]?base)?", "bert-base"),
)

EFFECT = r"(?:influence|weight|contribut|effect|zero|\by_?i\b|output|attention|softmax)"

# (kind, pattern) in priority order; the first match wins.
KIND_RULES: tuple[tuple[str, str], ...] = (
    (
        "orthogonal_influence",
        rf"\b(?:orthogonal|perpendicular)\b.*{EFFECT}|{EFFECT}.*\b(?:orthogonal|perpendicular)\b",
    ),
    (
        "param_count",
        r"(?:how many|count|number of|total)\b.*\bparam|\bparam(?:eter)?s?\b.*\b(?:gpt|bert)|parameter count",
    ),
    (
        "layer_cost",
        r"\bflops?\b|complexity|per[- ]layer cost|sequential (?:steps|operations)|path length|"
        r"recurrent|\brnn\b",
    ),
    ("lr_schedule", r"learning[- ]rate|\blr\b|warm-?\s?up|noam"),
    (
        "label_smoothing",
        r"label[- ]smooth|smoothed|cross[- ]entropy|\bnll\b|negative log[- ]likelihood|"
        r"\blogits?\b.*\b(?:correct|true|target|gold) (?:class|label)|\bloss\b.*\blogits?\b",
    ),
    (
        "positional_encoding",
        r"positional[- ]?(?:encoding|embedding)|position encoding|sinusoid|\bpe\s*\(|\bpe (?:for|at|of)\b",
    ),
    ("decoder_layer", r"decoder (?:layer|block)|cross[- ]attention|encoder[- ]decoder attention"),
    (
        "encoder_layer",
        r"encoder (?:layer|block)|transformer (?:layer|block)|pre-?\s?(?:norm|ln)|post-?\s?(?:norm|ln)",
    ),
    ("layer_norm", r"layer[- ]?norm|batch[- ]?norm|normali[sz]ation"),
    ("ffn", r"feed[- ]?forward|\bffn\b|\bmlp\b|position[- ]wise"),
    ("lm_head", r"\blm head|language[- ]model(?:ing)? head|next[- ]token|unembedding|vocabulary"),
    (
        "alignment_scores",
        r"alignment|additive attention|bahdanau|luong|score functions?|cosine (?:score|similarity)",
    ),
    ("multihead", r"multi[- ]?head|\d+[- ]?(?:attention[- ])?heads?\b"),
)

TRIGGER = re.compile(
    r"\b(?:work(?:ed)?[- ]?(?:through|out|example)|numbers|numeric(?:al(?:ly)?)?|examples?|"
    r"demo(?:nstrate)?|plug in|"
    r"show (?:me )?(?:the |a |an )?(?:numbers|math|calculation|computation|values|example|heatmap))\b"
)
#: Phrases that ask for a computation only when they are the request itself ("compute the
#: softmax of ..."), not when they name a purpose ("why do we use softmax to calculate
#: self-attention?") or ask for an explanation ("walk me through the steps of the encoder").
WEAK_TRIGGER = re.compile(
    r"\b(?:compute|calculate|calc|evaluate|how many|walk (?:me )?through|step[- ]by[- ]step|"
    r"what (?:is|are|would be) the (?:value|values|output|result))\b"
)
IMPERATIVE = re.compile(r"^\s*(?:please |can you |could you )?(?:compute|calculate|calc|evaluate)\b")
PURPOSE = re.compile(r"\b(?:to|used to|in order to|when we|we) (?:compute|calculate|calc|evaluate)\b")
QUESTION_START = re.compile(
    r"^\s*(?:why|what|how (?!many)|when|which|where|who|in what|is|are|does|do|can|should|detail|"
    r"explain|describe|walk|step)\b"
)
CONCEPTUAL = re.compile(
    r"^\s*(?:why|explain|how (?:does|do|is|are|can)|what(?:'s| is) the (?:difference|intuition|purpose|role|"
    r"point|idea|meaning)|what does|when|in what way|is it (?:true|better))\b"
)


# Which generic names each kind takes, renamed where the kind calls it differently.
ACCEPTS: dict[str, dict[str, str]] = {
    "softmax": {"scores": "scores", "tokens": "tokens", "temperature": "temperature", "seed": "seed"},
    "attention": {
        **{n: n for n in ("Q", "K", "V", "X", "tokens", "d_k", "d_v", "mask", "seed", "padding_mask")},
        "n": "tokens",
    },
    "alignment_scores": {
        "s": "s",
        "H": "H",
        "states": "states",
        "tokens": "states",
        "d": "d",
        "seed": "seed",
    },
    "multihead": {n: n for n in ("X", "tokens", "d_model", "heads", "mask", "seed")},
    "orthogonal_influence": {"X": "X"},
    "positional_encoding": {"position": "position", "d_model": "d_model", "shift": "shift", "d": "d_model"},
    "layer_norm": {
        **{n: n for n in ("X", "tokens", "d_model", "eps", "gain", "bias", "seed")},
        "epsilon": "eps",
    },
    "ffn": {
        n: n for n in ("X", "tokens", "d_model", "d_ff", "activation", "seed", "W_1", "b_1", "W_2", "b_2")
    },
    "encoder_layer": {
        n: n for n in ("X", "tokens", "d_model", "heads", "d_ff", "norm", "mask", "activation", "seed")
    },
    "decoder_layer": {
        n: n
        for n in (
            "X",
            "memory",
            "tokens",
            "source_tokens",
            "d_model",
            "heads",
            "d_ff",
            "norm",
            "activation",
            "seed",
        )
    },
    "lm_head": {
        "h": "h",
        "U": "U",
        "vocab_size": "vocab_size",
        "d_model": "d_model",
        "temperature": "temperature",
        "seed": "seed",
    },
    "lr_schedule": {"step": "step", "warmup": "warmup", "d_model": "d_model"},
    "label_smoothing": {
        **{n: n for n in ("logits", "target", "tokens", "classes", "epsilon", "seed")},
        "vocab_size": "classes",
        "eps": "epsilon",
    },
    "param_count": {
        "preset": "preset",
        "style": "style",
        "n_layers": "n_layers",
        "d_model": "d_model",
        "vocab_size": "vocab_size",
        "d_ff": "d_ff",
    },
    "layer_cost": {"n": "n", "tokens": "n", "d": "d", "d_model": "d"},
}

NOT_A_REQUEST = re.compile(r"examples? of (?:where|when|how|why|uses?|applications?|tasks?)")
FLAG_NAMES = frozenset({"mask", "norm", "activation", "preset", "style"})
#: A question (not a command) that asks for a value: "what is the learning rate at step 100?".
VALUE_QUESTION = re.compile(r"^\s*(?:what|how (?:many|much|big|large|small))\b")
