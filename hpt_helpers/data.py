"""Checked loading of the small files in ``data/``.

Every file in ``data/`` is listed in ``data/checksums.json`` with its SHA-256 digest and
the script that rebuilds it. :func:`load_table` verifies the digest before parsing, so a
corrupted or truncated file gives a clear error instead of wrong results. Build scripts
call :func:`record_checksum` after writing a file.

The folder is found next to the repository's ``notebooks/`` (the course is installed in
editable mode), or wherever the ``HPT_DATA`` environment variable points.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

__all__ = ["DataIntegrityError", "data_dir", "file_sha256", "load_table", "record_checksum"]

MANIFEST = "checksums.json"


class DataIntegrityError(ValueError):
    """A data file does not match its recorded checksum (corrupted, truncated, edited)."""


def data_dir() -> Path:
    """The folder holding the course's data files.

    Examples
    --------
    >>> (data_dir() / "checksums.json").exists()
    True
    """
    env = os.environ.get("HPT_DATA")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent.parent / "data"
    if here.is_dir():
        return here
    from hpt_helpers.course.notebooks import find_root

    return find_root() / "data"


def file_sha256(path: Path) -> str:
    """Hex SHA-256 digest of a file.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "x.txt"; _ = p.write_bytes(b"abc")
    >>> file_sha256(p)[:12]
    'ba7816bf8f01'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def record_checksum(path: Path, script: str, description: str = "") -> str:
    """Record ``path``'s digest (and the script that built it) in the manifest.

    Returns
    -------
    str
        The digest.
    """
    path = Path(path)
    folder = path.parent
    manifest = _manifest(folder)
    digest = file_sha256(path)
    manifest[path.name] = {"sha256": digest, "bytes": path.stat().st_size, "script": script,
                           "description": description}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n",
                                   encoding="utf-8")
    return digest


def load_table(name: str, *, folder: Path | None = None):
    """Load ``data/<name>`` (a CSV file) as a pandas DataFrame after checking its digest.

    Parameters
    ----------
    name : str
        File name inside ``data/``, e.g. ``"svc_digits_grid.csv"``.
    folder : Path, optional
        Another data folder (tests).

    Raises
    ------
    FileNotFoundError
        The file is missing; the message names the script that rebuilds it.
    DataIntegrityError
        The file's digest differs from the recorded one.
    ValueError
        The file is not listed in the manifest.
    """
    import pandas as pd

    folder = Path(folder) if folder is not None else data_dir()
    manifest = _manifest(folder)
    if name not in manifest:
        listed = ", ".join(sorted(manifest)) or "none"
        raise ValueError(f"name must be a file listed in {folder / MANIFEST} "
                         f"(listed: {listed}); got {name!r}")
    entry = manifest[name]
    path = folder / name
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; rebuild it with "
                                f"`python {entry['script']}` or restore it from git")
    digest = file_sha256(path)
    if digest != entry["sha256"]:
        raise DataIntegrityError(
            f"{path} is corrupted or truncated: its SHA-256 is {digest[:16]}..., the "
            f"recorded one {entry['sha256'][:16]}... ({path.stat().st_size} bytes, "
            f"{entry.get('bytes', '?')} recorded). Restore it with `git checkout -- "
            f"data/{name}` or rebuild it with `python {entry['script']}`.")
    # Read back exactly the floats that were written. pandas 3 does by default (and
    # deprecates the option); the default parser of pandas 2 may differ in the last bit
    # (a regret of 1e-17 instead of 0), so ask it for round-trip parsing.
    exact = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}
    return pd.read_csv(path, **exact)
