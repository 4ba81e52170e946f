"""Which parameters of a request took a default: the "defaults used" note, exactly.

A parameter is named when the request did not set it and it changes the numbers: sizes that an
explicit input fixes (the rows of Q fix ``tokens``) or that only shape inputs the request gives
are left out; the seed is named only when something is drawn from it; an input drawn at random
is named as such ("random V").

Example:
    >>> from assistant.examples.catalog import validate_params
    >>> defaults_used("attention", validate_params("attention", {"Q": [[1, 0]], "K": [[1, 0]]}))
    ('no mask', 'random V', 'seed 0')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, get_args

from pydantic import BaseModel

__all__ = ["IMPLIED", "RANDOM_INPUTS", "RANDOM_WEIGHTS", "defaults_used"]

#: The inputs each kind draws at random when the request does not give them.
RANDOM_INPUTS: Mapping[str, tuple[str, ...]] = {
    "softmax": ("scores",),
    "attention": ("Q", "K", "V"),
    "alignment_scores": ("s", "H"),
    "multihead": ("X",),
    "layer_norm": ("X",),
    "ffn": ("X", "W_1", "b_1", "W_2", "b_2"),
    "encoder_layer": ("X",),
    "decoder_layer": ("X", "memory"),
    "lm_head": ("h", "U"),
    "label_smoothing": ("logits", "target"),
}
#: Kinds whose learned weights are always drawn from the seed.
RANDOM_WEIGHTS = frozenset({"alignment_scores", "multihead", "encoder_layer", "decoder_layer"})
#: Sizes an explicit input fixes, so that no default is used for them.
IMPLIED: Mapping[str, tuple[str, ...]] = {
    "Q": ("tokens", "d_k"),
    "K": ("d_k",),
    "V": ("d_v",),
    "X": ("tokens", "d_model"),
    "H": ("states", "d"),
    "s": ("d",),
    "h": ("d_model",),
    "U": ("vocab_size", "d_model"),
    "logits": ("tokens", "classes"),
    "scores": ("tokens",),
    "memory": ("source_tokens",),
    "target": ("tokens",),
    "W_1": ("d_model", "d_ff"),
    "W_2": ("d_model", "d_ff"),
    "b_1": ("d_ff",),
    "b_2": ("d_model",),
}
#: Parameters whose ``None`` default is worked out from the others (stated in the steps).
_DERIVED = {"d_v", "scale", "padding_mask", "gain", "bias"}


def _describe_default(kind: str, name: str, value: Any) -> str:
    if name == "tokens":
        return f"{value} random scores" if kind == "softmax" else f"{value} tokens"
    if name == "seed":
        return f"seed {value}"
    if name == "norm":
        return f"{value}-norm"
    if name == "d_ff":
        return "d_ff = 4·d_model"
    if name == "query":
        return "query = the last vector"
    if name == "X" and kind == "orthogonal_influence":
        return "x_0 = [1, 0], x_1 = [0, 1]"
    if name == "preset":
        return "the gpt2-small layout for anything not given"
    if name == "mask":
        return "no mask" if value == "none" else f"{value} mask"
    if isinstance(value, str):
        return f"{name} {value}"
    return f"{name} = {value:g}" if isinstance(value, float) else f"{name} = {value}"


def defaults_used(kind: str, validated: BaseModel) -> tuple[str, ...]:
    """Every parameter that took a default and changes the numbers, described for a reader.

    Sizes fixed by an explicit input (the rows of Q fix ``tokens``) and sizes of inputs that
    are all given are left out; the seed is named only when something is drawn from it; an
    input drawn at random is named as such.
    """
    fields = type(validated).model_fields
    given = validated.model_fields_set
    drawn = [n for n in RANDOM_INPUTS.get(kind, ()) if getattr(validated, n) is None]
    implied = {size for name in given for size in IMPLIED.get(name, ())}
    random = bool(drawn) or kind in RANDOM_WEIGHTS
    out = []
    for name, info in fields.items():
        if name in given or name in _DERIVED or name in RANDOM_INPUTS.get(kind, ()):
            continue
        value = getattr(validated, name)
        if name == "seed":
            continue
        if kind in RANDOM_INPUTS and name in _SIZES and (name in implied or not random):
            continue
        if get_args(info.annotation) == (value,):  # a one-value Literal (the decoder's mask)
            continue
        if value is None and name not in ("d_ff", "query", "preset"):
            continue
        if kind == "param_count" and (name != "preset" or given):
            continue
        if kind == "orthogonal_influence" and name == "query" and "X" not in given:
            continue
        out.append(_describe_default(kind, name, value))
    if kind == "orthogonal_influence" and "X" not in given:
        out.insert(0, _describe_default(kind, "X", None))
    if drawn and kind != "softmax":  # softmax says "4 random scores" already
        out.append(f"random {', '.join(drawn)}")
    if random and "seed" not in given:
        out.append(_describe_default(kind, "seed", getattr(validated, "seed", 0)))
    return tuple(out)


#: Sizes: only used to draw random inputs of that shape.
_SIZES = {"tokens", "d_k", "d_v", "d_model", "d_ff", "states", "d", "vocab_size", "classes", "source_tokens"}
