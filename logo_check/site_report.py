"""site_report: a crawl seen site by site (host by host), and the site rules of CGU art. VIII.

For each site: its pages (capture date, click depth from the home page, clicks to the catalogue,
the images shown and their verdicts, findings by code), and for the pages that show the logo the
site rules' warnings, each with its evidence (a shortest click path). The thresholds and messages
come from the charter pack's ``[site_rules]``; a pack without it checks no site rule.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .charter import SiteRules
from .i18n import LANGUAGES, translate
from .model import Finding
from .policy import document_verdict
from .report import _finding

if TYPE_CHECKING:
    from .crawl import CrawlResult, _Scan

#: Most URLs shown in a click path given as evidence (the middle is elided beyond that).
MAX_PATH_SHOWN = 8


@dataclass
class SiteFinding:
    """A site rule's finding about one page (a warning), with its evidence."""

    code: str
    severity: str
    measured: int | None
    limit: int
    rule: str
    message: dict[str, str]
    evidence: list[str]  # a shortest click path (URLs), empty when there is none


@dataclass
class PageEntry:
    url: str
    date: dt.date | None  # of its earliest capture
    captures: int
    depth: int | None  # clicks from the home page; None: not reachable (or no home page)
    catalogue_clicks: int | None  # None: no catalogue URL, or not reachable
    images: list[str]  # keys (SHA-256) of the images shown
    images_missing: int  # images referred to but not in the archive
    shows_logo: bool
    verdict: str
    findings_by_code: dict[str, int]
    text_findings: list[Finding]
    site_findings: list[SiteFinding] = field(default_factory=list)
    last_date: dt.date | None = None  # of its latest capture: the date its images are judged at


@dataclass
class SiteReport:
    host: str
    home: str | None
    pages: list[PageEntry]

    @property
    def pages_with_logo(self) -> int:
        return sum(p.shows_logo for p in self.pages)

    def verdicts(self) -> dict[str, int]:
        return dict(sorted(Counter(p.verdict for p in self.pages).items()))

    def findings_by_code(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for p in self.pages:
            total.update(p.findings_by_code)
            total.update(f.code for f in p.site_findings)
        return dict(sorted(total.items()))

    def click_depths(self) -> list[dict[str, int | None]]:
        counts = Counter(p.depth for p in self.pages)
        keys = sorted((d for d in counts if d is not None), key=int)
        out: list[dict[str, int | None]] = [{"depth": d, "pages": counts[d]} for d in keys]
        if None in counts:
            out.append({"depth": None, "pages": counts[None]})
        return out


def build_sites(scan: _Scan, catalogue_url: str | None) -> list[SiteReport]:
    """The sites of a finished scan, in order of first capture; pages in the order read. A page's
    verdict and findings are those of its latest capture's images judged at that capture's date."""
    rules = scan.charter.site_rules
    graph = scan.graph
    catalogue = graph.distances_to(_normalised(catalogue_url)) if catalogue_url else None
    sites: dict[str, SiteReport] = {}
    depths: dict[str, Any] = {}
    for url, record in scan.pages.items():
        host = record.host
        if host not in sites:
            home = graph.home_page(host)
            sites[host] = SiteReport(host=host, home=home, pages=[])
            depths[host] = graph.depths(home) if home else None
        keys, missing = scan.page_images(record)
        # the images as this page used them: judged at its latest capture date
        docs = [scan.document_at(k, record.last_date) for k in keys]
        shows_logo = any(p.instances for d in docs for p in d.pages)
        by_code: Counter[str] = Counter(f.code for d in docs for p in d.pages for i in p.instances for f in i.findings)
        text = record.content.text_findings
        verdicts = [d.verdict for d in docs if d.verdict != "no_logo"]
        if text:
            by_code.update(f.code for f in text)
            verdicts += ["non_compliant" for f in text if f.severity == "violation"]
        verdict = document_verdict(verdicts, had_pages=True)
        distances = depths[host]
        depth = distances.clicks.get(url) if distances else None
        clicks = catalogue.clicks.get(url) if catalogue else None
        entry = PageEntry(
            url=url,
            date=record.date,
            captures=record.captures,
            last_date=record.last_date,
            depth=depth,
            catalogue_clicks=clicks,
            images=keys,
            images_missing=missing,
            shows_logo=shows_logo,
            verdict=verdict,
            findings_by_code=dict(sorted(by_code.items())),
            text_findings=text,
        )
        if shows_logo and rules is not None:
            entry.site_findings = _site_findings(rules, entry, distances, catalogue)
        sites[host].pages.append(entry)
    return list(sites.values())


def _site_findings(rules: SiteRules, page: PageEntry, depths: Any, catalogue: Any) -> list[SiteFinding]:
    out = []
    if depths is not None:  # without the home page in the crawl, click depths are unknown
        if page.depth is None:
            out.append(_finding_of(rules, "page_unreachable", None, rules.max_click_depth, [], "detail_no_path", {}))
        elif page.depth > rules.max_click_depth:
            path = list(reversed(depths.path(page.url)))
            detail = {"path": _shown(path)}
            out.append(
                _finding_of(
                    rules, "page_too_deep", page.depth, rules.max_click_depth, path, "detail_click_path", detail
                )
            )
    if catalogue is not None:
        clicks = page.catalogue_clicks
        limit = rules.catalogue_max_clicks
        if clicks is None:
            out.append(_finding_of(rules, "catalogue_too_far", None, limit, [], "detail_catalogue_none", {}))
        elif clicks > limit:
            path = catalogue.path(page.url)
            detail = {"clicks": clicks, "path": _shown(path)}
            out.append(_finding_of(rules, "catalogue_too_far", clicks, limit, path, "detail_catalogue_clicks", detail))
    return out


def _finding_of(
    rules: SiteRules, code: str, measured: int | None, limit: int, path: list[str], detail_key: str, params: dict
) -> SiteFinding:
    spec = rules.findings[code]
    message = {}
    for lang in LANGUAGES:
        detail = translate(detail_key, lang, **params)
        shown = "—" if measured is None else measured
        message[lang] = spec.message.get(lang).format(measured=shown, limit=limit, detail=detail, element="")
    return SiteFinding(code, spec.severity, measured, limit, spec.rule, message, path)


def _shown(path: list[str]) -> str:
    if len(path) > MAX_PATH_SHOWN:
        path = [*path[: MAX_PATH_SHOWN // 2], "…", *path[-MAX_PATH_SHOWN // 2 :]]
    return " → ".join(path)


def _normalised(url: str) -> str:
    from .links import normalise_url

    return normalise_url(url)


# -- JSON ----------------------------------------------------------------------------------------


def site_to_dict(site: SiteReport) -> dict[str, Any]:
    return {
        "host": site.host,
        "home": site.home,
        "pages_crawled": len(site.pages),
        "pages_with_logo": site.pages_with_logo,
        "verdicts": site.verdicts(),
        "findings_by_code": site.findings_by_code(),
        "click_depths": site.click_depths(),
        "pages": [_page(p) for p in site.pages],
    }


def _page(p: PageEntry) -> dict[str, Any]:
    return {
        "url": p.url,
        "date": p.date.isoformat() if p.date else None,
        "captures": p.captures,
        "last_date": p.last_date.isoformat() if p.last_date else None,
        "depth": p.depth,
        "catalogue_clicks": p.catalogue_clicks,
        "shows_logo": p.shows_logo,
        "verdict": p.verdict,
        "images": p.images,
        "images_missing": p.images_missing,
        "findings_by_code": p.findings_by_code,
        "text_findings": [_finding(f) for f in p.text_findings],
        "site_findings": [_site_finding(f) for f in p.site_findings],
    }


def _site_finding(f: SiteFinding) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity,
        "measured": f.measured,
        "limit": f.limit,
        "rule": f.rule,
        "message": dict(f.message),
        "evidence": list(f.evidence),
    }


def crawl_section(result: CrawlResult) -> dict[str, Any]:
    """What the crawl read and what was checked (the same for any number of workers or a resume)."""
    s = result.stats
    return {
        "archives": s.archives,
        "records": s.records,
        "pages": s.pages,
        "images": s.images,
        "revisits": s.revisits,
        "revisits_resolved": s.revisits_resolved,
        "catalogue_url": result.catalogue_url,
        "site_rules_checked": result.site_rules_checked,
    }


__all__ = ["PageEntry", "SiteFinding", "SiteReport", "build_sites", "crawl_section", "site_to_dict"]
