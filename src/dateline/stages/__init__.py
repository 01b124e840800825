"""Built-in stages; :func:`dateline.registry.get` imports them on first use."""

BUILTIN_MODULES = (
    "textpage",
    "htmlpage",
    "parse",
    "times",
    "places",
    "entities",
    "quotes",
    "events",
)
