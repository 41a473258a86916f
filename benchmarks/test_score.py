"""Tests of the benchmark scorer: IoU matching, aggregation, the fake engine end to end.

Run with ``.venv/bin/pytest benchmarks/test_score.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import score
from score import Finding, ImageResult, Predicted, aggregate, iou, match, percentile, worst_misses


def test_iou_identical_disjoint_and_partial() -> None:
    assert iou((0, 0, 10, 10), (0, 0, 10, 10)) == 1.0
    assert iou((0, 0, 10, 10), (10, 0, 20, 10)) == 0.0  # touching edges share no area
    assert iou((0, 0, 10, 10), (20, 20, 30, 30)) == 0.0
    # half overlap along x: intersection 50, union 150
    assert iou((0, 0, 10, 10), (5, 0, 15, 10)) == pytest.approx(1 / 3)
    # one box inside the other
    assert iou((0, 0, 10, 10), (0, 0, 10, 5)) == pytest.approx(0.5)


def test_iou_of_empty_boxes_is_zero() -> None:
    assert iou((5, 5, 5, 5), (5, 5, 5, 5)) == 0.0
    assert iou((0, 0, 0, 10), (0, 0, 10, 10)) == 0.0


def test_match_threshold_is_inclusive() -> None:
    truth = [(0, 0, 10, 10)]
    assert match(truth, [(0, 0, 10, 5)]) == [(0, 0, 0.5)]
    assert match(truth, [(0, 0, 10, 4.9)]) == []


def test_match_is_one_to_one_and_prefers_the_best_pairs() -> None:
    truth = [(0, 0, 100, 20), (200, 0, 300, 20)]
    predicted = [
        (202, 0, 300, 20),  # truth 1, IoU 0.98
        (0, 0, 100, 18),  # truth 0, IoU 0.9
        (0, 0, 100, 19),  # truth 0, IoU 0.95: better, wins
        (500, 0, 600, 20),  # nothing
    ]
    got = match(truth, predicted)
    assert [(t, p) for t, p, _ in got] == [(0, 2), (1, 0)]
    assert got[0][2] == pytest.approx(0.95)


def test_match_with_nothing() -> None:
    assert match([], [(0, 0, 1, 1)]) == []
    assert match([(0, 0, 1, 1)], []) == []


def test_percentile_matches_linear_interpolation() -> None:
    assert percentile([], 50) is None
    assert percentile([3.0], 90) == 3.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == pytest.approx(2.5)
    assert percentile(list(range(11)), 90) == pytest.approx(9.0)
    assert percentile([10.0, 0.0, 5.0], 100) == 10.0


def truth(bbox: tuple[float, float, float, float], bucket: str | None = "40-100", **kw: Any) -> dict[str, Any]:
    return {"bbox": list(bbox), "bucket": bucket, "mark_height_px": kw.pop("s", 50.0), **kw}


def result(
    set_name: str,
    truths: list[dict[str, Any]],
    predicted: list[Predicted],
    expected: str | None = None,
    element: str | None = None,
    size: tuple[int, int] = (1280, 720),
    times: tuple[float, float] = (0.01, 0.1),
    kind: str = "photo",
) -> ImageResult:
    matches = match([t["bbox"] for t in truths], [p.bbox for p in predicted])
    return ImageResult(
        file=f"{set_name}/{len(truths)}-{len(predicted)}-{expected}-{times}.jpg",
        set=set_name,
        kind=kind,
        width=size[0],
        height=size[1],
        expected_code=expected,
        expected_element=element,
        truth=truths,
        predicted=predicted,
        matches=matches,
        decode_s=times[0],
        scan_s=times[1],
    )


def ok(bbox: tuple[float, float, float, float], verdict: str = "compliant", *findings: Finding) -> Predicted:
    return Predicted(bbox, verdict, list(findings))


def violation(code: str, element: str | None = None) -> Finding:
    return Finding(code, "violation", element)


@pytest.fixture
def results() -> list[ImageResult]:
    a, b, c = (0, 0, 100, 20), (0, 100, 200, 140), (300, 300, 860, 400)
    return [
        # clean: two instances, one found (with a false violation), one missed; one false box
        result(
            "positives",
            [truth(a, "24-40", s=25), truth(b, "40-100", s=40)],
            [
                ok(a, "non_compliant", violation("too_small"), Finding("exception_applied", "info")),
                ok((900, 0, 1000, 20)),
            ],
            size=(1920, 1080),
            times=(0.01, 0.2),
        ),
        # clean, 1920x1080, one instance found, verdict review
        result("positives", [truth(c, "100-400", s=100)], [ok(c, "review")], size=(1920, 1080), times=(0.01, 0.1)),
        # clean, found, another warning-level finding only: not a violation
        result("positives", [truth(c, "100-400", s=100)], [ok(c, "compliant", Finding("rotated", "warning"))]),
        # modified: detected and reported on the right element
        result(
            "colour_changed",
            [truth(c, expected_code="colour_changed")],
            [ok(c, "non_compliant", violation("colour_changed", "arrow"), violation("addition"))],
            expected="colour_changed",
            element="arrow",
        ),
        # modified: detected, reported on the wrong element
        result(
            "colour_changed",
            [truth(c, expected_code="colour_changed")],
            [ok(c, "non_compliant", violation("colour_changed", "wordmark"))],
            expected="colour_changed",
            element="arrow",
        ),
        # modified: detected, code missing
        result("rotated", [truth(c, expected_code="rotated")], [ok(c)], expected="rotated"),
        # modified: not detected (box too far off)
        result(
            "rotated",
            [truth(c, expected_code="rotated")],
            [ok((300, 300, 400, 400), "non_compliant", violation("rotated"))],
            expected="rotated",
        ),
        # negatives: one clean, one with two false instances
        result("negatives", [], [], times=(0.01, 0.05), kind="photo"),
        result("negatives", [], [ok((0, 0, 56, 10)), ok((0, 0, 560, 100))], times=(0.01, 0.15), kind="email_icon"),
    ]


def test_aggregate_recall_precision_and_false_instances(results: list[ImageResult]) -> None:
    s = aggregate(results)
    assert s["recall_by_bucket"]["24-40"] == {"found": 1, "total": 1, "rate": 1.0}
    assert s["recall_by_bucket"]["40-100"] == {"found": 0, "total": 1, "rate": 0.0}
    assert s["recall_by_bucket"]["100-400"] == {"found": 2, "total": 2, "rate": 1.0}
    assert s["recall_clean"] == {"found": 3, "total": 4, "rate": 0.75}
    assert s["recall_modified"] == {"found": 3, "total": 4, "rate": 0.75}
    # matched: 3 clean + 3 modified; false: 1 on a clean page, 1 on a modified page, 2 on a negative
    assert s["precision"]["true"] == 6
    assert s["precision"]["false"] == 4
    assert s["precision"]["rate"] == pytest.approx(0.6)
    assert s["negatives"]["images"] == 2
    assert s["negatives"]["instances"] == 2
    assert s["negatives"]["per_1000"] == pytest.approx(1000.0)
    assert s["negatives"]["by_kind"]["email_icon"] == {"images": 1, "instances": 2}


def test_aggregate_modified_subsets(results: list[ImageResult]) -> None:
    m = aggregate(results)["modified"]
    assert m["colour_changed"]["images"] == 2
    assert m["colour_changed"]["detected"] == 2
    assert m["colour_changed"]["reported"] == 2
    assert m["colour_changed"]["rate"] == 1.0
    assert (m["colour_changed"]["with_element"], m["colour_changed"]["element_right"]) == (2, 1)
    assert m["colour_changed"]["other_codes"] == [("addition", 1)]
    assert m["rotated"]["images"] == 2
    assert m["rotated"]["detected"] == 1
    assert m["rotated"]["reported"] == 0  # the undetected image's finding does not count
    assert m["rotated"]["rate"] == 0.0


def test_aggregate_clean_violations_and_review(results: list[ImageResult]) -> None:
    c = aggregate(results)["clean"]
    assert c["instances"] == 3  # detected clean instances
    assert c["with_violation"] == 1  # info and warning findings are not violations
    assert c["violation_rate"] == pytest.approx(1 / 3)
    assert c["top_codes"] == [("too_small", 1)]
    assert c["review"] == 1
    assert c["review_rate"] == pytest.approx(1 / 3)


def test_aggregate_timing(results: list[ImageResult]) -> None:
    t = aggregate(results)["timing"]
    assert t["negatives"]["images"] == 2
    assert t["negatives"]["median_ratio"] == pytest.approx(10.0)  # ratios 5 and 15
    assert t["negatives"]["p90_ratio"] == pytest.approx(14.0)
    # only single-instance 1920x1080 clean images: the second result (ratio 10)
    assert t["single_1920x1080"]["images"] == 1
    assert t["single_1920x1080"]["median_ratio"] == pytest.approx(10.0)


def test_errors_are_counted_and_left_out_of_timing(results: list[ImageResult]) -> None:
    results[-1].error = "RuntimeError: boom"
    s = aggregate(results)
    assert s["errors"] == 1
    assert s["timing"]["negatives"]["images"] == 1


def test_worst_misses_rank_big_marks_first(results: list[ImageResult]) -> None:
    misses = worst_misses(results, count=20)
    kinds = [m["miss"] for m in misses]
    assert misses == sorted(misses, key=lambda m: (-m["mark_px"], m["file"], m["miss"]))
    assert "not detected" in kinds
    assert "false violation" in kinds
    assert "code not reported" in kinds
    assert "false instance" in kinds
    # the 560 x 100 false box on a negative counts as a 100 px mark: among the first
    assert misses[0]["mark_px"] == pytest.approx(100.0)
    assert len(worst_misses(results, count=3)) == 3


def test_markdown_has_one_row_per_metric(results: list[ImageResult]) -> None:
    table = score.markdown(aggregate(results))
    lines = table.splitlines()
    assert lines[0] == "| metric | value | count |"
    assert all(line.startswith("| ") and line.endswith(" |") for line in lines)
    assert any("`colour_changed`" in line and "100.0 %" in line for line in lines)
    assert any("false instances per 1,000 negative images" in line and "1000.0" in line for line in lines)


def test_interleave_samples_sets_in_proportion() -> None:
    entries = [{"set": "big", "n": n} for n in range(8)] + [{"set": "small", "n": n} for n in range(2)]
    order = [(e["set"], e["n"]) for e in score.interleave(entries)]
    assert sorted(order) == sorted((e["set"], e["n"]) for e in entries)
    assert [s for s, _ in order[:5]].count("small") == 1  # half the images: half of each set
    assert [n for s, n in order if s == "big"] == list(range(8))  # each set keeps its order


def test_fake_engine_scores_perfectly(tmp_path: Path) -> None:
    cv2 = pytest.importorskip("cv2")
    np = pytest.importorskip("numpy")
    image = np.full((120, 200, 3), 255, np.uint8)
    for name in ("pos.png", "mod.png", "neg.png"):
        cv2.imwrite(str(tmp_path / name), image)
    box = [10.0, 10.0, 122.0, 30.0]
    entries = [
        {"file": "pos.png", "set": "positives", "channel": "web", "category": "offre_referencee", "width": 200,
         "height": 120, "instances": [truth(tuple(box), "24-40", s=20)]},
        {"file": "mod.png", "set": "mirrored", "channel": "web", "category": "offre_referencee", "width": 200,
         "height": 120, "expected_code": "mirrored",
         "instances": [truth(tuple(box), None, expected_code="mirrored", expected_element=None)]},
        {"file": "neg.png", "set": "negatives", "channel": "web", "category": "offre_referencee", "width": 200,
         "height": 120, "instances": []},
    ]  # fmt: skip
    (tmp_path / "labels.json").write_text(json.dumps({"seed": 1, "size": "test", "images": entries}))
    check = score.fake_engine(tmp_path, entries)
    results = [score.score_image(tmp_path, e, check) for e in entries]
    s = aggregate(results)
    assert s["errors"] == 0
    assert s["recall_clean"]["rate"] == 1.0
    assert s["precision"]["rate"] == 1.0
    assert s["negatives"]["per_1000"] == 0.0
    assert s["modified"]["mirrored"]["rate"] == 1.0
    assert s["clean"]["violation_rate"] == 0.0
    assert all(r.decode_s > 0 and r.scan_s > 0 for r in results)
    assert worst_misses(results) == []
    # the command line runs the same way and writes the per-image results
    assert score.main([str(tmp_path), "--fake-engine"]) == 0
    written = json.loads((tmp_path / "results.json").read_text())
    assert len(written["images"]) == 3
    assert written["summary"]["precision"]["rate"] == 1.0


def test_engine_exceptions_become_errors(tmp_path: Path) -> None:
    cv2 = pytest.importorskip("cv2")
    np = pytest.importorskip("numpy")
    cv2.imwrite(str(tmp_path / "a.png"), np.zeros((10, 10, 3), np.uint8))
    entry = {"file": "a.png", "set": "negatives", "channel": "web", "category": None, "width": 10, "height": 10,
             "instances": []}  # fmt: skip

    def broken(path: str, channel: str, category: str | None, date: Any = None) -> Any:
        raise NotImplementedError("not yet")

    r = score.score_image(tmp_path, entry, broken)
    assert r.error == "NotImplementedError: not yet"
    assert r.predicted == []


def test_timings_use_the_clock_given(tmp_path: Path) -> None:
    cv2 = pytest.importorskip("cv2")
    np = pytest.importorskip("numpy")
    cv2.imwrite(str(tmp_path / "a.png"), np.zeros((10, 10, 3), np.uint8))
    entry = {"file": "a.png", "set": "negatives", "channel": "web", "category": None, "width": 10, "height": 10,
             "instances": []}  # fmt: skip
    ticks = iter(range(100))

    def clock() -> float:  # each reading one second after the last
        return float(next(ticks))

    r = score.score_image(tmp_path, entry, lambda *a, **k: None, clock)
    assert (r.decode_s, r.scan_s) == (1.0, 1.0)
    # --cpu-time runs the same way, timed with the process's CPU time
    (tmp_path / "labels.json").write_text(json.dumps({"seed": 1, "size": "test", "images": [entry]}))
    assert score.main([str(tmp_path), "--fake-engine", "--cpu-time"]) == 0
    assert json.loads((tmp_path / "results.json").read_text())["images"][0]["decode_s"] > 0
