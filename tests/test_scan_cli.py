"""`logo-check scan`, scan_paths and check_image: files and folders in, one JSON report out.

The engine (detect, verify) is replaced at logo_check.pipeline's access point so that these tests
exercise the stages around it on their own. The images are plain noise, which holds no logo: the
tests that only use them also pass with the real engine (set LOGO_CHECK_REAL_ENGINE=1 to run them
so). Only the plumbing tests at the end need a fake instance.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import numpy as np
import pytest
from builders import clean, element, nested_svg
from PIL import Image

from logo_check import pipeline
from logo_check.api import check_image, expand_paths, scan_paths
from logo_check.charter import Charter
from logo_check.cli import main
from logo_check.errors import UnreadableInputError, UsageError
from logo_check.model import Candidate, Context, Document, Page
from logo_check.report import load_schema

REAL_ENGINE = bool(os.environ.get("LOGO_CHECK_REAL_ENGINE"))


@pytest.fixture
def no_logo_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """detect finds nothing, as the real detector must on plain noise."""
    if not REAL_ENGINE:
        monkeypatch.setattr(pipeline, "detect", lambda page, charter: [])


def _noise(path: Path, fmt: str = "PNG", size: tuple[int, int] = (96, 128), seed: int = 0) -> bytes:
    rng = np.random.default_rng(seed)
    out = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, (*size, 3), dtype=np.uint8)).save(out, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    return out.getvalue()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Readable noise images (one with a misleading name), an empty file, a text file, a hidden file."""
    root = tmp_path / "inputs"
    _noise(root / "b.png")
    _noise(root / "sub" / "c.jpg", "JPEG", seed=1)
    _noise(root / "a-really-png.jpg", seed=2)
    (root / "empty.png").write_bytes(b"")
    (root / "notes.txt").write_bytes(b"\x00\x01 pas une image, pas un texte\n")  # binary junk
    (root / ".hidden.png").write_bytes(b"")
    (root / ".cache").mkdir()
    (root / ".cache" / "x.png").write_bytes(b"")
    return root


def _validate(data: dict) -> None:
    jsonschema.validate(data, load_schema(), cls=jsonschema.Draft202012Validator)


def test_expand_paths_sorted_without_hidden_and_once(folder: Path) -> None:
    files = expand_paths([folder, folder / "b.png", folder / "missing.png"])
    names = [os.path.relpath(f, folder) for f in files]
    assert names == ["a-really-png.jpg", "b.png", "empty.png", "notes.txt", os.path.join("sub", "c.jpg"), "missing.png"]


def test_scan_paths_reports_unreadable_files_and_goes_on(folder: Path, no_logo_engine: None) -> None:
    report = scan_paths([folder], channel="web", category="offre_referencee", date="2008-06-01")
    data = report.to_dict()
    _validate(data)
    by_name = {os.path.basename(d["source"]): d for d in data["documents"]}
    assert list(by_name) == ["a-really-png.jpg", "b.png", "empty.png", "notes.txt", "c.jpg"]
    for name in ("a-really-png.jpg", "b.png", "c.jpg"):
        doc = by_name[name]
        assert doc["errors"] == [] and doc["verdict"] == "no_logo" and doc["kind"] == "image"
        assert doc["pages"] == [{"index": 0, "width": 128, "height": 96, "unit": "px", "instances": []}]
        assert doc["sha256"] == hashlib.sha256(Path(doc["source"]).read_bytes()).hexdigest()
        assert (doc["channel"], doc["category"], doc["date"]) == ("web", "offre_referencee", "2008-06-01")
    assert [e["code"] for e in by_name["empty.png"]["errors"]] == ["empty_file"]
    assert [e["code"] for e in by_name["notes.txt"]["errors"]] == ["unknown_format"]
    assert by_name["notes.txt"]["pages"] == [] and by_name["notes.txt"]["verdict"] == "review"


def test_cli_scan_exit_3_with_the_others_reported(
    folder: Path, no_logo_engine: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scan", str(folder)]) == 3
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    _validate(data)
    assert len(data["documents"]) == 5
    assert sum(1 for d in data["documents"] if d["verdict"] == "no_logo") == 3
    assert "empty.png : fichier vide" in captured.err and "notes.txt : format non reconnu" in captured.err


def test_cli_scan_clean_run_to_a_file(tmp_path: Path, no_logo_engine: None, capsys: pytest.CaptureFixture[str]) -> None:
    _noise(tmp_path / "one.png")
    _noise(tmp_path / "two.webp", "WEBP", seed=3)
    out = tmp_path / "report.json"
    args = ["--lang", "en", "scan", "--channel", "sms", "--out", str(out)]
    assert main([*args, str(tmp_path / "one.png"), str(tmp_path / "two.webp")]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    _validate(data)
    assert [d["source"] for d in data["documents"]] == [str(tmp_path / "one.png"), str(tmp_path / "two.webp")]
    assert all(d["channel"] == "sms" and d["category"] is None and d["date"] is None for d in data["documents"])


def test_cli_scan_missing_input_exit_3(
    tmp_path: Path, no_logo_engine: None, capsys: pytest.CaptureFixture[str]
) -> None:
    _noise(tmp_path / "one.png")
    assert main(["--lang", "en", "scan", str(tmp_path / "one.png"), str(tmp_path / "none.png")]) == 3
    captured = capsys.readouterr()
    docs = json.loads(captured.out)["documents"]
    assert docs[1]["errors"][0]["code"] == "not_found" and docs[1]["sha256"] is None
    assert "none.png: file not found" in captured.err


def test_one_files_progress_counts_its_images(
    tmp_path: Path, no_logo_engine: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """A single file's progress bar counts its images (a long PDF's would otherwise stand at 0/1
    for minutes); several files' counts the files."""
    rng = np.random.default_rng(2)
    frames = [Image.fromarray(rng.integers(0, 256, (60, 80, 3), dtype=np.uint8)) for _ in range(3)]
    frames[0].save(tmp_path / "three.tif", save_all=True, append_images=frames[1:])
    scan_paths(tmp_path / "three.tif", progress=True)
    bar = capsys.readouterr().err  # tqdm draws at most every 0.1 s: the count may not show its end
    assert "/3 " in bar and "img/s" in bar
    _noise(tmp_path / "other.png")
    scan_paths(tmp_path, progress=True)
    bar = capsys.readouterr().err
    assert "/2 " in bar and "doc/s" in bar and "img" not in bar


def test_each_files_documents_are_handed_on_in_order_as_they_come(tmp_path: Path) -> None:
    """``on_documents`` gets each file's documents in the files' order, whichever worker finishes
    first, each file once."""
    for n in range(5):
        _noise(tmp_path / f"{n}.png", seed=n, size=(96 + 200 * (n % 2), 128))
    handed: list[str] = []
    report = scan_paths(tmp_path, workers=2, on_documents=lambda docs: handed.extend(d.source for d in docs))
    assert handed == [d.source for d in report.documents] == [str(tmp_path / f"{n}.png") for n in range(5)]


def test_workers_give_the_same_report(folder: Path, no_logo_engine: None) -> None:
    one = scan_paths(folder, workers=1).to_dict()  # one path alone is accepted too
    two = scan_paths([folder], workers=2).to_dict()
    assert one == two


def test_a_file_that_kills_its_worker_is_reported_and_the_scan_goes_on(tmp_path: Path) -> None:
    """A native library that crashes kills the worker process (no exception reaches Python) and
    breaks the pool with every file in flight: those are scanned again one at a time in a new pool,
    the file that kills its worker again is reported (``check_crashed``, with its hash and kind),
    the others judged. The crash is a real one: resvg on an SVG nested deeper than the limit would
    allow, here lifted (``max_svg_depth``)."""
    from logo_check.limits import Limits

    deep = nested_svg(1000)
    (tmp_path / "b-deep.svg").write_bytes(deep)
    for n, name in enumerate(("a.png", "c.png", "d.png", "e.png")):
        _noise(tmp_path / name, seed=n)
    limits = Limits(max_svg_depth=1_000_000)
    report = scan_paths(tmp_path, workers=2, limits=limits).to_dict()
    documents = {Path(d["source"]).name: d for d in report["documents"]}
    assert list(documents) == ["a.png", "b-deep.svg", "c.png", "d.png", "e.png"]  # the folder's order
    crashed = documents.pop("b-deep.svg")
    assert [e["code"] for e in crashed["errors"]] == ["check_crashed"] and crashed["verdict"] == "review"
    assert crashed["sha256"] == hashlib.sha256(deep).hexdigest() and crashed["kind"] == "image"
    assert all(d["verdict"] == "no_logo" and not d["errors"] for d in documents.values())


#: ``logo-check scan FOLDER --out OUT`` on a machine of two cores, the SVG depth limit lifted in the
#: defaults the command reads
_SCAN_WITH_DEFAULTS = """
import dataclasses, os, sys
from logo_check import limits
from logo_check.cli import main
os.cpu_count = lambda: 2
limits.DEFAULT_LIMITS = dataclasses.replace(limits.DEFAULT_LIMITS, max_svg_depth=1_000_000)
sys.exit(main(["scan", sys.argv[1], "--out", sys.argv[2]]))
"""


def test_cli_scans_files_in_a_process_per_core_by_default(tmp_path: Path) -> None:
    """Without ``--workers``, ``scan`` uses a worker process per core, so that a file that kills
    its worker is reported and the others judged: the crash of the previous test, with the
    command's defaults. Run in a process of its own: were the files scanned in the command's own
    process, the crash would end it (a signal, not the exit code 3)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "deep.svg").write_bytes(nested_svg(1000))
    _noise(folder / "noise.png")
    out = tmp_path / "report.json"
    done = subprocess.run(
        [sys.executable, "-c", _SCAN_WITH_DEFAULTS, str(folder), str(out)], capture_output=True, timeout=300
    )
    assert done.returncode == 3, done.stderr[-2000:]
    documents = json.loads(out.read_text(encoding="utf-8"))["documents"]
    assert [[e["code"] for e in d["errors"]] for d in documents] == [["check_crashed"], []]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--channel", "tv"], "canal inconnu « tv »"),
        (["--category", "offre"], "catégorie inconnue « offre »"),
        (["--date", "2008-02-30"], "date invalide"),
        (["--date", "01/02/2008"], "date invalide"),
        (["--workers", "0"], "nombre de processus invalide"),
        (["--workers", "two"], "un nombre entier est attendu"),
        (["--format", "xml"], "choix invalide"),
    ],
)
def test_cli_scan_bad_usage_exit_2(
    tmp_path: Path, no_logo_engine: None, capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    _noise(tmp_path / "one.png")
    assert main(["scan", *args, str(tmp_path / "one.png")]) == 2
    captured = capsys.readouterr()
    assert words in captured.err and captured.out == ""


def test_cli_scan_unwritable_output_exit_2_before_scanning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def must_not_scan(*args: object, **kwargs: object) -> None:
        raise AssertionError("scanned before checking the output")

    monkeypatch.setattr(pipeline, "scan_file", must_not_scan)
    _noise(tmp_path / "one.png")
    out = tmp_path / "missing" / "report.json"
    assert main(["scan", "--out", str(out), str(tmp_path / "one.png")]) == 2
    assert "impossible d'écrire" in capsys.readouterr().err


def test_scan_help_is_bilingual_and_imports_no_heavy_module() -> None:
    code = (
        "import sys\n"
        "from logo_check.cli import main\n"
        "main(['scan', '--help'])\n"
        "main(['--lang', 'en', 'scan', '--help'])\n"
        "names = ('numpy', 'cv2', 'fitz', 'pymupdf', 'skimage', 'PIL', 'tqdm', 'jsonschema')\n"
        "heavy = [m for m in names if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert "--workers" in done.stdout and "fichiers ou dossiers à analyser" in done.stdout
    assert "files or folders to scan" in done.stdout


def test_import_logo_check_stays_cheap_and_exposes_the_api() -> None:
    code = (
        "import sys, logo_check\n"
        "assert 'logo_check.api' not in sys.modules and 'numpy' not in sys.modules\n"
        "assert callable(logo_check.check_image) and callable(logo_check.scan_paths)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_check_image_from_path_bytes_and_array(tmp_path: Path, no_logo_engine: None, charter: Charter) -> None:
    data = _noise(tmp_path / "one.png")
    by_path = check_image(tmp_path / "one.png", charter=charter).to_dict()
    by_bytes = check_image(data, name="upload.png").to_dict()
    array = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    by_array = check_image(array, channel="print", category="conseiller_tpe", date="2009-01-01").to_dict()
    for report in (by_path, by_bytes, by_array):
        _validate(report)
        (doc,) = report["documents"]
        assert doc["verdict"] == "no_logo" and doc["pages"][0]["width"] == 128
    assert by_path["documents"][0]["source"] == str(tmp_path / "one.png")
    assert by_bytes["documents"][0]["source"] == "upload.png"
    assert by_bytes["documents"][0]["sha256"] == hashlib.sha256(data).hexdigest()
    assert by_array["documents"][0]["sha256"] is None and by_array["documents"][0]["channel"] == "print"


def test_check_image_errors(no_logo_engine: None) -> None:
    import logo_check

    assert logo_check.UnreadableInputError is UnreadableInputError  # the name the README uses
    with pytest.raises(logo_check.UnreadableInputError) as info:
        check_image(b"")
    assert info.value.code == "empty_file"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("flyer.png", b"not read")
    warc_gz = gzip.compress(b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n")
    for data, code in ((archive.getvalue(), "archive_not_here"), (warc_gz, "web_archive_not_here")):
        with pytest.raises(UnreadableInputError) as info:  # a ZIP, and a web archive as usually written
            check_image(data)
        assert info.value.code == code
    assert "logo-check scan FILE.warc.gz" in info.value.messages()["en"]  # where a site is scanned
    with pytest.raises(UsageError, match="uint8"):
        check_image(np.zeros((4, 4), dtype=np.uint8))
    with pytest.raises(UsageError, match="unsupported source"):
        check_image(42)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="unknown channel"):
        check_image(np.zeros((4, 4, 3), dtype=np.uint8), channel="tv")


# -- plumbing, with a fake instance ----------------------------------------------------------------


def test_an_instance_goes_through_measure_and_judge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    candidate = Candidate(homography=np.eye(3), score=0.9)
    monkeypatch.setattr(pipeline, "detect", lambda page, charter: [candidate])
    monkeypatch.setattr(
        pipeline, "measure", lambda page, cand, charter: (cand, element(clean(), "arrow", delta_e=31.5))
    )
    _noise(tmp_path / "one.png")
    assert main(["scan", "--category", "offre_referencee", str(tmp_path / "one.png")]) == 1
    data = json.loads(capsys.readouterr().out)
    _validate(data)
    (doc,) = data["documents"]
    (instance,) = doc["pages"][0]["instances"]
    assert doc["verdict"] == instance["verdict"] == "non_compliant"
    assert instance["bbox"] == [10.0, 10.0, 570.0, 110.0] and instance["mark_height"] == 100.0
    assert [f["code"] for f in instance["findings"]] == ["colour_changed"]


def test_a_raster_is_reported_on_its_page_in_the_page_unit(monkeypatch: pytest.MonkeyPatch, charter: Charter) -> None:
    candidate = Candidate(homography=np.eye(3), score=0.4)
    monkeypatch.setattr(pipeline, "detect", lambda page, charter: [candidate])
    monkeypatch.setattr(pipeline, "measure", lambda page, cand, charter: (cand, clean(score=0.4)))
    page = Page(index=2, image=np.zeros((200, 400, 3), np.uint8), unit="pt", unit_per_pixel=0.5, mm_per_pixel=0.1)
    sizes = [(595.0, 842.0), (595.0, 842.0), (200.0, 100.0)]
    document = Document(kind="pdf", unit="pt", page_sizes=sizes, rasters=[page])
    report = pipeline.scan_document(document, "p.pdf", None, Context(channel="print"), charter).pages[2]
    assert (report.index, report.width, report.height, report.unit) == (2, 200.0, 100.0, "pt")
    (instance,) = report.instances
    assert instance.bbox == (5.0, 5.0, 285.0, 55.0) and instance.mark_height == 50.0
    assert instance.verdict == "review" and "0.40" in (instance.review_reason or "")
    # the page's millimetres per pixel reached the policy: 100 px × 0.1 mm = 10 mm, the print minimum
    assert instance.findings == []


# -- resuming a scan of files ------------------------------------------------------------------------


def test_a_resumed_scan_of_files_scans_only_what_is_left(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, charter: Charter
) -> None:
    """An interrupted scan of a large folder goes on where it stopped: each file read without an
    error is kept in the state with its documents (a logo's findings included), keyed by its
    bytes, and is not scanned again, under its own name or another; the report is the same."""
    from service_support import logo_png

    (folder / "logo.png").write_bytes(logo_png(charter, recoloured=True))
    state = tmp_path / "state.jsonl"
    first = scan_paths([folder], channel="web", resume=state).to_dict()
    lines = state.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["format"] == "logo-check/files-state"
    assert len(lines) == 1 + 4  # four files read without an error; empty.png and notes.txt are not kept
    (logo,) = [d for d in first["documents"] if d["source"].endswith("logo.png")]
    assert logo["verdict"] == "non_compliant"

    scanned: list[str] = []
    real_scan_file = pipeline.scan_file
    monkeypatch.setattr(
        pipeline, "scan_file", lambda path, *a, **k: scanned.append(path) or real_scan_file(path, *a, **k)
    )
    (folder / "z-copy.png").write_bytes((folder / "logo.png").read_bytes())  # the same bytes, another name
    _noise(folder / "new.png", seed=9)
    again = scan_paths([folder], channel="web", resume=state).to_dict()
    assert sorted(os.path.basename(p) for p in scanned) == ["empty.png", "new.png", "notes.txt"]
    copy = next(d for d in again["documents"] if d["source"].endswith("z-copy.png"))
    assert copy == {**logo, "source": str(folder / "z-copy.png")}
    assert [d for d in again["documents"] if d["source"] in {x["source"] for x in first["documents"]}] == first[
        "documents"
    ]
    _validate(again)


def test_a_resume_state_must_match_the_scan(folder: Path, tmp_path: Path, no_logo_engine: None) -> None:
    """Results are only taken over for the same settings and the same kind of scan; the HTML
    report's pictures are not kept in a state, so a resumed scan cannot make one."""
    from logo_check.resume_state import ResumeState

    state = tmp_path / "state.jsonl"
    scan_paths([folder / "b.png"], channel="web", resume=state)
    with pytest.raises(UsageError) as mismatch:
        scan_paths([folder / "b.png"], channel="print", resume=state)
    assert mismatch.value.key == "resume_mismatch"
    crawl_state = tmp_path / "crawl.jsonl"
    ResumeState(crawl_state, {}).close()  # a crawl's state
    with pytest.raises(UsageError) as other:
        scan_paths([folder / "b.png"], resume=crawl_state)
    assert other.value.key == "resume_not_ours"
    with pytest.raises(UsageError) as pictures:
        scan_paths([folder / "b.png"], evidence=True, resume=tmp_path / "new.jsonl")
    assert pictures.value.key == "resume_with_evidence" and not (tmp_path / "new.jsonl").exists()


def test_cli_scan_resume_with_workers(
    folder: Path, tmp_path: Path, no_logo_engine: None, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "state.jsonl"
    assert main(["scan", "--workers", "2", "--resume", str(state), str(folder)]) == 3
    first = capsys.readouterr().out
    # an interruption leaves at worst an incomplete last line, which the next run drops
    with open(state, "ab") as handle:
        handle.write(b'{"key": "abc", "docu')
    assert main(["scan", "--resume", str(state), str(folder)]) == 3
    assert capsys.readouterr().out == first
    assert (
        main(
            [
                "--lang",
                "en",
                "scan",
                "--format",
                "html",
                "--out",
                str(tmp_path / "r.html"),
                "--resume",
                str(state),
                str(folder),
            ]
        )
        == 2
    )
    assert "--resume does not keep the HTML report's pictures" in capsys.readouterr().err


@pytest.mark.parametrize(
    "option", [["--catalogue-url", "https://catalogue.example.fr/"], ["--dask-scheduler", "tcp://127.0.0.1:1"]]
)
def test_cli_scan_refuses_web_archive_options_without_web_archives(
    tmp_path: Path, no_logo_engine: None, capsys: pytest.CaptureFixture[str], option: list[str]
) -> None:
    """An option that only a crawl uses is refused, not silently dropped, when no input is a web archive."""
    _noise(tmp_path / "one.png")
    assert main(["--lang", "en", "scan", *option, str(tmp_path / "one.png")]) == 2
    captured = capsys.readouterr()
    assert f"{option[0]} applies to web archives (WARC) and mirrored sites only" in captured.err and captured.out == ""


def test_a_resume_state_line_nested_too_deep_is_dropped_like_a_torn_one(tmp_path: Path) -> None:
    from logo_check.resume_state import FILES_FORMAT, ResumeState

    state = tmp_path / "state.jsonl"
    ResumeState(state, {"channel": "web"}, FILES_FORMAT).close()
    header = state.read_bytes()
    state.write_bytes(header + b"[" * 100_000 + b"\n")
    reopened = ResumeState(state, {"channel": "web"}, FILES_FORMAT)
    reopened.close()
    assert reopened.done == {} and state.read_bytes() == header
