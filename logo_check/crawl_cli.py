"""crawl_cli: ``logo-check scan`` when some inputs are web archives.

Archives (recognised from their bytes, whatever their names; also inside folders named) go to the
crawl scan (:func:`logo_check.crawl.scan_archives`); the other inputs take the ordinary path
(:func:`logo_check.api.scan_paths`) and their documents join the same report. Output: the JSON of
SPEC §4 with its ``crawl`` and ``sites`` sections, or ``--format csv`` (a row per page), or
``--format html`` (a folder, given with ``--out``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ExitCode, UsageError
from .i18n import LibraryReason, translate

if TYPE_CHECKING:
    from .charter import Charter

ARCHIVE_SUFFIXES = (".warc", ".warc.gz")


def has_archives(inputs: list[str]) -> bool:
    """True when some input is a mirrored site, or is (or holds, for a folder) a web archive."""
    from .api import expand_paths
    from .mirror import is_mirror

    mirrors = [p for p in inputs if os.path.isdir(p) and is_mirror(p)]
    return bool(mirrors) or any(_is_archive(p) for p in expand_paths(inputs))


def _is_archive(path: str) -> bool:
    """A web archive by its bytes, or a ZIP of a mirrored site; a file named .warc or .warc.gz goes
    to the crawl scan too, which then says clearly that it is not a WARC."""
    from .mirror import is_zip_mirror
    from .warc import is_warc

    if not os.path.isfile(path):
        return False
    return path.lower().endswith(ARCHIVE_SUFFIXES) or is_warc(path) or is_zip_mirror(path)


def scan_with_archives(args: argparse.Namespace, lang: str) -> int:
    from .api import expand_paths, make_context, scan_paths
    from .charter import load_charter
    from .crawl import scan_archives
    from .links import normalise_url

    out = Path(args.out) if args.out else None
    if args.format == "html":
        if out is None:
            raise UsageError("html_format_needs_folder")
        if not out.parent.is_dir():
            raise UsageError("cannot_write", path=out, reason=translate("no_such_folder", lang))
    elif out is not None and not out.parent.is_dir():
        raise UsageError("cannot_write", path=out, reason=translate("no_such_folder", lang))
    catalogue = args.catalogue_url
    if catalogue is not None:
        if not catalogue.lower().startswith(("http://", "https://")):
            raise UsageError("bad_catalogue_url", value=catalogue)
        catalogue = normalise_url(catalogue)
    workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
    if isinstance(workers, bool) or workers < 1:
        raise UsageError("bad_workers", value=workers)
    charter = load_charter(args.charter)
    ctx = make_context(charter, args.channel, args.category, args.date, args.turned)
    from .mirror import is_mirror

    mirrors = [p for p in args.inputs if os.path.isdir(p) and is_mirror(p)]
    files = expand_paths([p for p in args.inputs if p not in mirrors])
    archives = [f for f in files if _is_archive(f)]
    others = [f for f in files if f not in archives]
    archives += mirrors
    pictures = None
    if args.format == "html":  # the images' pictures go to the report's folder as they come
        from .site_pictures import PICTURES_FOLDER

        pictures = out / PICTURES_FOLDER  # type: ignore[operator]
    result = scan_archives(
        archives,
        ctx,
        charter,
        workers=workers,
        resume=args.resume,
        dask_scheduler=args.dask_scheduler,
        catalogue_url=catalogue,
        progress=sys.stderr.isatty(),
        pictures=pictures,
    )
    beside: list = []  # the reports of the documents scanned beside the archives
    if others:
        ordinary = scan_paths(
            others,
            channel=args.channel,
            category=args.category,
            date=args.date,
            workers=min(workers, len(others)),
            charter_path=args.charter,
            progress=sys.stderr.isatty(),
            evidence=args.format == "html",  # their report (documents.html) shows pages and crops
            look_turned=args.turned,
        )
        beside = ordinary.documents
        result.report.documents += beside
    _write(result, args.format, out, lang, beside, charter)
    _summary(result, lang)
    return crawl_exit_code(result)


def crawl_exit_code(result) -> int:
    """3 when something could not be read, else 1 when an image or a page is non-compliant, else 0."""
    from .report import exit_code

    code = exit_code(result.report)
    if code == ExitCode.OK and any(p.verdict == "non_compliant" for s in result.sites for p in s.pages):
        return ExitCode.NON_COMPLIANT
    return int(code)


def _write(result, fmt: str, out: Path | None, lang: str, others: list, charter: Charter | None = None) -> None:
    """The crawl's report in ``fmt``; ``others``, the documents scanned beside the archives, are in
    the JSON report with the rest, and get rows of their own in the CSV and their own page in the
    HTML folder."""
    from .cli import _write_file

    if fmt == "html":
        from .site_render import write_site_html

        assert out is not None
        try:
            write_site_html(result, out, lang, others, charter)
        except OSError as exc:
            raise UsageError("cannot_write", path=out, reason=LibraryReason.of(exc)) from None
        return
    if fmt == "csv":
        from .site_render import site_csv

        text = site_csv(result, lang, others)
    else:
        text = result.to_json() + "\n"
    if out is not None:
        # a byte-order mark, as for the report's CSV, lets spreadsheets read the file as UTF-8
        _write_file(out, text.encode("utf-8-sig" if fmt == "csv" else "utf-8"))
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def _summary(result, lang: str) -> None:
    s = result.stats
    summary = translate("crawl_done", lang, pages=s.pages, items=s.images, resumed=s.resumed, sites=len(result.sites))
    print(f"logo-check: {summary}", file=sys.stderr)
    for document in result.report.documents:
        for error in document.errors:
            message = error.message.get(lang) or next(iter(error.message.values()))
            print(
                f"logo-check: {translate('input_error', lang, source=document.source, message=message)}",
                file=sys.stderr,
            )
