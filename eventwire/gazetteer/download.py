"""Fetch GeoNames country dumps (XX.zip) and load them: `eventwire gazetteer download SY IQ`.

Plain urllib, streamed to a temporary file beside the cache and renamed when complete, so an
interrupted download never leaves a truncated zip behind. The base URL can be a local directory or a
file:// URL (tests, mirrors, air-gapped machines that carry the dumps on a disk).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from .build import GazetteerError, Progress, _noop, add_geonames, default_path

GEONAMES_DUMP_URL = "https://download.geonames.org/export/dump/"
CHUNK = 1 << 16


def dump_url(code: str, base: str = GEONAMES_DUMP_URL) -> str:
    """URL (or path) of the dump for a country code ("SY") or a named dump ("cities500", "allCountries")."""
    code = code.strip()
    if re.fullmatch(r"[A-Za-z]{2}", code):
        name = code.upper() + ".zip"
    elif re.fullmatch(r"[A-Za-z0-9]+", code):
        name = code + ".zip"
    else:
        raise GazetteerError(f"{code!r} is not a country code (XX) or a GeoNames dump name")
    if "://" not in base:
        return str(Path(base) / name)
    return base.rstrip("/") + "/" + name


def fetch(url: str, dest: Path, progress: Progress = _noop, opener: Callable = urllib.request.urlopen) -> Path:
    """Download `url` (http(s), file:// or a local path) to `dest` atomically."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".download-", suffix=".part", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            if "://" not in url:
                src = Path(url)
                if not src.exists():
                    raise GazetteerError(f"{url}: no such file")
                with open(src, "rb") as fh:
                    shutil.copyfileobj(fh, out, CHUNK)
            else:
                try:
                    with opener(url, timeout=60) as resp:
                        total = int(resp.headers.get("Content-Length") or 0) or None
                        while chunk := resp.read(CHUNK):
                            out.write(chunk)
                            progress(url.rsplit("/", 1)[-1], len(chunk), total)
                except urllib.error.HTTPError as exc:
                    raise GazetteerError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
                except (urllib.error.URLError, OSError) as exc:
                    reason = getattr(exc, "reason", exc)
                    raise GazetteerError(f"{url}: cannot download ({reason})") from exc
        os.replace(tmp, dest)
    finally:
        if tmp.exists():
            tmp.unlink()
    return dest


def download(
    codes: list[str],
    path: str | Path | None = None,
    base: str = GEONAMES_DUMP_URL,
    progress: Progress = _noop,
    keep_dir: Path | None = None,
) -> dict[str, int]:
    """Fetch and load each dump; returns rows loaded per code. Downloads are cached beside the gazetteer."""
    target = Path(path) if path else default_path()
    cache = keep_dir or (target.parent / "geonames")
    loaded: dict[str, int] = {}
    for code in codes:
        url = dump_url(code, base)
        dest = cache / url.replace("\\", "/").rsplit("/", 1)[-1]
        fetch(url, dest, progress)
        loaded[code] = add_geonames(dest, target, progress=progress)
    return loaded
