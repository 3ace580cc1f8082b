"""``tei-encoder reconcile TEI``: carry a changed transcript into an edited TEI file.

When an editor has changed ``tei/X.xml`` and the transcript ``X.txt`` changed
afterwards, neither file may simply replace the other. ``reconcile`` makes a
three-way merge, line by line, of

* the *base*: the file as the converter generated it (``tei/.generated/X.xml``),
* *ours*: the editor's file, ``tei/X.xml``,
* *theirs*: a fresh conversion of the transcript as it is now.

Without conflicts the merged file must still parse and be valid; it then
replaces ``tei/X.xml`` (the editor's file is backed up first) and the new
conversion becomes the base. With conflicts nothing is replaced: the merge
with conflict markers is written to ``tei/X.xml.conflicts`` (never over an
earlier one) and each conflict is reported at its line there, so both sides
are kept and nothing is lost. Once the editor has copied the resolution over
``tei/X.xml``, running ``reconcile`` again records the new base. A file already
made from the current transcript has nothing to merge and is left alone.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

from merge3 import Merge3

from encoder.atomic import write_atomic
from encoder.errors import Diagnostic, InputError, Severity, UsageError
from encoder.pipeline import convert_file
from encoder.provenance import TeiState, backup_path, base_path, read_provenance, text_digest
from encoder.reading import read_bytes
from encoder.safexml import parse_xml_bytes


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "reconcile",
        help="merge a changed transcript into its edited TEI file (three-way merge)",
        description="Merge the changes of a transcript into the TEI file an editor has edited, "
        "against the file as it was generated. Conflicts are written to TEI.conflicts, never over the TEI.",
    )
    parser.add_argument("tei", type=Path, metavar="TEI", help="the edited TEI file, e.g. tei/X.xml")
    parser.add_argument(
        "--transcript", type=Path, help="the transcript (default: transcripts/NAME.txt beside the TEI file)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    tei: Path = args.tei
    transcript: Path = args.transcript or tei.parent / "transcripts" / (tei.stem + ".txt")
    for path in (tei, transcript):
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
    provenance = read_provenance(tei)
    if provenance.state is TeiState.GENERATED:
        print(f"{tei}: untouched since it was generated: 'tei-encoder convert' regenerates it", file=sys.stderr)
        return 0
    base_file = base_path(tei)
    pending = base_file.with_name(base_file.name + ".pending")
    current = text_digest(read_bytes(transcript.read_bytes(), str(transcript)).text)
    if provenance.transcript_sha256 == current:
        # The TEI already holds this transcript's text: merged before, or a
        # conflict resolved by hand (the resolution carries the new stamp).
        if pending.is_file():
            pending.replace(base_file)
            print(f"{tei}: your resolution is recorded; the base is now the current conversion", file=sys.stderr)
        else:
            print(f"{tei}: up to date with {transcript}; nothing to merge", file=sys.stderr)
        return 0
    conflicts_file = tei.with_name(tei.name + ".conflicts")
    if conflicts_file.exists():
        raise UsageError(
            f"{conflicts_file} is left from an earlier run: finish it (copy it over {tei}) or delete it, then run again"
        )
    if not base_file.is_file():
        raise InputError(
            f"{tei}: no generated base to merge against ({base_file} is missing; it is kept from this "
            "version on): regenerate with 'convert --force' and re-apply the edit from the backup"
        )
    base, ours = base_file.read_bytes(), tei.read_bytes()
    theirs = convert_file(transcript, output_path=tei).to_bytes()
    merge = Merge3(base.splitlines(keepends=True), ours.splitlines(keepends=True), theirs.splitlines(keepends=True))
    conflicts = [region for region in merge.merge_regions() if region[0] == "conflict"]
    merged = b"".join(
        merge.merge_lines(
            name_a=str(tei).encode(),
            name_b=f"{transcript} (converted now)".encode(),
            name_base=f"{base_file} (as generated)".encode(),
        )
    )
    if conflicts:
        write_atomic(pending, theirs)  # becomes the base once the resolution is in place
        return _report_conflicts(tei, conflicts_file, merged)
    _check_merged(tei, merged)
    backup = backup_path(tei)
    shutil.copy2(tei, backup)
    write_atomic(tei, merged)
    write_atomic(base_file, theirs)
    pending.unlink(missing_ok=True)
    print(f"{tei}: merged the transcript's changes; your file before the merge is {backup}", file=sys.stderr)
    return 0


def _report_conflicts(tei: Path, conflicts_file: Path, merged: bytes) -> int:
    write_atomic(conflicts_file, merged)
    lines = merged.decode("utf-8", "replace").splitlines()
    starts = [number for number, line in enumerate(lines, 1) if line.startswith("<<<<<<< ")]
    for number in starts:
        print(
            Diagnostic(
                "RECONCILE-CONFLICT",
                Severity.ERROR,
                "your edit and the transcript's change touch the same lines: keep one side (or both) "
                f"and remove the markers, copy the file over {tei}, and run reconcile again to record it",
                str(conflicts_file),
                number,
                1,
            ).format(),
            file=sys.stderr,
        )
    print(f"{tei}: {len(starts)} conflicts; {tei} is unchanged, the merge is in {conflicts_file}", file=sys.stderr)
    return 1


def _check_merged(tei: Path, merged: bytes) -> None:
    """A merge of two valid files can still be invalid (two edits that do not fit): never write that."""
    from encoder.validation import has_errors, validate_tree

    tree = parse_xml_bytes(merged, str(tei))
    problems = validate_tree(tree, filename=str(tei))
    if has_errors(problems):
        raise InputError(f"{tei}: the merged file is not valid TEI; {tei} is unchanged", problems)
