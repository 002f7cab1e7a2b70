"""Which country's emergency number to show: ``--country``, then $FOOTSPINE_COUNTRY, then the locale.

A wrong number in an emergency costs minutes, so footspine only names a number it has for the
country it was told or can read from the locale; otherwise it says "your local emergency number".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from .errors import FootspineError
from .model import KnowledgeBase, Services

COUNTRY_ENV = "FOOTSPINE_COUNTRY"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")  # the order POSIX reads them in
ALIASES = {"UK": "GB", "EL": "GR"}  # the names people and the EU use for two ISO codes
_CODE = re.compile(r"[A-Za-z]{2}")
_LOCALE = re.compile(r"[A-Za-z]{2,3}_([A-Za-z]{2})(?:[.@].*)?")  # en_GB.UTF-8, de_DE@euro


class Place(NamedTuple):
    """The country code chosen (or ""), where it came from ("option", "env", "locale" or ""), and its
    services in the rule file (None when the rule file does not list the country)."""

    code: str
    where: str
    services: Services | None


def country_code(text: str, what: str) -> str:
    """A two-letter country code as given (``gb``, ``UK``) in ISO form, or a one-line error."""
    if not _CODE.fullmatch(text.strip()):
        raise FootspineError(f"{what}: {text!r} is not a two-letter country code (e.g. GB, US, AU, DE)")
    code = text.strip().upper()
    return ALIASES.get(code, code)


def from_locale(environ: Mapping[str, str]) -> str:
    """The country of the first locale variable set (``en_GB.UTF-8`` -> ``GB``); "" for C or POSIX."""
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            found = _LOCALE.fullmatch(value)
            return ALIASES.get(found.group(1).upper(), found.group(1).upper()) if found else ""
    return ""


def place(kb: KnowledgeBase, option: str | None, environ: Mapping[str, str]) -> Place:
    if option:
        code, where = country_code(option, "--country"), "option"
    elif environ.get(COUNTRY_ENV, "").strip():
        code, where = country_code(environ[COUNTRY_ENV], f"${COUNTRY_ENV}"), "env"
    else:
        code = from_locale(environ)
        where = "locale" if code else ""
    return Place(code, where, kb.services.get(code))
