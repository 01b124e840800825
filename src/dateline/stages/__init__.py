"""Built-in stages; :func:`dateline.registry.get` imports them on first use."""

BUILTIN_MODULES = ("textpage", "parse", "times", "places", "entities", "quotes", "events")
