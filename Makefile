.PHONY: install test typecheck data bench
install:
	python3 -m venv .venv && .venv/bin/pip install -e '.[test]'
test:
	.venv/bin/python -m pytest
typecheck:
	.venv/bin/mypy
data:
	.venv/bin/python scripts/build_dataset.py ../shared/data/registries
bench:
	.venv/bin/python bench/names.py
