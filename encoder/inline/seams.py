"""Seams: where the transcript split one paragraph in two.

:mod:`encoder.body` joins such halves before the inline stage (so that a
quotation or bracket across the split still pairs) and puts :data:`SEAM`
between them; this scanner turns it into ``<pb ed="transcript" type="seam"
cert="low"/>``, which the round trip writes back as a blank line.
"""

from __future__ import annotations

from encoder.inline.core import BlockContext, Construct, leaf
from encoder.model import Seam

SEAM = "\ue000"  # a private-use character; blocks that contain one are never joined
PRIORITY = 99


def scan(context: BlockContext) -> list[Construct]:
    return [
        leaf(index, index + 1, Seam(offset=context.mapped.offset(index)), priority=PRIORITY, kind="seam")
        for index, char in enumerate(context.text)
        if char == SEAM
    ]
