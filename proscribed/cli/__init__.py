"""The command line: thin commands over :mod:`proscribed.queries`."""
