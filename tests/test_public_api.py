import proscribed


def test_public_surface() -> None:
    assert sorted(proscribed.__all__) == sorted([
        "Designation", "Entity", "Match", "Name", "ProscribedError", "Provenance", "Registry",
        "ScreeningIndex", "Store", "open_store", "screen", "__version__",
    ])
    for name in proscribed.__all__:
        assert hasattr(proscribed, name)
