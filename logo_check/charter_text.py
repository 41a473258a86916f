"""A plain-text description of a loaded charter, for ``logo-check charter show``."""

from __future__ import annotations

from .charter import Charter

_LABELS = {
    "fr": {
        "charter": "Charte",
        "denomination": "Dénomination",
        "valid_until": "Fin du droit d'usage",
        "aspect": "Proportions (largeur / hauteur)",
        "elements": "Éléments (boîtes normalisées x0, y0, x1, y1)",
        "categories": "Catégories et bandeaux",
        "variants": "Variantes",
        "channels": "Canaux",
        "clear_space": "Zone de protection",
        "tolerance": "Tolérance de couleur (ΔE00)",
        "vector": "vectoriel",
        "raster": "matriciel",
        "waivers": "dérogations",
        "none": "aucune",
        "minimum": "taille minimale de la marque",
        "background": "fond",
        "needs": "exige",
        "artwork": "Illustrations",
        "findings": "Codes de constat",
        "tolerances": "Tolérances",
    },
    "en": {
        "charter": "Charter",
        "denomination": "Denomination",
        "valid_until": "End of the right of use",
        "aspect": "Aspect ratio (width / height)",
        "elements": "Elements (normalised boxes x0, y0, x1, y1)",
        "categories": "Categories and captions",
        "variants": "Variants",
        "channels": "Channels",
        "clear_space": "Clear space",
        "tolerance": "Colour tolerance (ΔE00)",
        "vector": "vector",
        "raster": "raster",
        "waivers": "waivers",
        "none": "none",
        "minimum": "minimum mark height",
        "background": "background",
        "needs": "needs",
        "artwork": "Artwork",
        "findings": "Finding codes",
        "tolerances": "Tolerances",
    },
}


def describe(charter: Charter, lang: str) -> str:
    t = _LABELS["en" if lang == "en" else "fr"]
    out = [
        f"{t['charter']} : {charter.id} {charter.version}",
        charter.title.get(lang),
        f"{t['denomination']} : « {charter.denomination} » ({charter.denomination_rule})",
        f"{t['valid_until']} : {charter.valid_until.isoformat()} ({charter.validity_rule})",
        f"{t['aspect']} : {charter.aspect_ratio}",
        f"{t['artwork']} : {charter.artwork_directory}",
        "",
        f"{t['elements']} :",
    ]
    for element in charter.elements.values():
        box = ", ".join(f"{v:.4f}" for v in element.box.as_list())
        out.append(f"  {element.name:<10} [{box}]  {element.label.get(lang)}")
    out += ["", f"{t['categories']} :"]
    out += [f"  {c.key:<24} « {c.caption} »" for c in charter.categories.values()]
    out += ["", f"{t['variants']} :"]
    for v in charter.variants.values():
        needs = f", {t['needs']} {v.waiver}" if v.waiver else ""
        out.append(f"  {v.key:<10} {', '.join(v.palette)} ; {t['background']} {v.background}{needs}")
    out += ["", f"{t['channels']} :"]
    for ch in charter.channels.values():
        waivers = ", ".join(ch.waivers) or t["none"]
        size = f"{t['minimum']} {ch.min_mark_height:g} {ch.unit}" if ch.medium != "audio" else ch.medium
        out.append(f"  {ch.key:<6} {size} ; {t['waivers']} : {waivers}")
    out += [
        "",
        f"{t['clear_space']} : {charter.clear_space.margin:g} S ({charter.clear_space.rule})",
        f"{t['tolerance']} : {t['vector']} {charter.colour_tolerance.vector:g}, "
        f"{t['raster']} {charter.colour_tolerance.raster:g}",
        f"{t['tolerances']} :",
    ]
    for name, table in (
        ("geometry", charter.geometry_tolerance),
        ("content", charter.content_tolerance),
        ("contrast", charter.contrast_tolerance),
        ("evidence", charter.evidence_tolerance),
        ("elements", charter.element_tolerance),
    ):
        values = ", ".join(f"{k} {v:g}" for k, v in vars(table).items() if not k.endswith("_reason"))
        out.append(f"  {name:<10} {values}")
    out += [
        f"{t['findings']} : {', '.join(charter.findings)}",
    ]
    text = "\n".join(out) + "\n"
    # French typography puts a space before the colon; English does not.
    return text if lang != "en" else text.replace(" : ", ": ").replace(" :\n", ":\n")
