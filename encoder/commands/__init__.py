"""Subcommands of the ``tei-encoder`` command line, one module each."""
