"""Durable checkpoints of a search: one JSON line per evaluation, appended as it finishes.

File layout (JSON Lines)::

    {"format": "hpt-checkpoint", "version": 1, "method": "bayesian", "space": "...", ...}
    {"i": 0, "params": {...}, "value": 0.31, "error": null, "seconds": 0.02}
    {"i": 1, "params": {...}, "value": null, "error": "ValueError: ...", "seconds": 0.01}

The first line (the header) describes the search, so resuming with a different space or
method is refused rather than silently mixed. Each record is written, flushed and
``fsync``-ed before the search goes on, so a crash or Ctrl-C loses at most the evaluation
that was running. A torn last line (a crash during the write) is dropped when the file is
read again. Values are stored as the objective returned them; failures as ``null``.
Categorical options that JSON cannot hold exactly are stored by their index.

Data safety:

- a file is only ever written to after its first line has been read and found to be an
  hpt checkpoint header (or when it is missing or empty): any other file is refused with
  an error naming it, and left untouched;
- the header is compared with the search before any record is decoded, so a checkpoint of
  another search is reported as such; a malformed record is reported by its line number;
- while a search uses the file it holds an advisory lock on it (``fcntl.flock`` on POSIX,
  ``msvcrt.locking`` on Windows), so a second search on the same file is refused ("in
  use") instead of interleaving its records with the first one's.
"""

from __future__ import annotations

import json
import math
import os
import warnings
from pathlib import Path
from typing import Any

from hpt_helpers.space import Categorical, Space

try:  # POSIX
    import fcntl as _fcntl
except ImportError:  # pragma: no cover - Windows
    _fcntl = None
try:  # Windows
    import msvcrt as _msvcrt
except ImportError:
    _msvcrt = None

__all__ = ["Checkpoint", "CheckpointInUseError"]

FORMAT = "hpt-checkpoint"
VERSION = 1


class CheckpointInUseError(RuntimeError):
    """Another search (in this process or another) holds the checkpoint's lock."""


def _json_exact(value: Any) -> bool:
    if value is None or isinstance(value, (str, bool)):
        return True
    if isinstance(value, int):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    return False


def _lock(fh, path: Path) -> None:
    """Take a non-blocking exclusive advisory lock on an open file, or raise."""
    try:
        if _fcntl is not None:
            _fcntl.flock(fh.fileno(), _fcntl.LOCK_EX | _fcntl.LOCK_NB)
        elif _msvcrt is not None:  # pragma: no cover - Windows only
            fh.seek(0)
            _msvcrt.locking(fh.fileno(), _msvcrt.LK_NBLCK, 1)
    except OSError as exc:
        fh.close()
        raise CheckpointInUseError(
            f"checkpoint {str(path)!r} is in use by another search (it holds the file's "
            f"lock); wait for it to finish or use another file.") from exc


def _unlock(fh) -> None:
    try:
        if _fcntl is not None:
            _fcntl.flock(fh.fileno(), _fcntl.LOCK_UN)
        elif _msvcrt is not None:  # pragma: no cover - Windows only
            fh.seek(0)
            _msvcrt.locking(fh.fileno(), _msvcrt.LK_UNLCK, 1)
    except OSError:  # pragma: no cover - closing releases it anyway
        pass


class Checkpoint:
    """A JSON Lines file recording a search's evaluations.

    Opening it takes an advisory lock that is held until :meth:`close` (also a context
    manager), so two searches cannot write one file at once.

    Parameters
    ----------
    path : str or Path
        The file; created (with its folder) when missing. An existing non-empty file must
        be an hpt checkpoint (its first line a checkpoint header); anything else is
        refused and left untouched.
    space : Space
        The search space (stored in the header; used to decode categorical options).
    header : dict
        What identifies the search: ``method``, ``space`` and settings. When the file
        exists its header must agree on ``method`` and ``space``.

    Attributes
    ----------
    header : dict
        The header stored in the file (the existing one when resuming).
    records : list of dict
        Evaluations already in the file, in order.

    Raises
    ------
    ValueError
        The file is not an hpt checkpoint, belongs to another search, or has a malformed
        record (named by its line number).
    CheckpointInUseError
        Another search holds the file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from hpt_helpers.space import Real
    >>> space = Space({"x": Real(0, 1)})
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "run.jsonl"
    >>> with Checkpoint(path, space, {"method": "random"}) as ck:
    ...     ck.append({"x": 0.5}, 1.25, None, 0.01)
    >>> with Checkpoint(path, space, {"method": "random"}) as ck:
    ...     ck.records[0]["value"]
    1.25
    """

    def __init__(self, path: Any, space: Space, header: dict) -> None:
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"checkpoint must be a file path (str or Path) or None; got "
                            f"{path!r} of type {type(path).__name__}.")
        self.path = Path(path)
        self.space = space
        self._fh = None
        wanted = {"format": FORMAT, "version": VERSION, "space": repr(space), **header}
        self.records: list[dict] = []
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Open without truncating or creating a partial file: "a+b" creates when missing,
        # never truncates, and lets us read what is there. Writes go to the end.
        fh = open(self.path, "a+b")  # noqa: SIM115 - held open until close()
        _lock(fh, self.path)
        self._fh = fh
        try:
            fh.seek(0)
            raw = fh.read()
            if raw.strip():
                stored, self.records = self._read(raw, wanted)
                self.header = stored
            else:
                self.header = wanted
                fh.truncate(0)  # empty or whitespace only: nothing to lose
                self._write_lines([json.dumps(wanted)])
        except BaseException:
            self.close()
            raise

    # -- lifetime --------------------------------------------------------------------
    def close(self) -> None:
        """Release the lock and close the file (idempotent)."""
        fh, self._fh = self._fh, None
        if fh is not None:
            _unlock(fh)
            fh.close()

    def __enter__(self) -> Checkpoint:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:  # pragma: no cover - best effort
        try:
            self.close()
        except Exception:
            pass

    # -- reading ---------------------------------------------------------------------
    def _not_ours(self, why: str) -> ValueError:
        return ValueError(f"checkpoint {str(self.path)!r} is not an hpt checkpoint ({why}); "
                          f"it was left untouched. Use a new file (or delete this one if it "
                          f"is yours).")

    def _read(self, raw: bytes, wanted: dict) -> tuple[dict, list[dict]]:
        lines = raw.split(b"\n")
        # 1. The header, before anything else is parsed or written.
        first = lines[0]
        try:
            stored = json.loads(first)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise self._not_ours("its first line is not a JSON header") from None
        if not isinstance(stored, dict) or stored.get("format") != FORMAT:
            raise self._not_ours(f"its first line has no \"format\": {FORMAT!r}")
        if len(lines) == 1:  # a header without its newline: complete it
            self._write_lines([""], newline=False)
            return self._check_header(stored, wanted), []
        stored = self._check_header(stored, wanted)
        # 2. The records, each checked, reported by line number.
        records: list[dict] = []
        offset = len(first) + 1
        good_end = offset
        for n in range(1, len(lines)):
            line = lines[n]
            end = offset + len(line) + 1
            if line.strip():
                try:
                    parsed = json.loads(line)
                except (json.JSONDecodeError, UnicodeDecodeError):
                    if any(x.strip() for x in lines[n + 1:]):
                        raise ValueError(f"checkpoint {str(self.path)!r} is corrupt at line "
                                         f"{n + 1}; it is not a JSON line.") from None
                    warnings.warn(f"checkpoint {str(self.path)!r}: dropping a torn last line "
                                  f"(an evaluation interrupted while being written).",
                                  RuntimeWarning, stacklevel=4)
                    self._fh.truncate(good_end)
                    break
                records.append(self._decode(parsed, n + 1))
                good_end = min(end, len(raw))
            offset = end
        if not raw.endswith(b"\n") and good_end == len(raw):
            self._write_lines([""], newline=False)
        return stored, records

    def _check_header(self, stored: dict, wanted: dict) -> dict:
        for key in ("format", "method", "space"):
            if stored.get(key) != wanted.get(key):
                what = "belongs to another space: it " if key == "space" else ""
                raise ValueError(
                    f"checkpoint {str(self.path)!r} {what}was written by another search "
                    f"({key}={stored.get(key)!r}, this search has {wanted.get(key)!r}); "
                    f"use a new file or delete this one.")
        return stored

    def _decode(self, record: Any, line: int) -> dict:
        where = f"checkpoint {str(self.path)!r}, line {line}"
        if not isinstance(record, dict):
            raise ValueError(f"{where}: a record must be a JSON object; got "
                             f"{type(record).__name__}.")
        missing = [k for k in ("params", "value") if k not in record]
        if missing:
            raise ValueError(f"{where}: the record has no {missing} (keys: "
                             f"{sorted(record)}); the file is damaged.")
        raw_params = record["params"]
        if not isinstance(raw_params, dict):
            raise ValueError(f"{where}: \"params\" must be a JSON object; got "
                             f"{raw_params!r:.80}.")
        absent = [name for name in self.space.names if name not in raw_params]
        if absent:
            raise ValueError(f"{where}: \"params\" lacks {absent} (has "
                             f"{sorted(raw_params)}); the file is damaged.")
        params = {}
        for name, dim in self.space.items():
            value = raw_params[name]
            try:
                if isinstance(dim, Categorical):
                    if isinstance(value, dict) and "__option__" in value:
                        value = dim.options[value["__option__"]]
                    else:
                        value = dim.options[dim.index(value)]
            except (ValueError, IndexError, TypeError, KeyError) as exc:
                raise ValueError(f"{where}: {name}={value!r:.80} is not an option of "
                                 f"{dim!r:.80} ({exc}).") from None
            params[name] = value
        value = record.get("value")
        if value is not None and (isinstance(value, bool)
                                  or not isinstance(value, (int, float))):
            raise ValueError(f"{where}: \"value\" must be a number or null; got "
                             f"{value!r:.80}.")
        return {**record, "params": params, "value": math.nan if value is None else value}

    # -- writing ---------------------------------------------------------------------
    def _encode_params(self, params: dict) -> dict:
        out = {}
        for name, dim in self.space.items():
            value = params[name]
            if isinstance(dim, Categorical) and not _json_exact(value):
                value = {"__option__": dim.index(value)}
            out[name] = value
        return out

    def append(self, params: dict, value: float, error: str | None, seconds: float,
               **extra: Any) -> None:
        """Append one evaluation and force it to disk (flush + fsync)."""
        record = {"i": len(self.records), "params": self._encode_params(params),
                  "value": value if math.isfinite(value) else None, "error": error,
                  "seconds": seconds, **extra}
        self._write_lines([json.dumps(record)])
        self.records.append({**record, "params": dict(params),
                             "value": value if math.isfinite(value) else math.nan})

    def _write_lines(self, lines: list[str], newline: bool = True) -> None:
        if self._fh is None:
            raise ValueError(f"checkpoint {str(self.path)!r} is closed.")
        text = "".join(line + "\n" for line in lines) if newline else "\n"
        self._fh.seek(0, os.SEEK_END)
        self._fh.write(text.encode("utf-8"))
        self._fh.flush()
        os.fsync(self._fh.fileno())
