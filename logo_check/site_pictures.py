"""site_pictures: a crawl's evidence pictures, as files beside its HTML report.

A crawl may check thousands of images: their pictures cannot wait in memory for the report, nor
be embedded in one HTML page. With ``--format html`` each image in which the engine found the
logo sends back, with its result, the pictures :mod:`logo_check.evidence` makes (each page's
preview; each instance's crop, reference and heatmap), which are written at once into the
report's ``pictures/`` folder under names made from the image's SHA-256, and dropped.
``images.html`` shows them by relative links (:mod:`logo_check.site_render`). An image taken
over from a resume state was not checked again, and shows the pictures an earlier run wrote into
the same folder, if any.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .evidence import InstanceEvidence, Preview
    from .report import DocumentReport

#: The folder of the pictures, inside the crawl's HTML report.
PICTURES_FOLDER = "pictures"
#: The kinds of an instance's pictures, in the order they are shown.
INSTANCE_PICTURES = ("crop", "reference", "heatmap")


@dataclass(frozen=True)
class PagePictures:
    """The pictures of one page of an image (an animation's frame): its preview, and each
    instance's evidence in the order of the page's instances (None where none could be made)."""

    index: int
    preview: Preview | None
    instances: list[InstanceEvidence | None]


def pictures_of(document: DocumentReport) -> list[PagePictures] | None:
    """The pictures of the pages of ``document`` that hold an instance; None when none does."""
    pages = [
        PagePictures(page.index, page.preview, [i.evidence for i in page.instances])
        for page in document.pages
        if page.instances
    ]
    return pages or None


def preview_name(key: str, page: int) -> str:
    """The file name of the preview of page ``page`` (from 0) of the image ``key``."""
    return f"{key}-p{page + 1}.jpg"


def instance_picture_name(key: str, page: int, instance: int, kind: str) -> str:
    """The file name of an instance's picture (``kind``, one of :data:`INSTANCE_PICTURES`);
    ``instance`` counts from 1, as the reports number them."""
    return f"{key}-p{page + 1}-i{instance}-{kind}.png"


def write_pictures(folder: str | os.PathLike[str], key: str, pages: list[PagePictures]) -> None:
    """Write the pictures of the image ``key`` into ``folder`` (made if needed); OSError when
    they cannot be written."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    for page in pages:
        if page.preview is not None:
            (target / preview_name(key, page.index)).write_bytes(page.preview.data)
        for n, evidence in enumerate(page.instances, 1):
            if evidence is None:
                continue
            for kind in INSTANCE_PICTURES:
                (target / instance_picture_name(key, page.index, n, kind)).write_bytes(getattr(evidence, kind))
