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
"""

from __future__ import annotations

import json
import math
import os
import warnings
from pathlib import Path
from typing import Any

from hpt_helpers.space import Categorical, Space

__all__ = ["Checkpoint"]

FORMAT = "hpt-checkpoint"
VERSION = 1


def _json_exact(value: Any) -> bool:
    if value is None or isinstance(value, (str, bool)):
        return True
    if isinstance(value, int):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    return False


class Checkpoint:
    """A JSON Lines file recording a search's evaluations.

    Parameters
    ----------
    path : str or Path
        The file; created (with its folder) when missing.
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

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from hpt_helpers.space import Real
    >>> space = Space({"x": Real(0, 1)})
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "run.jsonl"
    >>> ck = Checkpoint(path, space, {"method": "random"})
    >>> ck.append({"x": 0.5}, 1.25, None, 0.01)
    >>> Checkpoint(path, space, {"method": "random"}).records[0]["value"]
    1.25
    """

    def __init__(self, path: Any, space: Space, header: dict) -> None:
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"checkpoint must be a file path (str or Path) or None; got "
                            f"{path!r} of type {type(path).__name__}.")
        self.path = Path(path)
        self.space = space
        wanted = {"format": FORMAT, "version": VERSION, "space": repr(space), **header}
        self.records: list[dict] = []
        if self.path.exists() and self.path.stat().st_size > 0:
            stored, self.records = self._read()
            for key in ("format", "method", "space"):
                if stored.get(key) != wanted.get(key):
                    raise ValueError(
                        f"checkpoint {str(self.path)!r} was written by another search "
                        f"({key}={stored.get(key)!r}, this search has {wanted.get(key)!r}); "
                        f"use a new file or delete this one.")
            self.header = stored
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.header = wanted
            self._write_lines([json.dumps(wanted)], mode="w")

    def _read(self) -> tuple[dict, list[dict]]:
        raw = self.path.read_bytes()
        lines = raw.split(b"\n")
        good_end = 0
        parsed = []
        offset = 0
        for n, line in enumerate(lines):
            end = offset + len(line) + 1
            if line.strip():
                try:
                    parsed.append(json.loads(line))
                    good_end = min(end, len(raw))
                except json.JSONDecodeError:
                    if n < len(lines) - 1 and any(x.strip() for x in lines[n + 1:]):
                        raise ValueError(f"checkpoint {str(self.path)!r} is corrupt at line "
                                         f"{n + 1}; it is not a JSON line.") from None
                    warnings.warn(f"checkpoint {str(self.path)!r}: dropping a torn last line "
                                  f"(an evaluation interrupted while being written).",
                                  RuntimeWarning, stacklevel=3)
                    with open(self.path, "r+b") as fh:
                        fh.truncate(good_end)
                    break
            offset = end
        if raw and not raw.endswith(b"\n") and good_end == len(raw):
            with open(self.path, "ab") as fh:
                fh.write(b"\n")
        if not parsed or not isinstance(parsed[0], dict) or parsed[0].get("format") != FORMAT:
            raise ValueError(f"checkpoint {str(self.path)!r} is not an hpt checkpoint (no "
                             f"header line); use a new file.")
        records = [self._decode(r) for r in parsed[1:]]
        return parsed[0], records

    def _decode(self, record: dict) -> dict:
        params = {}
        for name, dim in self.space.items():
            value = record["params"][name]
            if isinstance(dim, Categorical):
                if isinstance(value, dict) and "__option__" in value:
                    value = dim.options[value["__option__"]]
                else:
                    value = dim.options[dim.index(value)]
            params[name] = value
        value = record.get("value")
        return {**record, "params": params, "value": math.nan if value is None else value}

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
        self._write_lines([json.dumps(record)], mode="a")
        self.records.append({**record, "params": dict(params),
                             "value": value if math.isfinite(value) else math.nan})

    def _write_lines(self, lines: list[str], mode: str) -> None:
        with open(self.path, mode, encoding="utf-8") as fh:
            fh.write("".join(line + "\n" for line in lines))
            fh.flush()
            os.fsync(fh.fileno())
