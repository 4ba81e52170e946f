"""Worked examples as data: a request becomes a :class:`WorkedExample` record of inputs, every
intermediate tensor and outputs, computed by the float64 reference in :mod:`assistant.reference`.

* :mod:`~assistant.examples.catalog`: the kinds, their validated parameters, :func:`run_example`;
* :mod:`~assistant.examples.render`: Markdown, JSON and PNG heatmaps from a record;
* :mod:`~assistant.examples.routing`: offline reading of numeric requests (kind + arguments),
  built on :mod:`~assistant.examples.literals` (arrays in any notation) and
  :mod:`~assistant.examples.reader` (names, classes in words, options, unusable numbers);
* :mod:`~assistant.examples.defaults`: exactly which parameters took a default;
* :mod:`~assistant.examples.tool`: the ``worked_example`` LangChain tool.

Names are imported lazily so that importing the record type does not load matplotlib or
LangChain.

Example:
    >>> from assistant.examples import route, run_example, to_markdown
    >>> request = route("compute softmax of [1, 2, 3]")
    >>> print(to_markdown(run_example(request.kind, **request.params)).splitlines()[0])
    ### Worked example: softmax
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.examples.catalog import KindInfo, ParamInfo, concept_query, list_kinds, run_example
    from assistant.examples.record import Step, WorkedExample
    from assistant.examples.render import from_json, to_json, to_markdown, to_png
    from assistant.examples.routing import RouteResult, route
    from assistant.examples.tool import worked_example_tool

_EXPORTS = {
    "Step": "record",
    "WorkedExample": "record",
    "KindInfo": "catalog",
    "ParamInfo": "catalog",
    "concept_query": "catalog",
    "list_kinds": "catalog",
    "run_example": "catalog",
    "from_json": "render",
    "to_json": "render",
    "to_markdown": "render",
    "to_png": "render",
    "RouteResult": "routing",
    "route": "routing",
    "worked_example_tool": "tool",
}

__all__ = [
    "KindInfo",
    "ParamInfo",
    "RouteResult",
    "Step",
    "WorkedExample",
    "concept_query",
    "from_json",
    "list_kinds",
    "route",
    "run_example",
    "to_json",
    "to_markdown",
    "to_png",
    "worked_example_tool",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'assistant.examples' has no attribute {name!r}")
    return getattr(import_module(f"assistant.examples.{module}"), name)
