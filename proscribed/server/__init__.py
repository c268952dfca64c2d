"""What the API and the web pages share: the per-application context, request dependencies, HTTP errors, limits."""
