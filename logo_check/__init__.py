"""logo-check: finds the logo « Entrepreneurs, faites le choix de l'économie numérique » in
marketing material and says, element by element and with evidence, whether each use complies.

The public API is imported lazily so that ``import logo_check`` stays cheap.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = [
    "LogoCheckError",
    "UnreadableInputError",
    "__version__",
    "box_iou",
    "check_document",
    "check_image",
    "load_charter",
    "make_context",
    "render_png",
    "render_rgba",
    "scan_paths",
]


def __getattr__(name: str):
    if name in ("box_iou", "check_document", "check_image", "make_context", "scan_paths"):
        from . import api

        return getattr(api, name)
    if name in ("LogoCheckError", "UnreadableInputError"):
        from . import errors

        return getattr(errors, name)
    if name == "load_charter":
        from .charter import load_charter

        return load_charter
    if name in ("render_png", "render_rgba"):
        from . import reference

        return getattr(reference, name)
    raise AttributeError(f"module 'logo_check' has no attribute {name!r}")
