"""Essays added by users (issue 14): read a file safely, split it, find its places, store it, review it.

Owns: ``model`` (the dataclasses every module here shares: a stored essay, a found place, a mention,
an unresolved name, a review decision), ``reader`` (.txt/.md/.html/.docx to paragraphs, bounded, one
clear line per bad file), ``split`` (paragraphs and sentences), ``names`` (the name index built into
data/places/names.json.gz), ``finder`` (place mentions, transliteration, ambiguity by context),
``store`` (the user store's essays: atomic, idempotent, replace on request; the facade over
``store_files``, one folder per essay, and ``store_pg``, one PostgreSQL row per essay, chosen by
``geo.db.settings.enabled()``) and ``review`` (accept,
reject, the other candidate, an added place, the user's own one-line summary).

May import: ``geo.core``, ``geo.db`` and ``geo.data`` only (it sits between them and ``geo.lines``).
"""
