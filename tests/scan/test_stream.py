"""A long text scanned in blocks: the same mentions as in one piece, in bounded memory."""

from __future__ import annotations

import io

import pytest

from proscribed.scan import Scanner, build_scanner, document
from proscribed.scan.document import scan_document, scan_stream
from proscribed.service.scan import TextStream
from proscribed.store import Store


@pytest.fixture(scope="module")
def scanner(store: Store) -> Scanner:
    return build_scanner(store)


def test_blocks_give_the_mentions_of_the_whole_text(scanner: Scanner, monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("Михаил Ходорковский выступил в суде.\n\n" + "Слова без названий. " * 40 + "\n\n"
            + "Позже Ходорковский и Amnesty International ответили; см. https://meduza.io/x\n\n") * 3
    whole = scan_document(scanner, text)["mentions"]
    monkeypatch.setattr(document, "STREAM_PIECE", 300)  # several pieces per block
    blocks = [text[i:i + 700] for i in range(0, len(text), 700)]
    streamed = list(scan_stream(scanner, blocks))
    assert [(m["start"], m["end"], m["id"]) for m in streamed] == [(m["start"], m["end"], m["id"]) for m in whole]
    assert {m["kind"] for m in streamed} >= {"person_full", "person_surname", "full", "link"}
    assert all(text[m["start"]:m["end"]] == m["surface"] for m in streamed)



@pytest.mark.parametrize("text", [
    "Слова без названий. " * 30 + "Позже Amnesty International ответила. " + "Слова без названий. " * 30,
    "слово " * 100 + "\nПозже Amnesty International ответила.\n" + "слово " * 100,
    "Слова без названий.\n" * 30 + "Позже ответила Amnesty\nInternational, и\n" + "Слова без названий.\n" * 30,
    "Слово\n" * 60 + "Amnesty International\n" + "Слово\n" * 60,
], ids=["sentences", "lines", "hard-wrapped", "one-a-line"])
def test_a_name_across_a_block_border_is_found(scanner: Scanner, text: str) -> None:
    whole = [(m["start"], m["end"], m["id"]) for m in scan_document(scanner, text)["mentions"]]
    at = text.index("Amnesty")
    assert len(whole) == 1 and whole[0][0] == at
    for border in range(at - 2, at + len("Amnesty International") + 2):  # every cut through the name
        streamed = [(m["start"], m["end"], m["id"]) for m in scan_stream(scanner, [text[:border], text[border:]])]
        assert streamed == whole, border

def test_text_stream_decodes_across_blocks_and_notes_bad_bytes() -> None:
    data = "Международная амнистия ".encode() * 50 + b"\xff" + " и ещё".encode()
    stream = TextStream(io.BytesIO(data[100:]), data[:100], block=7)  # blocks cut inside characters
    assert "".join(stream.blocks()) == data.decode("utf-8", errors="replace")
    assert stream.bad_utf8_at == len("Международная амнистия ".encode()) * 50 and not stream.blank
