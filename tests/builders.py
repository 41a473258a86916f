"""Hand-built stage objects for the tests of the stages after the engine (policy, report, scan)."""

from __future__ import annotations

import dataclasses
from typing import Any

from logo_check.codes import ELEMENTS
from logo_check.model import ElementMeasure, Measurements


def clean(**overrides: Any) -> Measurements:
    """A faithful colour logo, 100 px tall, on a light background, reading « OFFRE RÉFÉRENCÉE »."""
    elements = {
        name: ElementMeasure(name=name, present=True, match=0.95, offset=0.005, colour=None, delta_e=1.0)
        for name in ELEMENTS
    }
    m = Measurements(
        bbox=(10.0, 10.0, 570.0, 110.0),
        quad=[(10.0, 10.0), (570.0, 10.0), (570.0, 110.0), (10.0, 110.0)],
        score=0.95,
        variant="colour",
        caption="offre_referencee",
        caption_score=0.9,
        mark_height_px=100.0,
        rotation_deg=0.0,
        context_rotation_deg=None,
        scale_ratio=1.0,
        shear_deg=0.0,
        perspective=0.0,
        mirrored=False,
        elements=elements,
        addition=0.0,
        clear_space=0.0,
        cropped=0.0,
        contrast=4.5,
        background="light",
    )
    return dataclasses.replace(m, **overrides)


def element(m: Measurements, name: str, **changes: Any) -> Measurements:
    """``m`` with element ``name`` changed."""
    elements = dict(m.elements)
    elements[name] = dataclasses.replace(elements[name], **changes)
    return dataclasses.replace(m, elements=elements)


def nested_svg(levels: int) -> bytes:
    """An SVG of a rectangle inside ``levels`` nested groups: resvg recurses per level, and crashed
    the whole process (a segmentation fault) from about 300 of them."""
    groups = "<g>" * levels + '<rect width="10" height="10"/>' + "</g>" * levels
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">{groups}</svg>'.encode()
