"""Built-in stages. Importing this package registers them all."""

from importlib import import_module

_MODULES = ("textpage", "parse", "times", "places", "entities", "quotes", "events")

for _m in _MODULES:
    import_module(f"dateline.stages.{_m}")
