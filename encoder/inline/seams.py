"""Seams: where the transcript split one paragraph in two.

:mod:`encoder.body` joins such halves before the inline stage (so that a
quotation or bracket across the split still pairs) and passes the index of
each split along; this scanner puts an empty ``<pb ed="transcript" type="seam"
cert="low"/>`` there, which the round trip writes back as a blank line.
"""

from __future__ import annotations

from encoder.inline.core import BlockContext, Construct, leaf
from encoder.model import Seam

PRIORITY = 99


def scan(context: BlockContext) -> list[Construct]:
    return [
        leaf(index, index, Seam(offset=context.mapped.offset(index)), priority=PRIORITY, kind="seam")
        for index in context.seams
    ]
