"""verify: measure a registered instance element by element.

(Being written: see issue 3.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .charter import Charter
    from .model import Candidate, Measurements, Page


def measure(page: Page, candidate: Candidate, charter: Charter) -> Measurements:
    """The measurements of one registered instance."""
    raise NotImplementedError("verify is being written")
