"""site_graph: the crawl's link graph, and distances in clicks on it.

Nodes are the captured HTML pages (normalised URLs); an edge is a link from a page to another.
A redirect is not a click: a link to a redirected URL lands on the redirect's target. Click depth
is the fewest clicks from the site's home page (its ``/`` page) through pages of the same site;
the distance to a URL (the catalogue) is the fewest clicks from a page to a link to it, through any
captured page. Both are breadth-first searches that also keep one shortest path, as evidence.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from .links import host_of

#: Most redirects followed from one URL (a loop stops there).
MAX_REDIRECTS = 10


@dataclass
class Distances:
    """Fewest clicks from (or to) a place, and the next step of one shortest path."""

    clicks: dict[str, int] = field(default_factory=dict)
    step: dict[str, str] = field(default_factory=dict)  # page → previous page (depth) or next one (distance)

    def path(self, url: str) -> list[str]:
        """The pages of a shortest path through ``url`` (home … url, or url … target)."""
        out = [url]
        while out[-1] in self.step and len(out) <= len(self.clicks) + 1:
            out.append(self.step[out[-1]])
        return out


class LinkGraph:
    """Pages and their links, as captured; built page by page while an archive streams."""

    def __init__(self) -> None:
        self.links: dict[str, list[str]] = {}
        self.redirects: dict[str, str] = {}

    def add_page(self, url: str, links: list[str]) -> None:
        """The page at ``url`` and its links (a page captured several times: the links of every
        capture, in the order first seen)."""
        known = self.links.setdefault(url, [])
        present = set(known)
        known += [link for link in dict.fromkeys(links) if link not in present]

    def add_redirect(self, url: str, target: str) -> None:
        self.redirects.setdefault(url, target)

    def resolve(self, url: str) -> str:
        """``url`` after following the captured redirects (at most :data:`MAX_REDIRECTS`)."""
        for _ in range(MAX_REDIRECTS):
            target = self.redirects.get(url)
            if target is None or target == url:
                break
            url = target
        return url

    def home_page(self, host: str) -> str | None:
        """The captured home page (path ``/``, no query) of ``host``: https first, then http."""
        for scheme in ("https", "http"):
            url = self.resolve(f"{scheme}://{host}/")
            if url in self.links:
                return url
        return None

    def hosts(self) -> list[str]:
        """The hosts of the captured pages, in order of first capture."""
        return list(dict.fromkeys(host_of(url) for url in self.links))

    def depths(self, home: str) -> Distances:
        """Clicks from ``home`` to each page of its site reachable through pages of the site."""
        host = host_of(home)
        out = Distances(clicks={home: 0})
        queue = deque([home])
        while queue:
            page = queue.popleft()
            for link in self.links.get(page, ()):
                target = self.resolve(link)
                if target in out.clicks or target not in self.links or host_of(target) != host:
                    continue
                out.clicks[target] = out.clicks[page] + 1
                out.step[target] = page
                queue.append(target)
        return out

    def distances_to(self, target: str) -> Distances:
        """Clicks from each captured page to ``target``: 1 when the page links to it."""
        target = self.resolve(target)
        back: dict[str, list[str]] = {}
        for page, links in self.links.items():
            for link in dict.fromkeys(self.resolve(link) for link in links):
                back.setdefault(link, []).append(page)
        out = Distances()
        queue = deque([target])
        clicks = {target: 0}
        while queue:
            node = queue.popleft()
            for page in back.get(node, ()):
                if page in clicks:
                    continue
                clicks[page] = clicks[node] + 1
                out.step[page] = node
                queue.append(page)
        out.clicks = {page: n for page, n in clicks.items() if page in self.links and page != target}
        if target in self.links:  # a page is zero clicks from itself
            out.clicks[target] = 0
        return out
