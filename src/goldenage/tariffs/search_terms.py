"""What a search query means: its words, their spellings and synonyms, and one-typo corrections.

A query is either the first digits of a code or up to eight words. Each word becomes a group
of alternatives (any of them may match): the word itself; its British or American spelling and
its everyday synonyms from ``data/search/synonyms.yaml``; and, when none of those occurs in
the schedule, the words of the schedule one edit away from it (a letter deleted, inserted,
replaced, or two neighbours swapped: "cemera" finds "camera"). The groups are joined by AND
by AND (:mod:`.search`); the index's Porter stemmer makes plurals and
inflections match ("tyres" -> "tyre" -> "tire").
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from goldenage.errors import DataFileError, InputError
from goldenage.paths import data_dir
from goldenage.tariffs.search_index import plain_words

MAX_QUERY = 100
MAX_WORDS = 8
FIELD = "query"
ACCEPTED = (
    "one to eight words of a description (e.g. 'passenger motor vehicles') or the first digits of a code"
)
MIN_TYPO_LENGTH = 4  # shorter words have too many neighbours one edit away
MAX_TYPO_LENGTH = 24  # longer "words" are not corrected (bounds the candidates: 74 per letter)
MAX_CORRECTIONS = 3  # most frequent corrections kept per word
# Words that say nothing about the goods; dropped from a query that has other words.
STOP_WORDS = frozenset({"a", "an", "and", "for", "in", "of", "on", "or", "the", "to", "with"})
_KEYS = {"description", "spellings", "expansions"}
_PHRASE = re.compile(r"^[a-z0-9]+(?: [a-z0-9]+)*$")


@dataclass(frozen=True)
class Synonyms:
    """Spelling variants and expansions of query words (see ``data/search/synonyms.yaml``)."""

    spellings: dict[str, tuple[str, ...]]
    expansions: dict[str, tuple[str, ...]]

    def _find(self, table: dict[str, tuple[str, ...]], word: str) -> tuple[str, ...]:
        for form in _singulars(word):
            if form in table:
                return table[form]
        return ()

    def spellings_of(self, word: str) -> tuple[str, ...]:
        """Return the other spellings of ``word`` or of its singular (``tyres`` -> ``tire``)."""
        return self._find(self.spellings, word)

    def expansions_of(self, word: str) -> tuple[str, ...]:
        """Return the everyday synonyms of ``word`` (or of its singular, or of another spelling)."""
        found = [*self._find(self.expansions, word)]
        for other in self.spellings_of(word):
            found += self._find(self.expansions, other)
        return tuple(dict.fromkeys(found))


def _singulars(word: str) -> list[str]:
    """Return ``word`` and its likely singular forms (the synonym file lists singulars)."""
    forms = [word]
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 3:
        forms.append(word[:-2])
    if word.endswith("s") and len(word) > 2:
        forms.append(word[:-1])
    return forms


def _bad(path: object, what: str) -> DataFileError:
    return DataFileError(f"{path}: {what}")


def _phrase(path: object, value: Any) -> str:
    text = " ".join(plain_words(str(value)))
    if not isinstance(value, str) or not _PHRASE.match(text):
        raise _bad(path, f"{value!r} is not a word or phrase of letters and digits")
    return text


@cache
def synonyms() -> Synonyms:
    """Return the shipped synonyms (``data/search/synonyms.yaml``)."""
    return load_synonyms(data_dir() / "search" / "synonyms.yaml")


def load_synonyms(path: Path) -> Synonyms:
    """Return the synonyms of a file; a malformed file raises :class:`DataFileError` naming it."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise _bad(path, f"cannot be read: {err}") from err
    if not isinstance(raw, dict) or set(raw) - _KEYS or not {"spellings", "expansions"} <= set(raw):
        raise _bad(path, f"expected the keys {sorted(_KEYS)}")
    spellings: dict[str, list[str]] = {}
    for group in raw["spellings"] or ():
        if not isinstance(group, list) or len(group) < 2:  # noqa: PLR2004 - a variant needs two words
            raise _bad(path, f"spelling group {group!r} is not a list of two or more words")
        words = [_phrase(path, w) for w in group]
        for word in words:
            spellings.setdefault(word, []).extend(w for w in words if w != word)
    expansions: dict[str, list[str]] = {}
    for word, targets in (raw["expansions"] or {}).items():
        key = _phrase(path, word)
        if " " in key or not isinstance(targets, list) or not targets:
            raise _bad(path, f"expansion {word!r} must map one word to a list of words or phrases")
        expansions.setdefault(key, []).extend(_phrase(path, t) for t in targets)
    return Synonyms(
        {k: tuple(dict.fromkeys(v)) for k, v in spellings.items()},
        {k: tuple(dict.fromkeys(v)) for k, v in expansions.items()},
    )


def parse_query(query: str, field: str = FIELD) -> tuple[str | None, list[str]]:
    """Return ``(code prefix, words)`` of a query; bad queries raise :class:`InputError` on ``field``."""
    text = str(query).strip()
    if not text or len(text) > MAX_QUERY:
        msg = "is empty" if not text else f"is longer than {MAX_QUERY} characters"
        raise InputError(field, msg, ACCEPTED)
    compact = text.replace(".", "").replace(" ", "")
    if compact.isdigit() and compact.isascii():
        if len(compact) > 10:  # noqa: PLR2004 - the longest HTS code
            msg = f"{text!r} has more than 10 digits"
            raise InputError(field, msg, ACCEPTED)
        return compact, []
    words = plain_words(text)
    if not words or len(words) > MAX_WORDS:
        msg = f"{text!r} has no searchable word" if not words else f"{text!r} has more than {MAX_WORDS} words"
        raise InputError(field, msg, ACCEPTED)
    return None, list(dict.fromkeys(words))


def one_edit(word: str) -> set[str]:
    """Return every string one deletion, insertion, replacement or swap of neighbours from ``word``."""
    letters = string.ascii_lowercase + string.digits
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in letters}
    inserts = {a + c + b for a, b in splits for c in letters}
    return (deletes | swaps | replaces | inserts) - {word}


@dataclass(frozen=True)
class Group:
    """The alternatives of one query word, and how they were found.

    ``alternatives`` stand for the word itself (the word, its other spellings, the words of
    the schedule it was corrected to); ``expansions`` are its everyday synonyms, which the
    ranking counts at most as much as the word itself (:mod:`.search`).
    """

    word: str
    alternatives: tuple[str, ...]
    expansions: tuple[str, ...] = ()
    corrected: tuple[str, ...] = ()  # words of the schedule one edit away, used for a typo

    @property
    def searched(self) -> tuple[str, ...]:
        """Return every word or phrase searched for this word."""
        return (*self.alternatives, *self.expansions)


def groups(
    words: list[str], occurs: Callable[[str], bool], frequent: Callable[[set[str]], list[str]]
) -> list[Group]:
    """Return the group of alternatives of each query word (common words dropped when others remain).

    ``occurs(term)`` says whether a word or phrase matches any line (stemmed, as the index
    matches it); ``frequent(candidates)`` returns those of the schedule's own words among the
    candidates, most frequent first. A word is corrected only when neither it nor any of its
    variants and synonyms occurs.
    """
    kept = [w for w in words if w not in STOP_WORDS] or words
    out = []
    table = synonyms()
    for word in kept:
        alternatives = (word, *table.spellings_of(word))
        expansions = table.expansions_of(word)
        if (
            len(word) < MIN_TYPO_LENGTH
            or word.isdigit()
            or any(occurs(a) for a in (*alternatives, *expansions))
        ):
            out.append(Group(word, alternatives, expansions))
            continue
        corrected = tuple(frequent(one_edit(word))[:MAX_CORRECTIONS])
        alternatives += tuple(s for c in corrected for s in (c, *table.spellings_of(c)))
        expansions += tuple(s for c in corrected for s in table.expansions_of(c))
        out.append(
            Group(word, tuple(dict.fromkeys(alternatives)), tuple(dict.fromkeys(expansions)), corrected)
        )
    return out


__all__ = [
    "ACCEPTED",
    "FIELD",
    "MAX_QUERY",
    "MAX_WORDS",
    "Group",
    "Synonyms",
    "STOP_WORDS",
    "groups",
    "load_synonyms",
    "one_edit",
    "parse_query",
    "synonyms",
]
