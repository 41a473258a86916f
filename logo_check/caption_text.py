"""The caption set as text: the words a PDF's text layer places on an instance's caption band.

A partner who lays out a logo in a PDF may keep its caption as live text over the band rather
than as outlines. The rendering shows it (verify reads it from the pixels like any caption), but
the text layer says exactly what it is: a caption missing its accents or with a letter changed
reads, in pixels, much like the right one. The words whose centre lies on the band, registered
onto the page by the instance's homography, are joined in the text layer's order; the policy
compares them with the four captions (``caption_unknown``, ``caption_mismatch``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np

    from .charter import Charter

#: The element whose box holds the caption.
CAPTION_ELEMENT = "caption"

Word = tuple[tuple[float, float, float, float], str]


def band_corners(homography: np.ndarray, charter: Charter) -> list[tuple[float, float]]:
    """The caption band's four corners (clockwise in the artwork) in the pixels ``homography``
    maps the artwork frame (units of S) to."""
    import numpy as np

    corners = np.array(charter.elements[CAPTION_ELEMENT].box.corners(charter.aspect_ratio))
    mapped = np.c_[corners, np.ones(4)] @ homography.T
    return [(float(x / w), float(y / w)) for x, y, w in mapped]


def band_text(words: Sequence[Word], corners: Sequence[tuple[float, float]]) -> str | None:
    """The ``words`` (boxes in the page unit) whose centre lies inside the quadrilateral
    ``corners`` (in the page unit too), joined by single spaces in their given order; None when
    there is none."""
    inside = [text for box, text in words if _inside(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), corners)]
    return " ".join(inside) if inside else None


def _inside(point: tuple[float, float], corners: Sequence[tuple[float, float]]) -> bool:
    """Whether ``point`` lies inside the convex quadrilateral ``corners``, whichever way round
    they go (a mirrored instance turns them the other way)."""
    x, y = point
    sides = []
    for (x0, y0), (x1, y1) in zip(corners, [*corners[1:], corners[0]], strict=True):
        sides.append((x1 - x0) * (y - y0) - (y1 - y0) * (x - x0))
    return all(s >= 0 for s in sides) or all(s <= 0 for s in sides)


def category_of(text: str, charter: Charter) -> str | None:
    """The category whose caption ``text`` is, typography aside (Unicode form, spaces,
    apostrophes: :func:`logo_check.denomination.normalise`); None when it is none of them (a
    letter or an accent changed, another word)."""
    from .denomination import normalise

    wanted = normalise(text)
    for key, category in charter.categories.items():
        if normalise(category.caption) == wanted:
            return key
    return None
