"""Which language footspine speaks, and its translations: gettext catalogues, as translators edit them.

Each language has two catalogues in ``footspine/locale/<lang>/LC_MESSAGES/``: ``messages.po`` (the
message catalogue, ``messages.py``) and ``rules.po`` (the rule file's texts, ``rule_texts.py``).
Babel compiles a ``.po`` to gettext's binary ``.mo`` form the first time it is used and the result
is kept in footspine's cache folder under the SHA-256 of the ``.po``, so an edited translation is
compiled again and later starts read the ``.mo`` with the standard library (about 5 ms) instead of
parsing the ``.po`` (about 100 ms). An entry marked fuzzy (its English changed since it was
translated) is left out, and the English shows until a translator has reviewed it.

The language is ``--lang``, else $FOOTSPINE_LANG, else the locale ($LANGUAGE, $LC_ALL,
$LC_MESSAGES, $LANG, as gettext reads them), else English. A language asked for by name that
footspine does not have is an error; a locale it does not have means English.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from contextlib import AbstractContextManager, nullcontext
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from .errors import FootspineError
from .knowledge import digest
from .messages import ENGLISH, say, use

if TYPE_CHECKING:
    from gettext import GNUTranslations

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAINS = ("messages", "rules")
SOURCE = "en"  # the language of the message catalogue and the rule file
LANG_ENV = "FOOTSPINE_LANG"
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")  # gettext's order
_TAG = re.compile(r"([A-Za-z]{2,3})(?:[_-][A-Za-z0-9]+)?(?:[.@].*)?")  # es, es_MX, es-419, es_ES.UTF-8
_FORMAT = 1  # the layout of a kept .mo


@cache
def available() -> tuple[str, ...]:
    """English, then every language with both catalogues."""
    found = (
        folder.name
        for folder in LOCALE_DIR.iterdir()
        if all((folder / "LC_MESSAGES" / f"{domain}.po").is_file() for domain in DOMAINS)
    )
    return (SOURCE, *sorted(found))


languages = available  # footspine.languages()


def language_of(tag: str) -> str:
    """The language part of a tag or locale (``es_MX.UTF-8`` -> ``es``), or "" for C, POSIX or junk."""
    found = _TAG.fullmatch(tag.strip())
    return found.group(1).lower() if found and tag.strip().upper() not in ("C", "POSIX") else ""


def chosen(option: str | None, environ: Mapping[str, str], what: str = "--lang") -> str:
    """The language to speak: the option, else $FOOTSPINE_LANG, else the locale's, else English.
    Raises FootspineError for an option or variable naming a language footspine does not have
    ("C" and "POSIX" mean English)."""
    for given, named in ((option, what), (environ.get(LANG_ENV), f"${LANG_ENV}")):
        if given is not None and given.strip():
            if given.strip().upper() in ("C", "POSIX"):
                return SOURCE
            language = language_of(given)
            if language not in available():
                known = ", ".join(available())
                raise FootspineError(say("language.unknown", what=named, given=given.strip(), known=known))
            return language
    return from_locale(environ)


def from_locale(environ: Mapping[str, str]) -> str:
    """The language of the locale, as GNU gettext reads it: the first of $LC_ALL, $LC_MESSAGES and
    $LANG that is set names the locale; in the C or POSIX locale (or none) the messages are English,
    $LANGUAGE or not; otherwise $LANGUAGE, a list such as ``es:en``, comes first when it is set.
    The first language footspine has wins; none of them means English."""
    locale = next((environ[name] for name in LOCALE_VARIABLES[1:] if environ.get(name)), "")
    if not language_of(locale):
        return SOURCE
    tags = environ.get("LANGUAGE", "").split(":") if environ.get("LANGUAGE") else [locale]
    for tag in tags:
        if language_of(tag) == SOURCE or language_of(tag) in available():
            return language_of(tag)
    return SOURCE


class Translation:
    """One language's catalogues; ``key`` is the SHA-256 of both ``.po`` files, so a translated rule
    file is kept apart from the English one and from any other version of the translation."""

    def __init__(self, language: str, key: str, messages: GNUTranslations, rules: GNUTranslations) -> None:
        self.language, self.key, self.messages, self.rules = language, key, messages, rules

    def rule_text(self, place: str, english: str) -> str | None:
        """The translation of a rule-file text at ``place``, or None while it has none or it
        cannot stand in for the English (see ``fits``)."""
        translated = self.rules.pgettext(place, english)
        return translated if translated != english and fits(translated, english) else None

    def catalogue(self) -> dict[str, str]:
        """The message catalogue in this language: every key, English where no translation is or
        where it cannot stand in for the English."""
        return {
            key: _or_english(self.messages.pgettext(key, english), english)
            for key, english in ENGLISH.items()
        }

    def plural(self, key: str, count: int) -> str:
        """The plural form of message ``key`` that fits ``count`` in this language."""
        one, other = ENGLISH[f"{key}.one"], ENGLISH[f"{key}.other"]
        form = self.messages.npgettext(key, one, other, count)
        return form if fits(form, other, plural=True) else (one if count == 1 else other)


_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def fits(translated: str, english: str, *, plural: bool = False) -> bool:
    """Whether a translation can be shown instead of its English: the same placeholders (so an
    emergency number is never dropped and no message fails to fill in; a plural form may leave out
    {count}, as "one" does), and no line breaks or control characters the English has not."""
    wanted = set(_PLACEHOLDER.findall(english))
    if plural:
        wanted.discard("{count}")
    got = set(_PLACEHOLDER.findall(translated))
    if not wanted <= got <= set(_PLACEHOLDER.findall(english)):
        return False
    return all(ch.isprintable() or ch in english for ch in translated)


def _or_english(translated: str, english: str) -> str:
    return translated if fits(translated, english) else english


@cache
def read(language: str) -> Translation:
    """The catalogues of ``language`` (one of ``available()`` other than English)."""
    import gettext  # only for another language: start-up time counts

    folder = LOCALE_DIR / language / "LC_MESSAGES"
    sources = {domain: (folder / f"{domain}.po").read_bytes() for domain in DOMAINS}
    compiled = {domain: gettext.GNUTranslations(io.BytesIO(_mo(text))) for domain, text in sources.items()}
    key = digest(b"".join(digest(text).encode() for text in sources.values()))
    return Translation(language, key, compiled["messages"], compiled["rules"])


def untranslated(rule_text: str, translation: Translation) -> list[str]:
    """The places of a rule file's texts that the translation has no entry for (shown in English)."""
    from .rule_texts import texts

    entries = translation.rules._catalog  # type: ignore[attr-defined]  # gettext's own table: ctx EOT msgid
    return [
        place
        for place, english in texts(msgspec.json.decode(rule_text))
        if f"{place}\x04{english}" not in entries
    ]


def speaking(language: str) -> AbstractContextManager[None]:
    """A ``with`` block in which footspine's messages are in ``language`` ("es", "es_MX", ...), in
    this thread. Raises FootspineError for a language footspine does not have."""
    language = chosen(language, {}, what="language")
    if language == SOURCE:
        return nullcontext()
    translation = read(language)
    return use(translation.catalogue(), translation.plural, language)


class _KeptCatalogue(msgspec.Struct, array_like=True):
    format: int
    po_sha256: str
    mo_sha256: str
    mo: bytes


def _mo(po: bytes) -> bytes:
    """The ``.mo`` of a ``.po``: the kept one when it is trustworthy, else compiled and kept."""
    from .rulecache import cache_dir, code_digest, keep, read_trusted

    po_sha256 = digest(f"{code_digest()}|{digest(po)}")  # a new footspine compiles again
    folder = cache_dir()
    path = folder / f"catalogue-{po_sha256}-{_FORMAT}.msgpack" if folder else None
    kept_bytes = read_trusted(path) if path else None
    if kept_bytes is not None:
        try:
            kept = msgspec.msgpack.decode(kept_bytes, type=_KeptCatalogue)
            if (kept.format, kept.po_sha256) == (_FORMAT, po_sha256) and digest(kept.mo) == kept.mo_sha256:
                return kept.mo
        except (msgspec.DecodeError, msgspec.ValidationError):
            pass  # damaged: compile again
    mo = compile_po(po)
    if folder and path:
        keep(folder, path, msgspec.msgpack.encode(_KeptCatalogue(_FORMAT, po_sha256, digest(mo), mo)))
    return mo


def compile_po(po: bytes) -> bytes:
    """A ``.po`` compiled to ``.mo`` by Babel, fuzzy entries left out (as ``pybabel compile`` does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    out = io.BytesIO()
    write_mo(out, read_po(io.BytesIO(po)), use_fuzzy=False)
    return out.getvalue()
