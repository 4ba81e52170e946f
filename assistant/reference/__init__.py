"""A readable float64 reference of the transformer's math, one concept per module.

Every function returns its intermediate tensors so that worked examples can show them, and
every function is checked against PyTorch's and Hugging Face's own modules in
``tests/assistant/reference``. Weights use the paper's ``x W`` orientation throughout.

Example:
    >>> import torch
    >>> from assistant.reference import scaled_dot_product_attention
    >>> q = torch.eye(2, dtype=torch.float64)
    >>> scaled_dot_product_attention(q, q, q, is_causal=True).weights[0].tolist()
    [1.0, 0.0]
"""

from assistant.reference.alignment import (
    AlignmentScores,
    additive_score,
    all_alignment_scores,
    cosine_score,
    dot_score,
    general_score,
    scaled_dot_score,
)
from assistant.reference.attention import (
    AttentionSteps,
    causal_mask,
    padding_mask,
    scaled_dot_product_attention,
)
from assistant.reference.counting import (
    PRESETS,
    BertShape,
    GPT2Shape,
    LayerCost,
    ParameterCount,
    count_bert_parameters,
    count_gpt2_parameters,
    count_parameters,
    estimate_parameters,
    recurrent_cost,
    self_attention_cost,
)
from assistant.reference.feedforward import (
    FeedForwardSteps,
    FeedForwardWeights,
    gelu,
    gelu_tanh,
    position_wise_ffn,
    relu,
)
from assistant.reference.layers import (
    DecoderLayerSteps,
    DecoderLayerWeights,
    EncoderLayerSteps,
    EncoderLayerWeights,
    decoder_layer,
    encoder_layer,
)
from assistant.reference.lm_head import LMHeadSteps, lm_head
from assistant.reference.loss import (
    LossSteps,
    label_smoothed_cross_entropy,
    log_softmax,
)
from assistant.reference.multihead import (
    MultiHeadSteps,
    MultiHeadWeights,
    merge_heads,
    multi_head_attention,
    split_heads,
)
from assistant.reference.normalization import (
    NormSteps,
    NormWeights,
    batch_norm,
    layer_norm,
)
from assistant.reference.positional import (
    RotationDemo,
    frequencies,
    rotation_demo,
    rotation_matrix,
    sinusoidal_encoding,
)
from assistant.reference.schedule import (
    ScheduleSteps,
    learning_rate,
    learning_rate_steps,
)
from assistant.reference.softmax import SoftmaxSteps, softmax, softmax_steps

__all__ = [
    "PRESETS",
    "AlignmentScores",
    "AttentionSteps",
    "BertShape",
    "DecoderLayerSteps",
    "DecoderLayerWeights",
    "EncoderLayerSteps",
    "EncoderLayerWeights",
    "FeedForwardSteps",
    "FeedForwardWeights",
    "GPT2Shape",
    "LMHeadSteps",
    "LayerCost",
    "LossSteps",
    "MultiHeadSteps",
    "MultiHeadWeights",
    "NormSteps",
    "NormWeights",
    "ParameterCount",
    "RotationDemo",
    "ScheduleSteps",
    "SoftmaxSteps",
    "additive_score",
    "all_alignment_scores",
    "batch_norm",
    "causal_mask",
    "cosine_score",
    "count_bert_parameters",
    "count_gpt2_parameters",
    "count_parameters",
    "decoder_layer",
    "dot_score",
    "encoder_layer",
    "estimate_parameters",
    "frequencies",
    "gelu",
    "gelu_tanh",
    "general_score",
    "label_smoothed_cross_entropy",
    "layer_norm",
    "learning_rate",
    "learning_rate_steps",
    "lm_head",
    "log_softmax",
    "merge_heads",
    "multi_head_attention",
    "padding_mask",
    "position_wise_ffn",
    "recurrent_cost",
    "relu",
    "rotation_demo",
    "rotation_matrix",
    "scaled_dot_product_attention",
    "scaled_dot_score",
    "self_attention_cost",
    "sinusoidal_encoding",
    "softmax",
    "softmax_steps",
    "split_heads",
]
