"""detect: find candidate instances of the logo on a page and register each to the artwork frame.

(Being written: see issue 3.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .charter import Charter
    from .model import Candidate, Page


def detect(page: Page, charter: Charter) -> list[Candidate]:
    """Every candidate instance on ``page``, registered; at most ``MAX_INSTANCES``."""
    raise NotImplementedError("detect is being written")
