"""The command line: help, charter show, reference render, and the exit codes of bad usage."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from logo_check.charter import Charter
from logo_check.cli import main


def test_help_imports_no_heavy_module() -> None:
    code = (
        "import sys\n"
        "from logo_check.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('numpy', 'cv2', 'pymupdf', 'fitz', 'skimage', 'PIL', 'flask') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_help_is_french_by_default_and_english_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "Vérifie l'usage du logo" in capsys.readouterr().out
    assert main(["--lang", "en", "--help"]) == 0
    assert "Checks uses of the" in capsys.readouterr().out


def test_charter_show_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["charter", "show", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["elements"]) == {"at_sign", "arrow", "wordmark", "caption"}
    assert all(len(e["box"]) == 4 for e in data["elements"].values())
    assert len(data["categories"]) == 4
    assert data["channels"]["sms"]["waivers"] and data["channels"]["radio"]["waivers"]
    assert data["valid_until"] == "2008-12-31"


def test_charter_show_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["charter", "show"]) == 0
    out = capsys.readouterr().out
    assert "Fin du droit d'usage : 2008-12-31" in out and "OFFRE RÉFÉRENCÉE" in out


def test_broken_charter_exits_2_without_traceback(charter_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    charter_copy.write_text(charter_copy.read_text(encoding="utf-8").replace("[colours]", "[couleurs]"), "utf-8")
    assert main(["--charter", str(charter_copy), "charter", "show"]) == 2
    err = capsys.readouterr().err
    assert "charte invalide" in err and "colours" in err and str(charter_copy) in err
    assert "Traceback" not in err


def test_render_png_200(tmp_path: Path, charter: Charter) -> None:
    out = tmp_path / "x.png"
    args = ["reference", "render", "--caption", "offre_referencee", "--height", "200", "--out", str(out)]
    assert main(args) == 0
    first = out.read_bytes()
    assert main(args) == 0
    assert out.read_bytes() == first
    rgba = np.asarray(Image.open(out).convert("RGBA")).astype(int)
    assert rgba.shape[0] == 200

    def mode_colour(x0: float, y0: float, x1: float, y1: float) -> tuple[int, ...]:
        h, w = rgba.shape[:2]
        patch = rgba[int(y0 * h) : int(y1 * h), int(x0 * w) : int(x1 * w)].reshape(-1, 4)
        patch = patch[patch[:, 3] == 255][:, :3]
        values, counts = np.unique(patch, axis=0, return_counts=True)
        return tuple(values[counts.argmax()])

    disc = charter.elements["at_sign"].box
    band = charter.elements["caption"].box
    assert mode_colour(disc.x0, 0.0, disc.x1, 0.25) == charter.rgb("blue")
    assert mode_colour(band.x0, band.y0, band.x1, band.y1) == charter.rgb("red")
    # the @ is white: the centre column of the disc holds white
    assert charter.rgb("white") in {tuple(p[:3]) for p in rgba[:, int(disc.x1 * rgba.shape[1] / 2)]}
    # the arrow's red along its axis, in the lower-left quarter of the mark
    h = rgba.shape[0]
    assert tuple(rgba[int(0.78 * h), int(0.22 * h), :3]) == charter.rgb("red")


def test_render_svg(tmp_path: Path) -> None:
    out = tmp_path / "x.svg"
    assert (
        main(
            [
                "reference",
                "render",
                "--caption",
                "conseiller_tpe",
                "--variant",
                "mono",
                "--height",
                "50",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    text = out.read_text(encoding="utf-8")
    assert 'height="50"' in text and "#000000" in text and "#0055A4" not in text


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--caption", "offre", "--height", "100"], "catégorie inconnue"),
        (["--caption", "offre_referencee", "--variant", "gold", "--height", "100"], "variante inconnue"),
        (["--caption", "offre_referencee", "--height", "0"], "hauteur invalide"),
        (["--caption", "offre_referencee", "--height", "-5"], "hauteur invalide"),
        (["--caption", "offre_referencee", "--height", "20001"], "hauteur invalide"),
        (["--caption", "offre_referencee", "--height", "10000"], "trop grand"),
        (["--caption", "offre_referencee", "--height", "abc"], "un nombre entier est attendu, reçu 'abc'"),
    ],
)
def test_render_bad_arguments_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    out = tmp_path / "x.png"
    assert main(["reference", "render", *args, "--out", str(out)]) == 2
    assert words in capsys.readouterr().err
    assert not out.exists()


def test_argparse_words_in_the_users_language(capsys: pytest.CaptureFixture[str]) -> None:
    """argparse writes its own words in English: usage line, section titles, help option, errors."""
    assert main(["scan", "--help"]) == 0
    french = capsys.readouterr().out
    assert french.startswith("utilisation : logo-check scan") and "affiche cette aide et quitte" in french
    assert "usage:" not in french and "show this help" not in french
    # every exit code, web archives (argparse wraps the description: its words are compared)
    assert "4 erreur interne" in " ".join(french.split()) and "WARC" in french
    assert main(["--lang", "en", "scan", "--help"]) == 0
    english = capsys.readouterr().out
    assert english.startswith("usage: logo-check scan") and "show this help message and exit" in english
    assert "4 internal error" in " ".join(english.split())
    assert main(["scan"]) == 2
    assert "arguments obligatoires manquants : INPUT" in capsys.readouterr().err
    assert main(["scan", "x", "--format", "pdf"]) == 2
    assert "argument --format : choix invalide : 'pdf'" in capsys.readouterr().err
    assert main(["scan", "x", "--zzz"]) == 2
    assert "arguments inconnus : --zzz" in capsys.readouterr().err
    assert main(["scan", "--lang", "en", "x", "--zzz"]) == 2
    assert "unrecognized arguments: --zzz" in capsys.readouterr().err
    assert main(["--lang", "fr", "scan", "--lang", "en", "x", "--zzz"]) == 2  # the last one wins
    assert "unrecognized arguments: --zzz" in capsys.readouterr().err


def test_common_options_after_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--lang, --charter and --debug are taken after the command as well as before it."""
    assert main(["charter", "show", "--lang", "en", "--charter", str(tmp_path / "none.toml")]) == 2
    err = capsys.readouterr().err
    assert "none.toml" in err and "file cannot be read" in err  # the charter given after the command, in English
    assert main(["charter", "show", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"]


def test_render_unwritable_path_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "missing-folder" / "x.png"
    assert main(["reference", "render", "--caption", "offre_referencee", "--height", "20", "--out", str(out)]) == 2
    assert "impossible d'écrire" in capsys.readouterr().err


def test_render_bad_extension_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "--lang",
                "en",
                "reference",
                "render",
                "--caption",
                "offre_referencee",
                "--height",
                "20",
                "--out",
                str(tmp_path / "x.gif"),
            ]
        )
        == 2
    )
    assert "unsupported output extension" in capsys.readouterr().err


def test_console_script_end_to_end(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("logo-check")
    if not script.exists():
        pytest.skip("console script not installed in this environment")
    env = dict(os.environ, LOGO_CHECK_LANG="en")
    done = subprocess.run(
        [str(script), "charter", "show", "--format", "json"], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0 and json.loads(done.stdout)["id"]
    done = subprocess.run([str(script), "nonsense"], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 2 and "invalid choice" in done.stderr
