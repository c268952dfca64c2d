"""Use cases: what the CLI, the API and the web pages do, each written once.

Adapters (``cli``, ``api``, ``web``) parse input, call one function here and
render its answer; the core packages below never import this one. Nothing is
imported here, so a command pays only for the use cases it calls.
"""
