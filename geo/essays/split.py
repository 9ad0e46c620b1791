"""Sentences of a paragraph, as (start, end) offsets, by a careful rule set that survives real texts.

Why rules and not a library: the candidates on the registry (pysbd, syntok) each missed some of the
cases below or were slower; these rules are deterministic, need no data and run at well over a
million characters a second. ``tests/test_essay_split.py`` pins every case.

A sentence ends at ``.``, ``?``, ``!``, ``…`` or ``...``, carried over the closing quotes and brackets
and the footnote markers that follow it (``offensive.[3] The``, ``“a ceasefire.” Then``,
``(see below.) Next``, ``end.³ Next``), and only where whitespace follows and the next word starts
like a sentence: an upper-case letter, a digit, or an opening quote or bracket. Then:

- never after a title or a "before a name" abbreviation (``Mr.``, ``Dr.``, ``Gen.``, ``Lt. Gen.``,
  ``Col.``, ``St.``, ``Mt.``) nor after ``e.g.``, ``i.e.``, ``cf.``, ``vs.``;
- ``No.``, ``Art.``, ``p.``, ``pp.``, ``Vol.`` and the months (``Jan.``, ``Nov.`` …) do not end a
  sentence before a number (``No. 5``, ``Nov. 17, 2022``) but do before a word ("No. Putin saves
  no face" is two sentences);
- initialisms (``U.S.``, ``U.K.``, ``a.m.``) and single initials (``J. R. R. Tolkien``,
  ``George W. Bush``) end a sentence only before a word that usually opens one (``The``, ``It``,
  ``But`` …): "the U.S. Army" is one sentence, "from the U.S. The Kremlin" two;
- a decimal point (``1.5 km``) has no space after it, so it never ends anything;
- an ellipsis followed by a lower-case word ("secured…almost", "wait ... and see") goes on.
"""

from __future__ import annotations

import re

__all__ = ["sentences", "sentence_texts"]

# Abbreviations after which a capitalised name follows: never a boundary.
TITLES = frozenset(
    "Mr Mrs Ms Mx Dr Prof Gen Lt Col Maj Capt Cpt Sgt Adm Cmdr Cdr Brig Cpl Pvt Gov Sen Rep Pres Rev Hon "
    "Amb Sec Supt Insp Lieut Gens Messrs St Ste Mt Ft Jr Sr Bros Inc Ltd Co Corp Dept Univ Assn Ave Blvd "
    "Rd Hwy".split()
)
NEVER = frozenset("e.g eg i.e ie cf vs viz al approx ca".split())  # lower-case, compared as written
# Abbreviations that do not end a sentence before a number, but do before a word.
BEFORE_NUMBER = frozenset(
    "No Nos no nos Art art p pp Vol vol Fig fig Ch ch Sec sec Para para Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov "
    "Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun".split()
)
# Words that usually open a sentence: after an initialism or an initial, a boundary only before these.
STARTERS = frozenset(
    "The A An This That These Those It Its He She They We I You His Her Their Our My There Here But And Or So "
    "Yet Still Then Now In On At As For If When While After Before Since Although Though However Moreover "
    "Meanwhile Nevertheless Instead Indeed Thus Therefore Such What Why How Who Which Where No Not Some Many "
    "Most All Both Each Every One Two Three Only Even Also Neither Nor Other Another Once Until Without With "
    "By From Under Over During Despite".split()
)

_CLOSERS = "\"'”’»)]}›"
_OPENERS = "\"'“‘«([{‹"
_TERMINAL = re.compile(r"(?:\.\.\.|[.?!…])+")
_MARKER = re.compile(r"(?:\[(?:\d{1,3}|[a-z]|\d{1,3}[a-z]?(?:[,–-]\s?\d{1,3})*)\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)")
_INITIALISM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")  # U.S (the last period is the terminal one)


def sentences(text: str) -> list[tuple[int, int]]:
    """Split a paragraph into sentences.

    Parameters
    ----------
    text : str
        One paragraph (whitespace may be anything; offsets refer to this exact string).

    Returns
    -------
    list of (int, int)
        ``(start, end)`` offsets of each sentence in reading order: ``text[start:end]`` is the
        sentence verbatim, without surrounding whitespace; together they cover every non-space
        character of ``text``. An empty or blank text gives ``[]``.

    Examples
    --------
    >>> t = "Lt. Gen. Smith visited the U.S. Army on Nov. 17, 2022. It rained 1.5 mm."
    >>> [t[a:b] for a, b in sentences(t)]
    ['Lt. Gen. Smith visited the U.S. Army on Nov. 17, 2022.', 'It rained 1.5 mm.']
    >>> t = "“It is over,” he said. “No.” Russia attacked.[3] Then …"
    >>> [t[a:b] for a, b in sentences(t)]
    ['“It is over,” he said.', '“No.”', 'Russia attacked.[3]', 'Then …']
    """
    out: list[tuple[int, int]] = []
    n = len(text)
    start = _skip_space(text, 0)
    for m in _TERMINAL.finditer(text):
        if m.start() < start:
            continue
        end = _extend(text, m.end())
        nxt = _skip_space(text, end)
        if nxt >= n:
            break  # the paragraph's end closes the last sentence anyway
        if nxt == end:  # no space after: "1.5", "secured…almost", "U.S.-led"
            continue
        if _is_boundary(text, m.start(), m.group(), nxt):
            out.append((start, end))
            start = nxt
    if start < n:
        end = len(text.rstrip())
        if end > start:
            out.append((start, end))
    return out


def sentence_texts(text: str) -> list[str]:
    """The sentences of a paragraph as strings (``sentences`` applied).

    Parameters
    ----------
    text : str
        One paragraph.

    Returns
    -------
    list of str
        Each sentence verbatim.

    Examples
    --------
    >>> sentence_texts("Kyiv held. Kherson fell?  Yes!")
    ['Kyiv held.', 'Kherson fell?', 'Yes!']
    """
    return [text[a:b] for a, b in sentences(text)]


def _skip_space(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    return i


def _extend(text: str, i: int) -> int:
    """Carry a sentence end over closing quotes, brackets and footnote markers (in any order)."""
    n = len(text)
    while i < n:
        if text[i] in _CLOSERS:
            i += 1
            continue
        m = _MARKER.match(text, i)
        if m:
            i = m.end()
            continue
        break
    return i


def _next_word(text: str, i: int) -> str:
    j = i
    n = len(text)
    while j < n and text[j] in _OPENERS:
        j += 1
    k = j
    while k < n and (text[k].isalnum() or text[k] in "'’-"):
        k += 1
    return text[j:k]


def _is_boundary(text: str, term_start: int, term: str, nxt: int) -> bool:
    """Whether the terminal punctuation at ``term_start`` ends a sentence, the next one starting at ``nxt``."""
    word = _next_word(text, nxt)
    first = text[nxt]
    if first in _OPENERS:
        inner = word[:1]
        if not inner or not (inner.isupper() or inner.isdigit()):
            return False
    elif not (first.isupper() or first.isdigit()):
        return False  # a lower-case word, a comma, a dash: the sentence goes on
    if term != ".":
        return True  # ?, !, …, "...", "?!", ".." : before a capital, a boundary
    j = term_start
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] in ".'’-"):
        j -= 1
    before = text[j:term_start].lstrip("'’-")
    if not before:
        return True
    if before.lower() in NEVER:
        return False
    if before in TITLES:
        return False
    if before in BEFORE_NUMBER:
        return not word[:1].isdigit()
    if _INITIALISM.match(before) or (len(before) == 1 and before.isalpha()):
        return word in STARTERS
    return True
