"""Validated parameters of each worked-example kind (untrusted input: LLM tool calls, users).

Every model forbids unknown fields and bounds every number so that a request cannot ask for
more than a readable example: at most ``MAX_TOKENS`` tokens, ``MAX_D_MODEL`` model width and
``MAX_HEADS`` heads for the kinds that compute tensors. The formula-only kinds
(``lr_schedule``, ``param_count``, ``layer_cost``) allow realistic sizes because they
compute a handful of scalars. Explicit matrices must be non-empty, rectangular and finite.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

MAX_TOKENS = 16
MAX_D_MODEL = 64
MAX_HEADS = 8
MAX_D_FF = 256
MAX_VOCAB = 64
MAX_SEED = 2**32 - 1

FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]


def _rectangular(rows: list[list[float]]) -> list[list[float]]:
    widths = {len(r) for r in rows}
    if len(widths) > 1:
        raise ValueError(f"rows must all have the same length, got lengths {sorted(widths)}")
    return rows


_Row = Annotated[list[FiniteFloat], Field(min_length=1, max_length=MAX_D_MODEL)]
Matrix = Annotated[
    list[_Row],
    Field(
        min_length=1,
        max_length=MAX_TOKENS,
        json_schema_extra={
            "type_name": "matrix (list of rows of numbers)",
            "limit": f"1-{MAX_TOKENS} rows x 1-{MAX_D_MODEL} columns, rectangular, finite",
        },
    ),
    AfterValidator(_rectangular),
]
Vector = Annotated[
    list[FiniteFloat],
    Field(
        min_length=1,
        max_length=MAX_D_MODEL,
        json_schema_extra={
            "type_name": "list of numbers",
            "limit": f"1-{MAX_D_MODEL} finite entries",
        },
    ),
]


def _tokens(default: int = 3) -> Any:
    return Field(default, ge=1, le=MAX_TOKENS, description="number of tokens (sequence length)")


def _width(default: int, what: str) -> Any:
    return Field(default, ge=1, le=MAX_D_MODEL, description=what)


def _seed() -> Any:
    return Field(0, ge=0, le=MAX_SEED, description="seed of torch.Generator for random inputs")


def _cols(m: list[list[float]] | None) -> int | None:
    return None if m is None else len(m[0])


def _rows(m: list[list[float]] | None) -> int | None:
    return None if m is None else len(m)


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def _agree(self, field: str, value: int, matrix: str, got: int | None) -> None:
        """An explicitly given size must match an explicitly given matrix."""
        if got is not None and field in self.model_fields_set and got != value:
            raise ValueError(f"{field} = {value} disagrees with {matrix}, which has {got}")


class SoftmaxParams(_Params):
    scores: Annotated[list[FiniteFloat], Field(min_length=1, max_length=MAX_TOKENS)] | None = Field(
        None, description=f"scores to normalise (1-{MAX_TOKENS} finite numbers)"
    )
    tokens: int = Field(4, ge=1, le=MAX_TOKENS, description="number of random scores")
    temperature: float = Field(1.0, gt=0, le=100, allow_inf_nan=False, description="τ")
    seed: int = _seed()

    @model_validator(mode="after")
    def _shapes(self) -> SoftmaxParams:
        self._agree("tokens", self.tokens, "the scores", None if self.scores is None else len(self.scores))
        return self


class AttentionParams(_Params):
    Q: Matrix | None = Field(None, description="queries, T_q x d_k")
    K: Matrix | None = Field(None, description="keys, T_k x d_k")
    V: Matrix | None = Field(None, description="values, T_k x d_v")
    tokens: int = _tokens()
    d_k: int = _width(4, "query/key width")
    d_v: int | None = Field(None, ge=1, le=MAX_D_MODEL, description="value width (default d_k)")
    mask: Literal["none", "causal"] = Field("none", description="causal hides later keys")
    scale: float | None = Field(None, gt=0, le=100, allow_inf_nan=False, description="1/√d_k")
    padding_mask: Annotated[list[bool], Field(min_length=1, max_length=MAX_TOKENS)] | None = Field(
        None,
        description="one entry per key, true where the key is padding and is masked out "
        "(as key_padding_mask in torch.nn.MultiheadAttention)",
    )
    seed: int = _seed()

    @model_validator(mode="after")
    def _shapes(self) -> AttentionParams:
        q_cols, k_cols = _cols(self.Q), _cols(self.K)
        if q_cols is not None and k_cols is not None and q_cols != k_cols:
            raise ValueError(f"Q has {q_cols} columns but K has {k_cols}; both must be d_k wide")
        if self.K is not None and self.V is not None and len(self.K) != len(self.V):
            raise ValueError(f"K has {len(self.K)} rows but V has {len(self.V)}; need one per key")
        self._agree("tokens", self.tokens, "the rows of Q", _rows(self.Q))
        self._agree("d_k", self.d_k, "the columns of Q/K", q_cols or k_cols)
        if self.d_v is not None:
            self._agree("d_v", self.d_v, "the columns of V", _cols(self.V))
        if self.padding_mask is not None:
            keys = _rows(self.K) or _rows(self.V) or _rows(self.Q) or self.tokens
            if len(self.padding_mask) != keys:
                raise ValueError(
                    f"padding_mask has {len(self.padding_mask)} entries but there are {keys} keys"
                )
            if all(self.padding_mask):
                raise ValueError("padding_mask masks every key; at least one must take part")
        return self


class AlignmentParams(_Params):
    s: Vector | None = Field(None, description="decoder state s, length n")
    H: Matrix | None = Field(None, description="encoder states h_j, one per row, N x n")
    states: int = Field(3, ge=1, le=MAX_TOKENS, description="number of encoder states N")
    d: int = _width(4, "state width n")
    d_a: int = _width(4, "hidden width of the additive scorer")
    seed: int = _seed()

    @model_validator(mode="after")
    def _shapes(self) -> AlignmentParams:
        if self.s is not None and self.H is not None and len(self.s) != len(self.H[0]):
            raise ValueError(f"s has {len(self.s)} entries but H rows have {len(self.H[0])}")
        self._agree("states", self.states, "the rows of H", _rows(self.H))
        self._agree("d", self.d, "the width of s/H", len(self.s) if self.s else _cols(self.H))
        return self


class _ModelWidth(_Params):
    """Shared by the kinds that take an input matrix X of shape (tokens, d_model)."""

    X: Matrix | None = Field(None, description="input token vectors, tokens x d_model")
    tokens: int = _tokens()
    seed: int = _seed()

    def _check_x(self, d_model: int) -> None:
        self._agree("tokens", self.tokens, "the rows of X", _rows(self.X))
        self._agree("d_model", d_model, "the columns of X", _cols(self.X))


def _check_heads(d_model: int, heads: int) -> None:
    if d_model % heads != 0:
        raise ValueError(f"heads = {heads} must divide d_model = {d_model}")


class MultiheadParams(_ModelWidth):
    d_model: int = _width(8, "model width")
    heads: int = Field(2, ge=1, le=MAX_HEADS, description="number of heads h")
    mask: Literal["none", "causal"] = Field("none", description="causal hides later keys")

    @model_validator(mode="after")
    def _shapes(self) -> MultiheadParams:
        self._check_x(self.d_model)
        _check_heads(_cols(self.X) or self.d_model, self.heads)
        return self


class PositionalParams(_Params):
    position: int = Field(3, ge=0, le=100_000, description="position pos")
    d_model: int = Field(8, ge=2, le=MAX_D_MODEL, multiple_of=2, description="even width")
    shift: int = Field(1, ge=-100_000, le=100_000, description="offset k of the rotation demo")
    base: float = Field(10000.0, gt=1, le=1e9, allow_inf_nan=False, description="the 10000")


class LayerNormParams(_ModelWidth):
    d_model: int = _width(4, "features per token")
    eps: float = Field(1e-5, ge=0, le=1, allow_inf_nan=False, description="ε")
    gain: Vector | None = Field(None, description="γ, length d_model (default ones)")
    bias: Vector | None = Field(None, description="β, length d_model (default zeros)")

    @model_validator(mode="after")
    def _shapes(self) -> LayerNormParams:
        self._check_x(self.d_model)
        width = _cols(self.X) or self.d_model
        for name, vec in (("gain", self.gain), ("bias", self.bias)):
            if vec is not None and len(vec) != width:
                raise ValueError(f"{name} has {len(vec)} entries but d_model = {width}")
        return self


class FFNParams(_ModelWidth):
    d_model: int = _width(4, "model width")
    d_ff: int | None = Field(None, ge=1, le=MAX_D_FF, description="hidden width (4·d_model)")
    activation: Literal["relu", "gelu", "gelu_tanh"] = Field("relu", description="FFN non-linearity")
    W_1: Matrix | None = Field(None, description="first weight, d_model x d_ff (default random)")
    b_1: Vector | None = Field(None, description="first bias, length d_ff (default random)")
    W_2: Matrix | None = Field(None, description="second weight, d_ff x d_model (default random)")
    b_2: Vector | None = Field(None, description="second bias, length d_model (default random)")

    @model_validator(mode="after")
    def _shapes(self) -> FFNParams:
        self._check_x(self.d_model)
        d_model = _cols(self.X) or self.d_model
        d_ff = _cols(self.W_1) or _rows(self.W_2) or len(self.b_1 or []) or self.d_ff or 4 * d_model
        self._agree("d_ff", self.d_ff or d_ff, "the width of W_1/W_2/b_1", d_ff)
        for name, got, want in (
            ("W_1 rows", _rows(self.W_1), d_model),
            ("W_1 columns", _cols(self.W_1), d_ff),
            ("b_1", None if self.b_1 is None else len(self.b_1), d_ff),
            ("W_2 rows", _rows(self.W_2), d_ff),
            ("W_2 columns", _cols(self.W_2), d_model),
            ("b_2", None if self.b_2 is None else len(self.b_2), d_model),
        ):
            if got is not None and got != want:
                raise ValueError(
                    f"{name} has {got} entries but must match {want} (d_model = {d_model}, d_ff = {d_ff})"
                )
        return self


class EncoderParams(MultiheadParams):
    d_ff: int | None = Field(None, ge=1, le=MAX_D_FF, description="FFN width (4·d_model)")
    norm: Literal["post", "pre"] = Field("post", description="post-norm (paper) or pre-norm")
    activation: Literal["relu", "gelu", "gelu_tanh"] = Field("relu", description="FFN non-linearity")


class DecoderParams(EncoderParams):
    memory: Matrix | None = Field(None, description="encoder output, source_tokens x d_model")
    source_tokens: int = Field(4, ge=1, le=MAX_TOKENS, description="encoder length S")
    mask: Literal["causal"] = Field("causal", description="decoder self-attention is causal")

    @model_validator(mode="after")
    def _memory(self) -> DecoderParams:
        width = _cols(self.X) or self.d_model
        if self.memory is not None and len(self.memory[0]) != width:
            raise ValueError(f"memory has {len(self.memory[0])} columns but d_model = {width}")
        self._agree("source_tokens", self.source_tokens, "the rows of memory", _rows(self.memory))
        return self


class LMHeadParams(_Params):
    h: Vector | None = Field(None, description="final hidden state, length d_model")
    U: Matrix | None = Field(None, description="unembedding, vocab_size x d_model")
    vocab_size: int = Field(6, ge=2, le=MAX_VOCAB, description="vocabulary size V")
    d_model: int = _width(4, "model width")
    temperature: float = Field(1.0, gt=0, le=100, allow_inf_nan=False, description="τ")
    seed: int = _seed()

    @model_validator(mode="after")
    def _shapes(self) -> LMHeadParams:
        if self.h is not None and self.U is not None and len(self.h) != len(self.U[0]):
            raise ValueError(f"h has {len(self.h)} entries but U rows have {len(self.U[0])}")
        self._agree("vocab_size", self.vocab_size, "the rows of U", _rows(self.U))
        self._agree("d_model", self.d_model, "h/U", len(self.h) if self.h else _cols(self.U))
        return self


class LRScheduleParams(_Params):
    step: int = Field(100, ge=1, le=10_000_000, description="training step (1-based)")
    warmup: int = Field(4000, ge=1, le=1_000_000, description="warm-up steps")
    d_model: int = Field(512, ge=1, le=65_536, description="model width")


class LabelSmoothingParams(_Params):
    logits: Matrix | None = Field(None, description="tokens x classes")
    target: Annotated[list[int], Field(min_length=1, max_length=MAX_TOKENS)] | None = Field(
        None, description="correct class index per token"
    )
    tokens: int = _tokens()
    classes: int = Field(5, ge=2, le=MAX_VOCAB, description="number of classes C")
    epsilon: float = Field(0.1, ge=0, le=1, allow_inf_nan=False, description="smoothing ε")
    seed: int = _seed()

    @model_validator(mode="after")
    def _shapes(self) -> LabelSmoothingParams:
        n_classes = _cols(self.logits) or self.classes
        n_tokens = _rows(self.logits) or self.tokens
        self._agree("classes", self.classes, "the columns of logits", _cols(self.logits))
        self._agree("tokens", self.tokens, "the rows of logits", _rows(self.logits))
        if self.target is not None:
            if len(self.target) != n_tokens:
                raise ValueError(f"target has {len(self.target)} entries but tokens = {n_tokens}")
            bad = [t for t in self.target if not 0 <= t < n_classes]
            if bad:
                raise ValueError(f"target {bad} outside 0..{n_classes - 1} (classes = {n_classes})")
        return self


Preset = Literal["gpt2-small", "gpt2-medium", "gpt2-large", "gpt2-xl", "bert-base", "bert-large"]


class ParamCountParams(_Params):
    preset: Preset | None = Field(None, description="published model (default gpt2-small)")
    style: Literal["gpt2", "bert"] | None = Field(None, description="layout to count")
    n_layers: int | None = Field(None, ge=1, le=1000, description="number of layers")
    d_model: int | None = Field(None, ge=1, le=65_536, description="model width")
    vocab_size: int | None = Field(None, ge=1, le=1_000_000, description="vocabulary size")
    n_positions: int | None = Field(None, ge=1, le=1_000_000, description="max positions")
    d_ff: int | None = Field(None, ge=1, le=262_144, description="FFN width (4·d_model)")
    pooler: bool | None = Field(None, description="BERT pooler counted (default true)")

    @model_validator(mode="after")
    def _style(self) -> ParamCountParams:
        if self.preset and self.style and not self.preset.startswith(self.style):
            raise ValueError(f"preset {self.preset!r} is not of style {self.style!r}")
        if self.pooler is not None and (self.style or self.preset or "gpt2").startswith("gpt2"):
            raise ValueError("pooler only applies to style 'bert'")
        return self


class LayerCostParams(_Params):
    n: int = Field(100, ge=1, le=10_000_000, description="sequence length n")
    d: int = Field(512, ge=1, le=65_536, description="representation width d")


class OrthogonalParams(_Params):
    X: Matrix | None = Field(None, description="token vectors x_j, one per row")
    query: int | None = Field(None, ge=0, lt=MAX_TOKENS, description="index i (default last)")

    @model_validator(mode="after")
    def _query(self) -> OrthogonalParams:
        rows = _rows(self.X) or 2
        if self.query is not None and self.query >= rows:
            raise ValueError(f"query = {self.query} but there are only {rows} vectors")
        return self
