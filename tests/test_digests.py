"""encoder.digests: the SHA-256 a conversion stamps by is hashlib's SHA-256, digest for digest."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from encoder.digests import sha256
from encoder.provenance import TeiState, provenance_of, stamp, text_digest


@given(st.lists(st.binary(max_size=300), max_size=6))
def test_same_digest_as_hashlib_in_one_piece_and_in_updates(pieces: list[bytes]) -> None:
    whole = b"".join(pieces)
    in_updates = sha256()
    for piece in pieces:
        in_updates.update(piece)
    assert sha256(whole).hexdigest() == hashlib.sha256(whole).hexdigest() == in_updates.hexdigest()


def test_a_stamp_made_with_it_is_read_back_by_hashlib() -> None:
    # Files stamped before encoder.digests existed were stamped through hashlib: the stamps must agree.
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"/>\n'
    stamped = stamp(data, text_digest("a transcript"))
    assert f'generated-sha256="{hashlib.sha256(data).hexdigest()}"'.encode() in stamped
    assert provenance_of(stamped).state is TeiState.GENERATED
    assert text_digest("a transcript") == hashlib.sha256(b"a transcript").hexdigest()
