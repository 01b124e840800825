"""Registry of versioned stages (``"dateline.quotes.v1"``).

A stage is a small callable ``Article -> Article``.  It is registered with the
fields of :class:`~dateline.records.Article` it *requires* and *assigns*, so that
:class:`~dateline.pipeline.Pipeline` can check the order when it is built.
Stages must be picklable (module-level classes; heavy resources loaded lazily and
cached per process) so that executors can ship them to workers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, Protocol

from dateline.errors import PipelineError
from dateline.records import Article


class Stage(Protocol):
    name: str

    def __call__(self, article: Article) -> Article: ...


@dataclass(frozen=True)
class StageSpec:
    name: str
    factory: Callable[..., Callable[[Article], Article]]
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    description: str = ""
    defaults: dict[str, Any] = field(default_factory=dict)


_REGISTRY: dict[str, StageSpec] = {}

#: the default pipeline: the stages of a text page, in order (HTML pages swap the first)
DEFAULT_STAGES: tuple[str, ...] = (
    "dateline.textpage.v1",
    "dateline.parse.v1",
    "dateline.times.v1",
    "dateline.places.v1",
    "dateline.entities.v1",
    "dateline.quotes.v1",
    "dateline.events.v1",
)

#: the modules of the built-in stages, in the default order; importing one registers its stage
BUILTIN_MODULES = (
    "dateline.pages.textpage",
    "dateline.pages.htmlpage",
    "dateline.language.parse",
    "dateline.time.stage",
    "dateline.places.stage",
    "dateline.language.entities",
    "dateline.quotes.stage",
    "dateline.events.stage",
)


def register(
    name: str,
    *,
    requires: tuple[str, ...] | list[str] = (),
    assigns: tuple[str, ...] | list[str] = (),
) -> Callable[[Any], Any]:
    """Class or function decorator registering a stage factory under ``name``."""

    def deco(factory: Any) -> Any:
        if name in _REGISTRY and _REGISTRY[name].factory is not factory:
            raise PipelineError(f"stage {name!r} registered twice")
        doc = (factory.__doc__ or "").strip().splitlines()
        _REGISTRY[name] = StageSpec(
            name=name,
            factory=factory,
            requires=tuple(requires),
            assigns=tuple(assigns),
            description=doc[0] if doc else "",
        )
        factory.stage_name = name
        return factory

    return deco


def get(name: str) -> StageSpec:
    _load_builtin()
    try:
        return _REGISTRY[name]
    except KeyError as e:
        known = ", ".join(sorted(_REGISTRY))
        raise PipelineError(f"unknown stage {name!r}; known: {known}") from e


def names() -> list[str]:
    _load_builtin()
    return sorted(_REGISTRY)


def _load_builtin() -> None:
    """Import every built-in stage module (importing registers the stage)."""
    for mod in BUILTIN_MODULES:
        import_module(mod)


def lazy_exports(package: str, exports: dict[str, str]) -> Callable[[str], Any]:
    """The module ``__getattr__`` of a capability package: its stage classes (name → module),
    imported on first use, so that importing one module of the package stays light."""

    def __getattr__(name: str) -> Any:
        if name in exports:
            return getattr(import_module(exports[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
