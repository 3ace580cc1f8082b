"""The ``tei-encoder`` command line.

Each subcommand lives in its own module under :mod:`encoder.commands` and
exposes ``register(subparsers)``; the ordered list below is the whole
command set. Exit status: 0 success, 1 input problems, 2 usage or I/O errors.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import Any

# dataclass_methods first: every module below defines its dataclasses with the stored code.
from encoder import __version__, dataclass_methods  # noqa: F401
from encoder.atomic import terminate_cleanly, termination_status
from encoder.errors import EncoderError, InputError, UsageError, os_error_message

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2

COMMAND_MODULES = (
    "encoder.commands.convert",
    "encoder.commands.text",
    "encoder.commands.decide",
    "encoder.commands.register",
    "encoder.commands.reconcile",
    "encoder.commands.validate",
    "encoder.commands.render",
    "encoder.commands.build",
    "encoder.commands.package",
    "encoder.commands.oai",
    "encoder.commands.serve",
)


class _TerminalMeasuredWhenWriting(argparse.HelpFormatter):
    """A help formatter that asks the terminal's width when it writes help, not when it is made.

    argparse makes a formatter for every option added, only to check the option's
    metavar, and each asked ``shutil`` for the terminal's width: importing shutil
    (with bz2 and lzma) was ~7 M instructions of a one-file conversion, which writes
    no help. The width is set as argparse's own ``__init__`` sets it, before the
    sections are formatted (they read it only then).
    """

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ) -> None:
        self._measure_terminal = width is None
        self._asked_help_position = max_help_position
        super().__init__(prog, indent_increment, max_help_position, 80 if width is None else width)

    def format_help(self) -> str:
        if self._measure_terminal:
            import shutil

            self._width = shutil.get_terminal_size().columns - 2
            self._max_help_position = min(self._asked_help_position, max(self._width - 20, self._indent_increment * 2))
        return super().format_help()


_MEASURING: dict[type[argparse.HelpFormatter], type[argparse.HelpFormatter]] = {}


def _measuring_when_writing(formatter: type[argparse.HelpFormatter]) -> type[argparse.HelpFormatter]:
    """``formatter`` (argparse's, or a command's own) measuring the terminal only when it writes."""
    if formatter not in _MEASURING:
        _MEASURING[formatter] = type(formatter.__name__, (_TerminalMeasuredWhenWriting, formatter), {})
    return _MEASURING[formatter]


class _Parser(argparse.ArgumentParser):
    def __init__(
        self, *, formatter_class: type[argparse.HelpFormatter] = argparse.HelpFormatter, **options: Any
    ) -> None:
        super().__init__(formatter_class=_measuring_when_writing(formatter_class), **options)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, rest = super().parse_known_args(args, namespace)
        # argparse before Python 3.12.7 drops the value of "--date=--" and stores an
        # empty list, which no option's type ever checked.
        for action in self._actions:
            value = getattr(parsed, action.dest, None)
            dropped = isinstance(value, list) and ([] in value or (value == [] and action.default != []))
            if action.nargs is None and action.option_strings and dropped:
                self.error(f"argument {'/'.join(action.option_strings)}: '--' is not a value it takes")
        return parsed, rest


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of the command ``only`` alone.

    Each command's module imports what the command needs (the XSLT processor,
    the web server …), so a run imports the module of its own command only.
    """
    parser = _Parser(
        prog="tei-encoder",
        description="Encode archival translation transcripts as TEI P5; validate and render them.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    # The prog given, as argparse would make it ("tei-encoder": no positional before the command),
    # so that it formats no usage line, and measures no terminal, to make it.
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser, prog=parser.prog)
    subparsers.required = True
    for name in COMMAND_MODULES:
        if only is not None and name.rpartition(".")[2] != only:
            continue
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue  # a command not built yet is simply absent
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command ``argv`` and return its exit status; ``None``: the process's own arguments,
    as the ``tei-encoder`` program (``python -m encoder``), whose process ends with the command."""
    terminate_cleanly()  # SIGTERM unwinds: temporary files and half-built folders are removed
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = _without_collecting(build_parser, only=_command_named(arguments))
    try:
        args = parser.parse_args(arguments)
        status = _run(args)
    finally:
        if argv is not None:
            # Collectable again: a caller in the same process (the tests) keeps no frozen garbage. The
            # program leaves them frozen: its process ends with the command, and the interpreter's last
            # collection at exit would scan the imports' objects once more (6 % of a one-file convert).
            gc.unfreeze()
    terminated = termination_status()
    return status if terminated is None else terminated


def _without_collecting(
    import_command: Callable[..., argparse.ArgumentParser], **options: str | None
) -> argparse.ArgumentParser:
    """The command's parser, made (its module imported) with the cyclic garbage collector paused.

    Importing a command's modules makes tens of thousands of objects (functions,
    classes, compiled patterns) that live as long as the process; the collector
    scanned them some forty times, 8 % of a one-file conversion's instructions.
    Frozen afterwards (until the command ends: :func:`main`), they are left
    out of the later collections too, which scanned them again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return import_command(**options)
    finally:
        if enabled:
            gc.enable()
            gc.freeze()


def _run(args: argparse.Namespace) -> int:
    try:
        status: int = args.run(args)
    except UsageError as error:
        print(f"tei-encoder: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except InputError as error:
        for diagnostic in error.diagnostics:
            print(diagnostic.format(with_source=True), file=sys.stderr)
        if not error.diagnostics:
            print(f"tei-encoder: error: {error}", file=sys.stderr)
        return EXIT_INPUT
    except EncoderError as error:
        print(f"tei-encoder: error: {error}", file=sys.stderr)
        return EXIT_INPUT
    except OSError as error:
        print(f"tei-encoder: error: {os_error_message(error)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    return status


def _command_named(arguments: list[str]) -> str | None:
    """The command the arguments start with, if it is one; ``None`` for ``--help``, typos and the like."""
    commands = {name.rpartition(".")[2] for name in COMMAND_MODULES}
    return arguments[0] if arguments and arguments[0] in commands else None
