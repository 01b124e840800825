"""Built-in stages not yet moved into their capability package (see :data:`dateline.registry.BUILTIN_MODULES`)."""
