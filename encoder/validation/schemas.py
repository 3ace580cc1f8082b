"""Finding the schemas and compiling each of them once per process.

The project schema lives in the repository's ``schema/`` folder; the TEI
reference schema (tei_all, about 1 MB of RELAX NG that lxml needs some five
seconds to compile) sits in ``../shared/tei-reference`` beside the repository
unless ``TEI_ENCODER_TEI_ALL`` names it. Nothing here is loaded before it is
asked for, so validating against the project schema never touches tei_all.

A big grammar is first tried cut down to the names of the document at hand
(:mod:`encoder.validation.pruning`); the cut grammar is kept in the cache
folder (``$TEI_ENCODER_CACHE_DIR``, else ``$XDG_CACHE_HOME/tei-encoder`` or
``~/.cache/tei-encoder``) under a name made of the hashes of the schema's
content and of the set of names, so that a changed schema is never served
from an old entry; an unreadable or unwritable cache only costs time.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lxml import etree

from encoder.atomic import write_atomic
from encoder.cache_folder import CACHE_ENV as CACHE_ENV  # the tests' and users' name for it
from encoder.cache_folder import cache_dir
from encoder.digests import sha256
from encoder.errors import InputError, UsageError
from encoder.resources import REPOSITORY, data_dir, shared_dir
from encoder.safexml import parse_xml_bytes, parse_xml_file
from encoder.validation import pruning, single_pass

PROJECT_SCHEMA_DIR = data_dir("schema", "tei-encoder.rng") or REPOSITORY / "schema"
PROJECT_RNG = PROJECT_SCHEMA_DIR / "tei-encoder.rng"
PROJECT_SCHEMATRON = PROJECT_SCHEMA_DIR / "tei-encoder.sch"
PROJECT_XSD = PROJECT_SCHEMA_DIR / "tei-encoder.xsd"

TEI_ALL_ENV = "TEI_ENCODER_TEI_ALL"

SchemaName = Literal["project", "tei-all"]
SchemaChoice = SchemaName | Path


def tei_all_rng() -> Path:
    """The TEI P5 reference schema: ``$TEI_ENCODER_TEI_ALL`` or the shared copy."""
    configured = os.environ.get(TEI_ALL_ENV)
    candidate = Path(configured) if configured else shared_dir() / "tei-reference" / "tei_all.rng"
    if not candidate.is_file():
        raise UsageError(
            f"TEI reference schema tei_all.rng not found at {candidate}; "
            f"set {TEI_ALL_ENV} to the path of tei_all.rng (TEI P5 4.12.0)"
        )
    return candidate


def tei_all_xsd() -> Path:
    """The XSD form of tei_all, kept in ``xsd/`` beside tei_all.rng."""
    candidate = tei_all_rng().parent / "xsd" / "tei_all.xsd"
    if not candidate.is_file():
        raise UsageError(f"TEI reference XSD not found at {candidate}; it belongs in xsd/ next to tei_all.rng")
    return candidate


@dataclass(frozen=True, slots=True)
class SchemaSet:
    """The schema files one validation run uses."""

    label: str
    relaxng: Path
    xsd: Path | None
    schematron_by_default: bool

    @property
    def explaining_xsd(self) -> Path | None:
        """The XSD that can explain vague RELAX NG errors: the project's only,
        since tei_all's takes seconds to load even from the cache."""
        return self.xsd if self.label == "project" else None


def resolve(choice: SchemaChoice) -> SchemaSet:
    """Turn ``"project"``, ``"tei-all"`` or a path to a ``.rng`` into schema files."""
    if choice == "project":
        if not (PROJECT_RNG.is_file() and PROJECT_SCHEMATRON.is_file()):
            raise UsageError(
                f"tei-encoder's own schema is missing ({PROJECT_RNG} or {PROJECT_SCHEMATRON}): "
                "the installation is incomplete; reinstall tei-encoder"
            )
        return SchemaSet("project", PROJECT_RNG, PROJECT_XSD, schematron_by_default=True)
    if choice == "tei-all":
        rng = tei_all_rng()
        xsd = rng.parent / "xsd" / "tei_all.xsd"
        return SchemaSet("tei-all", rng, xsd, schematron_by_default=False)
    path = Path(choice)
    if path.suffix != ".rng":
        raise UsageError(
            f"{path}: a schema must be RELAX NG in XML syntax (.rng); convert compact syntax with `trang -I rnc -O rng`"
        )
    if not path.is_file():
        raise UsageError(f"{path}: schema file not found")
    return SchemaSet(str(path), path, None, schematron_by_default=False)


# Compiled schemas, keyed by the resolved file path: each is built at most once
# per process, however many documents are validated.
_relaxng_cache: dict[Path, etree.RelaxNG] = {}
_schematron_cache: dict[Path, etree.XSLT] = {}
_xsd_cache: dict[Path, Any] = {}
# Path.resolve() looks at the path a component at a time (~30 µs): done for each of the
# three schemas of every document, it was ~0.1 ms a document in both convert and validate.
# Each absolute path is resolved once per process, as each schema is compiled once per
# process (a relative one is resolved each time: the working folder may change).
_resolved_paths: dict[Path, Path] = {}


def _resolved(path: Path) -> Path:
    if not path.is_absolute():
        return path.resolve()
    resolved = _resolved_paths.get(path)
    if resolved is None:
        resolved = _resolved_paths[path] = path.resolve()
    return resolved


def relaxng(path: Path) -> etree.RelaxNG:
    key = _resolved(path)
    compiled = _relaxng_cache.get(key)
    if compiled is None:
        try:
            compiled = etree.RelaxNG(parse_xml_file(key))
        except etree.RelaxNGParseError as error:
            raise UsageError(f"{path}: not a usable RELAX NG schema: {error}") from None
        _relaxng_cache[key] = compiled
    return compiled


# Grammars above this size are cut down to each document's names before they
# are compiled: tei_all (1.1 MB) takes ~5 s whole and ~10 ms cut down, while the
# project schema (~60 KB) compiles whole in milliseconds, once per process.
PRUNE_ABOVE_BYTES = 256 * 1024
# Part of every cached grammar's name: a change to how grammars are cut
# must not be served from entries cut the old way.
PRUNING_FORMAT = "2"

# Cutting a big grammar for a new set of names takes about 0.1 s, compiling
# tei_all whole about 5 s; both then validate at the same speed. Past this
# many different sets of names in one process (a batch of varied documents)
# compiling the whole grammar once is the cheaper way, and it serves from then on.
CUT_GRAMMAR_BUDGET = 50

_full_grammar_cache: dict[str, etree._ElementTree] = {}  # by content hash
_pruned_cache: dict[tuple[str, frozenset[pruning.QualifiedName]], etree.RelaxNG | None] = {}


def pruned_relaxng(path: Path, tree: etree._ElementTree) -> etree.RelaxNG | None:
    """The grammar at ``path`` cut down to the element names in ``tree``, compiled;
    ``None`` when the whole grammar is the better choice: it is small enough to
    compile whole, cannot be cut, is compiled already, or this process has
    cut it for :data:`CUT_GRAMMAR_BUDGET` sets of names already.

    Its verdict on ``tree`` is the whole grammar's; its messages are not (see
    :mod:`encoder.validation.pruning`).
    """
    key = _resolved(path)
    if key in _relaxng_cache or key.stat().st_size <= PRUNE_ABOVE_BYTES:
        return None
    source, schema_hash = _grammar_source(key)
    names = pruning.document_names(tree)
    memo_key = (schema_hash, names)
    if memo_key not in _pruned_cache:
        if sum(1 for schema, _ in _pruned_cache if schema == schema_hash) >= CUT_GRAMMAR_BUDGET:
            return None
        _pruned_cache[memo_key] = _load_pruned(key, source, schema_hash, names)
    return _pruned_cache[memo_key]


# The grammar's text and hash, by resolved path: read and hashed once per process, as each
# schema is compiled once per process (reading and hashing tei_all's 1.1 MB for every
# document was a quarter of validating one against it).
_grammar_sources: dict[Path, tuple[bytes, str]] = {}


def _grammar_source(key: Path) -> tuple[bytes, str]:
    known = _grammar_sources.get(key)
    if known is None:
        source = key.read_bytes()
        known = _grammar_sources[key] = (source, sha256(source).hexdigest()[:24])
    return known


def _load_pruned(
    path: Path, source: bytes, schema_hash: str, names: frozenset[pruning.QualifiedName]
) -> etree.RelaxNG | None:
    listed = "\n".join(f"{namespace} {local}" for namespace, local in sorted(names))
    names_hash = sha256(f"{PRUNING_FORMAT}\n{listed}".encode()).hexdigest()[:24]
    cached = cache_dir() / f"{path.stem}-{schema_hash}-{names_hash}.rng"
    try:
        stored = parse_xml_bytes(cached.read_bytes(), str(cached))
        if not pruning.is_prunable(stored):  # what we write never reads other files
            raise etree.RelaxNGParseError(f"{cached}: refers to other files")
        return etree.RelaxNG(stored)
    except FileNotFoundError:
        pass
    except (OSError, InputError, etree.RelaxNGParseError):
        # A truncated, corrupt or unreadable entry is rebuilt, never trusted.
        with contextlib.suppress(OSError):
            cached.unlink()
    grammar = _full_grammar_cache.get(schema_hash)
    if grammar is None:
        try:
            grammar = parse_xml_bytes(source, str(path))
        except InputError as error:
            raise UsageError(f"{path}: not a usable RELAX NG schema: {error}") from None
        _full_grammar_cache[schema_hash] = grammar
    if not pruning.is_prunable(grammar):
        return None
    pruned = pruning.prune(grammar, names)
    try:
        compiled = etree.RelaxNG(pruned)
    except etree.RelaxNGParseError:
        return None  # the whole grammar reports its own fault
    with contextlib.suppress(OSError):  # an unwritable cache only costs time
        write_atomic(cached, etree.tostring(pruned, encoding="UTF-8", xml_declaration=True))
    return compiled


SVRL = "http://purl.oclc.org/dsdl/svrl"
# Part of every cached validator's name: validators compiled another way
# (before the single walk) must not be served.
SCHEMATRON_FORMAT = "single-pass 3"


def schematron(path: Path) -> etree.XSLT:
    """The Schematron compiled to an XSLT 1.0 validator that writes SVRL.

    Compiling goes through three XSLT passes of lxml's ISO skeleton, and the
    result is rewritten to walk the document once
    (:mod:`encoder.validation.single_pass`); the validator is kept in the
    cache folder, keyed by the hash of the Schematron, the lxml version and
    :data:`SCHEMATRON_FORMAT`, so that a later process only compiles one
    stylesheet (and never imports ``lxml.isoschematron``).
    """
    key = _resolved(path)
    compiled = _schematron_cache.get(key)
    if compiled is None:
        source = key.read_bytes()
        digest = sha256(source + f"lxml {etree.__version__} {SCHEMATRON_FORMAT}".encode()).hexdigest()[:24]
        cached = cache_dir() / f"{key.stem}-{digest}.xsl"
        compiled = _cached_stylesheet(cached)
        if compiled is None:
            validator = _schematron_validator(key)
            compiled = etree.XSLT(validator, access_control=_NO_FILES_NO_NETWORK)
            with contextlib.suppress(OSError):  # an unwritable cache only costs time
                write_atomic(cached, etree.tostring(validator, encoding="UTF-8", xml_declaration=True))
        _schematron_cache[key] = compiled
    return compiled


# A validator reads the document it is given and nothing else; one read back
# from the cache folder must not be able to write or fetch anything either.
_NO_FILES_NO_NETWORK = etree.XSLTAccessControl.DENY_ALL


def _schematron_validator(path: Path) -> etree._ElementTree:
    from lxml import isoschematron  # three skeleton stylesheets: only when nothing is cached

    schema = isoschematron.Schematron(parse_xml_file(path), store_xslt=True)
    validator = schema.validator_xslt
    if validator is None:  # pragma: no cover - stored because store_xslt=True
        raise UsageError(f"{path}: Schematron could not be compiled")
    return single_pass.visit_once(validator) or validator


def _cached_stylesheet(cached: Path) -> etree.XSLT | None:
    try:
        return etree.XSLT(parse_xml_bytes(cached.read_bytes(), str(cached)), access_control=_NO_FILES_NO_NETWORK)
    except FileNotFoundError:
        return None
    except (OSError, InputError, etree.XSLTParseError):
        # A truncated, corrupt or unreadable entry is rebuilt, never trusted.
        with contextlib.suppress(OSError):
            cached.unlink()
        return None


def xsd(path: Path) -> Any:
    """An ``xmlschema.XMLSchema``, unpickled from the cache when it is current.

    Building tei_all's XSD takes 15-20 s; the pickle, keyed by the schema
    files' content and the xmlschema version, brings that down to well under 1 s.
    """
    key = _resolved(path)
    loaded = _xsd_cache.get(key)
    if loaded is None:
        loaded = _load_xsd_with_cache(key)
        _xsd_cache[key] = loaded
    return loaded


def _xsd_fingerprint(path: Path) -> str:
    import xmlschema

    digest = sha256()
    digest.update(f"xmlschema {xmlschema.__version__} python {sys.version_info[:2]}".encode())
    # The XSD imports its siblings (xml.xsd, teix.xsd) by relative path.
    for part in sorted(path.parent.glob("*.xsd")):
        digest.update(part.name.encode())
        digest.update(part.read_bytes())
    return digest.hexdigest()[:24]


def _load_xsd_with_cache(path: Path) -> Any:
    import pickle  # the XSD layer only (--xsd): a conversion needs neither

    import xmlschema

    cached = cache_dir() / f"{path.stem}-{_xsd_fingerprint(path)}.pickle"
    if cached.is_file():
        try:
            with cached.open("rb") as stream:
                return pickle.load(stream)
        except Exception:  # a truncated or stale pickle is rebuilt, never trusted
            cached.unlink(missing_ok=True)
    schema = xmlschema.XMLSchema(str(path))
    _store_in_cache(schema, cached)
    return schema


def _store_in_cache(schema: Any, cached: Path) -> None:
    # Written to a temporary file and renamed, so that a concurrent process
    # never unpickles half a file.
    import pickle
    import tempfile

    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cached.parent, prefix=".", suffix=".tmp", delete=False) as temporary:
            try:
                pickle.dump(schema, temporary, protocol=pickle.HIGHEST_PROTOCOL)
            except (pickle.PicklingError, TypeError, AttributeError):
                Path(temporary.name).unlink(missing_ok=True)
                return
        Path(temporary.name).replace(cached)
    except OSError:
        pass  # an unwritable cache only costs time
