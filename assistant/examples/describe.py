"""Describe a pydantic parameter model for people and tool schemas: type, default, limit.

:func:`~assistant.examples.catalog.list_kinds` and the validation messages use this, so a
limit is stated in exactly one place: the ``Field`` constraints of
:mod:`assistant.examples.params`.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo


@dataclass(frozen=True)
class ParamInfo:
    """One parameter of a kind, as :func:`~assistant.examples.catalog.list_kinds` reports it."""

    name: str
    type: str
    default: Any
    limit: str
    description: str


@dataclass(frozen=True)
class KindInfo:
    """A kind and its parameters, as :func:`~assistant.examples.catalog.list_kinds` reports it."""

    name: str
    description: str
    params: tuple[ParamInfo, ...]


def _type_name(annotation: Any) -> str:
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is None:
        return getattr(annotation, "__name__", str(annotation))
    if origin is Annotated:
        return _type_name(args[0])
    if origin is Literal:
        return " | ".join(repr(a) for a in args)
    names = [_type_name(a) for a in args if a is not type(None)]
    if origin is list:
        return f"list[{', '.join(names)}]"
    return " | ".join(names) + (" | None" if type(None) in args else "")


def _metadata(info: FieldInfo) -> list[Any]:
    """Constraint objects of a field, including those inside ``Annotated[...] | None``."""
    found: list[Any] = [info, *info.metadata]
    pending = [info.annotation]
    while pending:
        annotation = pending.pop()
        if get_origin(annotation) is Annotated:
            _, *extras = get_args(annotation)
            for extra in extras:
                found += [extra, *getattr(extra, "metadata", [])]
        elif get_origin(annotation) in (Union, UnionType):
            pending += list(get_args(annotation))
    return found


def _extra(info: FieldInfo, key: str) -> str | None:
    for meta in _metadata(info):
        source = getattr(meta, "json_schema_extra", None)
        if isinstance(source, dict) and key in source:
            return str(source[key])
    return None


_BOUNDS = (
    ("ge", ">="),
    ("gt", ">"),
    ("le", "<="),
    ("lt", "<"),
    ("multiple_of", "multiple of"),
    ("min_length", "length >="),
    ("max_length", "length <="),
)


def field_limit(model: type[BaseModel], name: str) -> str:
    info = model.model_fields.get(name)
    if info is None:
        return ""
    explicit = _extra(info, "limit")
    if explicit:
        return explicit
    bounds = []
    for meta in _metadata(info)[1:]:
        for attr, symbol in _BOUNDS:
            value = getattr(meta, attr, None)
            if value is not None and not isinstance(meta, FieldInfo):
                bounds.append(f"{symbol} {value}")
    options = [info.annotation, *get_args(info.annotation)]
    for option in options:
        if get_origin(option) is Literal:
            bounds.append("one of " + ", ".join(repr(a) for a in get_args(option)))
    return ", ".join(dict.fromkeys(bounds))


def describe_params(model: type[BaseModel]) -> tuple[ParamInfo, ...]:
    """One :class:`ParamInfo` per field of ``model``, in declaration order."""
    return tuple(
        ParamInfo(
            name=name,
            type=_extra(info, "type_name") or _type_name(info.annotation),
            default=info.get_default(call_default_factory=True),
            limit=field_limit(model, name),
            description=info.description or "",
        )
        for name, info in model.model_fields.items()
    )
