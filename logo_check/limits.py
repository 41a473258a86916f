"""Limits for untrusted input (SPEC §7): every input is hostile until it is decoded within them.

Each limit is a named setting with a default chosen for real marketing material and a reason. A
:class:`Limits` value travels with a scan; :data:`DEFAULT_LIMITS` is what the command line and the
API use unless told otherwise. An input over a limit gives a clear error for that input (an entry
in the document's ``errors`` with a stable code); the other inputs of the run are still scanned.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    #: Largest input file, in bytes: a 200-page print-ready brochure is well under 200 MiB.
    max_file_bytes: int = 200 * 1024 * 1024
    #: Largest raster decoded, in pixels, checked from the header before decoding: a 600 dpi A3
    #: scan (about 70 Mpx) fits; 100 Mpx is about 300 MiB as RGB. Pillow only warns below twice
    #: its own limit; here it is an error.
    max_image_pixels: int = 100_000_000
    #: Distinct frames read from an animated GIF or WebP: banners loop a handful of frames; the
    #: rest of a longer animation is reported as not checked (input error ``too_many_frames``).
    max_frames: int = 20
    #: Pages read from a multi-page TIFF (fax-style scans of a brochure rarely exceed 50).
    max_tiff_pages: int = 50
    #: Pages of a PDF: a brochure or a catalogue; a longer PDF is refused as a whole rather than
    #: half-checked (``too_many_pages``).
    max_pdf_pages: int = 500
    #: Pixels of a PDF page at the resolution chosen for it (about 200 dpi, from the charter's
    #: smallest print mark): 250 Mpx is a 2 m × 2 m poster; a larger page is refused
    #: (``page_too_large``), whatever it holds.
    max_page_pixels: int = 250_000_000
    #: Pixels of one raster rendered from a PDF page (a region around drawings, or a preview):
    #: about 120 MiB as RGB. A larger region is rendered at a lower resolution, down to
    #: :attr:`min_pdf_dpi`, and refused below it (``page_too_large``).
    max_render_pixels: int = 40_000_000
    #: Lowest resolution at which a PDF page or region is still worth checking: below it the
    #: smallest allowed print mark (10 mm) would be under 24 px, the engine's floor.
    min_pdf_dpi: float = 61.0
    #: Largest page side of a PDF, in points: 5 m (the PDF format's own ceiling is 14,400 pt, 5.08 m).
    max_pdf_page_side_pt: float = 14_400.0
    #: Embedded images checked per PDF page (the rest are reported as not checked).
    max_images_per_page: int = 200
    #: Members read from a ZIP archive.
    max_archive_members: int = 1_000
    #: Total uncompressed bytes read from one archive (counted while reading: headers can lie).
    max_uncompressed_bytes: int = 1024 * 1024 * 1024
    #: Largest ratio of uncompressed to compressed size for one member: real images and PDFs
    #: compress 1–10×, text up to ~20×; a bomb is over 1,000×.
    max_compression_ratio: float = 100.0
    #: Longest member name in an archive, in characters (a path, as file systems allow).
    max_member_name: int = 1_024
    #: Wall-clock seconds for the PDF work of one document (MuPDF runs in a child process that
    #: is killed at this limit), and for the engine's pages of one document (checked between
    #: pages: the pages left are reported as not checked).
    document_seconds: float = 300.0
    #: Largest text read from a text input or a PDF's text layer, in characters.
    max_text_chars: int = 5_000_000
    #: Largest WARC record block (its Content-Length), in bytes: skipped unread above it
    #: (``warc_record_too_large``); a web page or an image is far smaller.
    max_warc_record_bytes: int = 50 * 1024 * 1024
    #: Largest HTTP payload of a WARC record (or file of a mirrored site) once its transfer and
    #: content encodings are undone, in bytes: a gzip bomb stops here (``warc_payload_too_large``).
    max_warc_payload_bytes: int = 50 * 1024 * 1024
    #: Largest SVG image rendered (from a web page or an archive), in bytes (``too_large``).
    max_svg_bytes: int = 5 * 1024 * 1024
    #: Longest side of an SVG rendering, in pixels: larger drawings are rendered scaled down to it.
    max_svg_side: int = 2_048
    #: Deepest nesting of an SVG's elements rendered (``svg_refused`` beyond): resvg recurses per
    #: level and crashed the whole process (a segmentation fault, no exception) on 300 nested
    #: groups, where 200 rendered; drawings from design tools nest a few tens deep.
    max_svg_depth: int = 128


DEFAULT_LIMITS = Limits()
