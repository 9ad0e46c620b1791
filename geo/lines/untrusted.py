"""Reading files we did not write: size caps, UTF-8, JSON, zip archives and XML, each failing with
one clear line (ImportFailure) instead of a traceback, a hang or a memory blow-up.

Limits can be raised through environment variables for analysts with unusual files.
"""

from __future__ import annotations

import io
import json
import os
import stat
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

MAX_FILE_MB = float(os.environ.get("BRIEFMAP_MAX_IMPORT_MB", "50"))
MAX_UNZIPPED_MB = float(os.environ.get("BRIEFMAP_MAX_UNZIPPED_MB", "200"))
MAX_ZIP_RATIO = 100.0  # uncompressed / compressed, per member: real GIS files stay far below this
MAX_ZIP_MEMBERS = 2000


class ImportFailure(ValueError):
    """A file that cannot be imported; the message is one line meant for the analyst."""


def clean_text(text: str) -> str:
    """Text that can be written as UTF-8: lone surrogates (undecodable file-name bytes, JSON's lone
    ``\\udc80`` escapes) become U+FFFD."""
    text = str(text)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def printable(text: str) -> str:
    """Text safe for a terminal, a log line or a web page: valid UTF-8 (see clean_text), control and
    other non-printable characters (escape codes, newlines, bidi overrides) as \\xNN / \\uNNNN."""
    text = clean_text(text)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def shorten(text: str, limit: int = 160) -> str:
    """One printable line of at most `limit` characters, cut at a word boundary with an ellipsis."""
    text = " ".join(printable(str(text).replace("\n", " ").replace("\r", " ")).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return (cut if len(cut) > limit // 2 else text[:limit]) + " …"


def _clean_strings(obj: Any) -> Any:
    """The same JSON value with every string (keys included) passed through clean_text; iterative, so
    deep nesting cannot overflow the stack."""
    root = [obj]
    stack: list[tuple[Any, Any]] = [(root, 0)]
    while stack:
        holder, key = stack.pop()
        v = holder[key]
        if isinstance(v, str):
            holder[key] = clean_text(v)
        elif isinstance(v, list):
            stack.extend((v, i) for i in range(len(v)))
        elif isinstance(v, dict):
            fixed = {clean_text(k): x for k, x in v.items()}
            v.clear()
            v.update(fixed)
            stack.extend((v, k) for k in v)
    return root[0]


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def check_size(path: Path, limit_mb: float = MAX_FILE_MB) -> int:
    """Refuse a file above the size cap before reading a byte of it."""
    try:
        st = Path(path).stat()
    except OSError as exc:
        raise ImportFailure(f"cannot read {Path(path).name!r}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):  # a folder, a FIFO (would block), a device (endless)
        kind = (
            "a folder"
            if stat.S_ISDIR(st.st_mode)
            else "a FIFO"
            if stat.S_ISFIFO(st.st_mode)
            else "a device"
            if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
            else "a socket or other special file"
        )
        raise ImportFailure(f"{Path(path).name!r} is not a regular file ({kind}); refused")
    size = st.st_size
    if size > limit_mb * 1e6:
        raise ImportFailure(
            f"{Path(path).name!r} is {_mb(size)}, above the {limit_mb:g} MB import limit (set BRIEFMAP_MAX_IMPORT_MB to raise it)"
        )
    if size == 0:
        raise ImportFailure(f"{Path(path).name!r} is empty (0 bytes)")
    return size


def read_bytes(path: Path, limit_mb: float = MAX_FILE_MB) -> bytes:
    check_size(path, limit_mb)
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ImportFailure(f"cannot read {Path(path).name!r}: {exc.strerror or exc}") from None


def decode_utf8(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), or a message that points at the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailure(
            f"{name!r} is not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} (re-save it as UTF-8)"
        ) from None


def _loads(text: str) -> Any:
    """json.loads with the cyclic garbage collector paused: parsing builds millions of small lists and dicts
    (none cyclic), and collecting while they are built tripled the time of a 47 MB file (22 s against 7 s)."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        return json.loads(text)
    finally:
        if was:
            gc.enable()


def parse_json(text: str, name: str) -> Any:
    try:
        obj = _loads(text)
    except json.JSONDecodeError as exc:
        hint = " (the file looks truncated: it does not end with '}' or ']')" if not text.rstrip().endswith(("}", "]")) else ""
        raise ImportFailure(f"{name!r} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}{hint}") from None
    except RecursionError:
        raise ImportFailure(f"{name!r} nests JSON too deeply to be a map layer") from None
    except ValueError as exc:  # e.g. an integer above Python's int-string limit (4300 digits)
        raise ImportFailure(f"{name!r} holds a number that cannot be read ({shorten(exc, 100)})") from None
    if "\\ud" in text.lower():  # a \\uXXXX surrogate escape: lone ones cannot be written as UTF-8
        obj = _clean_strings(obj)
    return obj


def _safe_member_name(name: str) -> str:
    p = PurePosixPath(name.replace("\\", "/"))
    if p.is_absolute() or ".." in p.parts:
        raise ImportFailure(f"archive member {name[:80]!r} points outside the archive; refused")
    return p.as_posix()


def read_zip(data: bytes, name: str, wanted: tuple[str, ...] | None = None) -> dict[str, bytes]:
    """Members of a zip (only those ending with `wanted` suffixes, if given), with bomb protection.

    The declared sizes in a zip header can lie, so members are read in chunks and the caps are
    enforced on the bytes actually produced.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError) as exc:  # e.g. a bad UTF-8 member name
        raise ImportFailure(f"{name!r} is not a readable zip archive ({shorten(exc, 100)})") from None
    infos = [i for i in zf.infolist() if not i.is_dir()]
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ImportFailure(f"{name!r} holds {len(infos):,} files, above the limit of {MAX_ZIP_MEMBERS}")
    out: dict[str, bytes] = {}
    total = 0
    cap = MAX_UNZIPPED_MB * 1e6
    for info in infos:
        member = _safe_member_name(info.filename)
        if wanted and not member.lower().endswith(wanted):
            continue
        if info.flag_bits & 0x1:
            raise ImportFailure(f"{name!r}: member {member!r} is encrypted")
        buf = bytearray()
        try:
            with zf.open(info) as fh:
                while chunk := fh.read(1 << 20):
                    buf += chunk
                    total += len(chunk)
                    if total > cap:
                        raise ImportFailure(
                            f"{name!r} unpacks to more than {MAX_UNZIPPED_MB:g} MB; refused as a possible zip bomb"
                        )
                    if len(buf) > 1e6 and len(buf) > MAX_ZIP_RATIO * max(info.compress_size, 1):
                        raise ImportFailure(
                            f"{name!r}: member {member!r} expands more than {MAX_ZIP_RATIO:g}x; refused as a possible zip bomb"
                        )
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
            raise ImportFailure(f"{name!r}: member {member!r} cannot be unpacked ({exc})") from None
        out[member] = bytes(buf)
    return out


def parse_xml(data: bytes, name: str):
    """An ElementTree root, refusing DTDs, entity declarations and external references (XML bombs)."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ImportFailure(
            f"{name!r} declares a DTD or XML entities ({type(exc).__name__}); refused (entity expansion can exhaust memory)"
        ) from None
    except ParseError as exc:
        raise ImportFailure(f"{name!r} is not well-formed XML: {exc}") from None
