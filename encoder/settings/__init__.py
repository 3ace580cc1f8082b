"""The settings files' models, one module per file, checked by pydantic.

``edition.toml`` (:mod:`encoder.settings.edition`), a transcript's
``NAME.meta.toml`` (:mod:`encoder.settings.sidecar`) and its
``NAME.decisions.toml`` (:mod:`encoder.settings.decisions`) are untrusted
input: pydantic refuses unknown keys and values of the wrong type, and each
model adds the checks its file needs. Importing pydantic costs more CPU than
converting a transcript, and most conversions read no settings file, so no
module of the conversion path imports these: :mod:`encoder.edition`,
:mod:`encoder.header` and :mod:`encoder.overrides` import the one model they
need when they read its file (``defer_build``: its validator is built then too),
and give its class under its usual name (``encoder.header.Sidecar``) on
first use. What a valid ``edition.toml`` says is handed on as a plain frozen
dataclass (:class:`encoder.edition.EditionConfig`), kept in the cache folder
so that the next run need not check the same file again
(:mod:`encoder.settings_cache`).
"""
