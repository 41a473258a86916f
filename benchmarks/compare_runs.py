#!/usr/bin/env python3
"""Compare two runs of ``score.py`` on the same corpus, image by image.

Usage::

    python benchmarks/compare_runs.py BEFORE.json AFTER.json

``BEFORE.json`` and ``AFTER.json`` are the per-image results ``score.py --out`` writes (for
instance the engine at two commits, each run from a worktree of its commit). The script prints:

- every image whose instances' verdicts or violations changed, with both, then how many changed
  in each set;
- how the boxes moved: for each true instance matched (IoU ≥ 0.5) in both runs, the box error is
  the farthest side of its predicted box from the true box, in S (the true mark height); where
  that error moved by ``MOVED_PX`` or more, the instances are counted by set and true variant,
  with how many came closer to the truth and how many went farther, and the median error before
  and after. An engine change that should only make registrations more exact shows there.
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

#: Smallest change of a box error, in pixels, that counts as a move (JSON's rounding and the
#: float noise of a run on another machine stay far below it).
MOVED_PX = 0.1


def load(path: Path) -> dict[str, dict[str, Any]]:
    """The images of one ``score.py --out`` file, by file name."""
    return {image["file"]: image for image in json.loads(path.read_text(encoding="utf-8"))["images"]}


def judgement(image: dict[str, Any]) -> list[tuple[str, tuple[str, ...]]]:
    """Each predicted instance's verdict and violations (with their element), sorted."""
    out = []
    for p in image["predicted"]:
        violations = sorted(
            f["code"] + (f":{f['element']}" if f.get("element") else "")
            for f in p["findings"]
            if f["severity"] == "violation"
        )
        out.append((p["verdict"], tuple(violations)))
    return sorted(out)


def box_errors(image: dict[str, Any]) -> dict[int, float]:
    """Box error, in px, of each matched true instance (by its index): the farthest side of the
    predicted box from the true one."""
    return {
        t: max(abs(a - b) for a, b in zip(image["predicted"][p]["bbox"], image["truth"][t]["bbox"], strict=True))
        for t, p, _ in image["matches"]
    }


def compare(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> str:
    """The report, as Markdown."""
    lines: list[str] = []
    changed: Counter[str] = Counter()
    common = sorted(set(before) & set(after))
    for name in common:
        a, b = judgement(before[name]), judgement(after[name])
        if a != b:
            changed[before[name]["set"]] += 1
            lines += [f"- `{name}`", f"  - before: {a}", f"  - after: {b}"]
    lines.append("")
    summary = ", ".join(f"{s} {n}" for s, n in sorted(changed.items())) or "none"
    lines.append(f"images whose verdicts or violations changed: {summary} (of {len(common)})")
    lines.append("")
    moves: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for name in common:
        errors_before, errors_after = box_errors(before[name]), box_errors(after[name])
        for t in set(errors_before) & set(errors_after):
            if abs(errors_after[t] - errors_before[t]) < MOVED_PX:
                continue
            truth = before[name]["truth"][t]
            mark = float(truth["mark_height_px"])
            moves[(before[name]["set"], truth["variant"])].append((errors_before[t] / mark, errors_after[t] / mark))
    lines += [
        f"| set | true variant | boxes moved by {MOVED_PX:g} px or more | closer | farther "
        "| median error before (S) | after (S) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (set_name, variant), pairs in sorted(moves.items()):
        closer = sum(b < a for a, b in pairs)
        lines.append(
            f"| {set_name} | {variant} | {len(pairs)} | {closer} | {len(pairs) - closer} "
            f"| {statistics.median(a for a, _ in pairs):.3f} | {statistics.median(b for _, b in pairs):.3f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    print(compare(load(args.before), load(args.after)))


if __name__ == "__main__":
    main()
