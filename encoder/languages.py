"""Language names as the archives write them → ISO 639-1 codes (BCP 47 tags)."""

from __future__ import annotations

_CODES = {
    "albanian": "sq", "arabic": "ar", "bulgarian": "bg", "chinese": "zh", "croatian": "hr",
    "czech": "cs", "danish": "da", "dutch": "nl", "english": "en", "estonian": "et",
    "finnish": "fi", "french": "fr", "georgian": "ka", "german": "de", "greek": "el",
    "hebrew": "he", "hindi": "hi", "hungarian": "hu", "indonesian": "id", "italian": "it",
    "japanese": "ja", "khmer": "km", "korean": "ko", "lao": "lo", "latvian": "lv",
    "lithuanian": "lt", "macedonian": "mk", "mongolian": "mn", "norwegian": "no",
    "persian": "fa", "polish": "pl", "portuguese": "pt", "romanian": "ro", "russian": "ru",
    "serbian": "sr", "serbo-croatian": "sh", "slovak": "sk", "slovenian": "sl",
    "spanish": "es", "swedish": "sv", "thai": "th", "turkish": "tr", "ukrainian": "uk",
    "vietnamese": "vi", "yiddish": "yi",
}  # fmt: skip

UNDETERMINED = "und"


def language_code(name: str) -> str | None:
    """ISO 639-1 code of an English language name, or ``None`` if unknown."""
    return _CODES.get(name.strip().lower())
