"""report: the JSON of SPEC §4, its schema, and the exit code of a run."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import jsonschema
import pytest
from builders import clean, element

from logo_check.charter import Charter
from logo_check.codes import DOCUMENT_KINDS, ELEMENTS, FINDING_CODES, SEVERITIES, VERDICTS
from logo_check.errors import ExitCode
from logo_check.model import Context, Note
from logo_check.pipeline import report_kind
from logo_check.policy import document_verdict, judge
from logo_check.report import (
    DocumentReport,
    InputError,
    InstanceReport,
    PageReport,
    Report,
    document_from_dict,
    document_to_dict,
    exit_code,
    load_schema,
)

REPO = Path(__file__).resolve().parent.parent


def _instance(charter: Charter, verdict_of: str = "non_compliant") -> InstanceReport:
    m = {
        "non_compliant": element(clean(), "arrow", delta_e=31.456),
        "review": clean(score=0.3),
        "compliant": clean(),
    }[verdict_of]
    findings, verdict = judge(m, Context(category="offre_referencee"), charter)
    assert verdict == verdict_of
    return InstanceReport(
        bbox=(10.004, 20.0, 600.126, 120.0),
        quad=[(10.004, 20.0), (600.126, 20.0), (600.126, 120.0), (10.004, 120.0)],
        score=m.score,
        caption=m.caption,
        variant=m.variant,
        mark_height=100.0 / 3,
        verdict=verdict,
        findings=findings,
        review_reason="score 0.30 < 0.50" if verdict == "review" else None,
    )


def _document(charter: Charter, source: str, *verdicts: str, errors: bool = False) -> DocumentReport:
    instances = [_instance(charter, v) for v in verdicts]
    pages = [] if errors else [PageReport(index=0, width=1920, height=1080, unit="px", instances=instances)]
    return DocumentReport(
        source=source,
        sha256=None if errors else "0" * 64,
        kind="image",
        channel="web",
        category="offre_referencee",
        date=dt.date(2008, 6, 1),
        verdict=document_verdict([i.verdict for i in instances], had_pages=bool(pages)),
        pages=pages,
        errors=[InputError("empty_file", {"fr": "fichier vide", "en": "empty file"})] if errors else [],
    )


def _report(charter: Charter, *documents: DocumentReport) -> Report:
    return Report(charter.id, charter.version, list(documents))


def test_to_dict_is_spec_4(charter: Charter) -> None:
    data = _report(charter, _document(charter, "a.png", "non_compliant")).to_dict()
    assert list(data) == ["schema", "version", "charter", "documents"]
    assert data["schema"] == "logo-check/report" and data["version"] == 1
    assert data["charter"] == {"id": "efcen-reconstruction", "version": "1.0.0"}
    (doc,) = data["documents"]
    keys = [
        "source",
        "sha256",
        "kind",
        "channel",
        "category",
        "date",
        "verdict",
        "pages",
        "findings",
        "notes",
        "errors",
    ]
    assert list(doc) == keys
    assert (doc["source"], doc["date"], doc["verdict"], doc["errors"]) == ("a.png", "2008-06-01", "non_compliant", [])
    (page,) = doc["pages"]
    assert page == {**page, "index": 0, "width": 1920, "height": 1080, "unit": "px"}
    (instance,) = page["instances"]
    assert list(instance) == ["bbox", "quad", "score", "caption", "variant", "mark_height", "verdict", "findings"]
    assert instance["bbox"] == [10.0, 20.0, 600.13, 120.0]
    assert instance["quad"][1] == [600.13, 20.0] and len(instance["quad"]) == 4
    assert instance["mark_height"] == 33.33 and instance["score"] == 0.95
    (finding,) = instance["findings"]
    assert list(finding) == ["code", "element", "severity", "measured", "limit", "rule", "message"]
    assert finding["code"] == "colour_changed" and finding["element"] == "arrow"
    assert finding["measured"] == 31.46 and finding["limit"] == charter.colour_tolerance.raster
    assert set(finding["message"]) == {"fr", "en"}
    assert json.loads(_report(charter, _document(charter, "a.png", "non_compliant")).to_json()) == data


def test_a_document_read_back_from_its_json_is_the_same_document(charter: Charter) -> None:
    # a crawl keeps each image's report as JSON and builds its report from it: nothing of the
    # document may be lost on the way, its reading notes included
    document = _document(charter, "a.png", "non_compliant", "review", "compliant")
    document.notes = [Note.of("alpha_on_white"), Note.of("exif_orientation", orientation="6")]
    data = document_to_dict(document)
    assert data["notes"] == ["alpha composited on white", "EXIF orientation 6 applied"]
    assert document_to_dict(document_from_dict(data)) == data
    # stored with their keys (a crawl's state), the notes come back as they were, in every language
    stored = document_to_dict(document, note_keys=True)
    assert document_from_dict(stored).notes == document.notes
    assert set(stored) - set(data) == {"note_keys"} and "note_keys" not in data


def test_review_reason_only_on_review_instances(charter: Charter) -> None:
    data = _report(charter, _document(charter, "a.png", "review", "compliant")).to_dict()
    review, compliant = data["documents"][0]["pages"][0]["instances"]
    assert review["verdict"] == "review" and review["review_reason"] == "score 0.30 < 0.50"
    assert "review_reason" not in compliant
    assert data["documents"][0]["verdict"] == "review"


def test_json_keeps_accents(charter: Charter) -> None:
    text = _report(charter, _document(charter, "é.png", "non_compliant")).to_json()
    assert "« flèche »" in text and "é.png" in text


def test_reports_validate_against_the_schema(charter: Charter) -> None:
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    report = _report(
        charter,
        _document(charter, "a.png", "non_compliant", "review", "compliant"),
        _document(charter, "b.png"),
        _document(charter, "c.png", errors=True),
    )
    jsonschema.validate(report.to_dict(), schema, cls=jsonschema.Draft202012Validator)


def test_schema_rejects_what_the_spec_does_not_allow(charter: Charter) -> None:
    schema = load_schema()
    good = _report(charter, _document(charter, "a.png", "review")).to_dict()
    instance = good["documents"][0]["pages"][0]["instances"][0]
    del instance["review_reason"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(good, schema, cls=jsonschema.Draft202012Validator)
    good = _report(charter, _document(charter, "a.png", "compliant")).to_dict()
    good["documents"][0]["pages"][0]["instances"][0]["review_reason"] = "x"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(good, schema, cls=jsonschema.Draft202012Validator)
    good = _report(charter, _document(charter, "a.png")).to_dict()
    good["documents"][0]["extra"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(good, schema, cls=jsonschema.Draft202012Validator)


def test_schema_names_agree_with_the_code() -> None:
    defs = load_schema()["$defs"]
    assert defs["finding"]["properties"]["code"]["enum"] == list(FINDING_CODES)
    assert defs["finding"]["properties"]["element"]["enum"] == [*ELEMENTS, None]
    assert defs["finding"]["properties"]["severity"]["enum"] == list(SEVERITIES)
    assert defs["verdict"]["enum"] == list(VERDICTS)
    assert defs["document"]["properties"]["kind"]["enum"] == list(DOCUMENT_KINDS)
    assert {report_kind(sniffed) for sniffed in ("image", "pdf", "zip", "warc", "text", None)} <= set(DOCUMENT_KINDS)


def test_schema_ships_with_the_package() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = pyproject["tool"]["setuptools"]
    assert "logo_check.schema" in setuptools["packages"]
    assert "*.json" in setuptools["package-data"]["logo_check.schema"]
    assert (REPO / "logo_check" / "schema" / "report.schema.json").is_file()


@pytest.mark.parametrize(
    ("documents", "expected"),
    [
        ([], ExitCode.OK),
        ([("compliant",), ()], ExitCode.OK),
        ([("review",)], ExitCode.OK),
        ([("compliant",), ("non_compliant",)], ExitCode.NON_COMPLIANT),
        ([("non_compliant",), "error"], ExitCode.UNREADABLE_INPUT),
        (["error", ("compliant",)], ExitCode.UNREADABLE_INPUT),
    ],
)
def test_exit_code_precedence(charter: Charter, documents: list, expected: ExitCode) -> None:
    docs = [
        _document(charter, f"{i}.png", errors=True) if d == "error" else _document(charter, f"{i}.png", *d)
        for i, d in enumerate(documents)
    ]
    assert exit_code(_report(charter, *docs)) == expected
