"""The ``logo-check`` command line.

One exception handler (:func:`main`) turns every :class:`LogoCheckError` into a message on stderr
and its exit code; anything else is an internal error (exit 4, traceback with ``--debug``). Heavy
modules are imported inside the commands so that ``logo-check --help`` starts fast.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import ExitCode, LogoCheckError, UsageError
from .i18n import LANGUAGES, LibraryReason, resolve_language, translate

if TYPE_CHECKING:
    from .report import Report

HELP = {
    "fr": {
        "description": "Vérifie l'usage du logo « Entrepreneurs, faites le choix de l'économie numérique ».",
        "charter": "fichier de charte (défaut : $LOGO_CHECK_CHARTER ou la charte livrée)",
        "lang": "langue des messages (fr ou en ; défaut : $LOGO_CHECK_LANG ou fr)",
        "debug": "afficher la trace complète des erreurs internes",
        "commands": "commandes",
        "charter_cmd": "la charte graphique",
        "charter_show": "affiche la charte telle que chargée, boîtes des éléments comprises",
        "format": "format de sortie",
        "reference_cmd": "l'illustration de référence",
        "reference_render": "produit le logo officiel à la taille voulue (PNG ou SVG selon l'extension)",
        "caption": "catégorie dont le bandeau est affiché",
        "variant": "variante (défaut : colour)",
        "height": "hauteur de l'illustration en pixels",
        "out": "fichier de sortie (.png ou .svg)",
        "background": "couleur de fond #RRGGBB (défaut : transparent)",
        "scan_cmd": "analyse des images et rend un rapport (JSON, CSV ou HTML), constat par constat",
        "scan_description": (
            "Cherche le logo dans chaque fichier (images PNG, JPEG, WebP, AVIF, HEIC, BMP, GIF, TIFF, SVG ; PDF ; "
            "textes ; pages HTML et les images qu'elles montrent ; archives ZIP de ces fichiers ; "
            "archives web WARC et sites aspirés, page par page) et dit si "
            "chaque usage respecte la charte ; le texte est vérifié pour la dénomination exacte. Le type "
            "vient du contenu, pas du nom. Les dossiers sont parcourus récursivement. Codes de sortie : "
            "0 conforme, 1 usage non conforme, 2 mauvais usage, 3 entrée illisible (les autres sont "
            "rapportées), 4 erreur interne."
        ),
        "scan_format": (
            "format du rapport : json (SPEC §4), csv (une ligne par instance, pour les tableurs) ou html "
            "(une page autonome avec les images, les instances encadrées et les constats, en plusieurs "
            "fichiers liés pour un long rapport avec --out ; défaut : json)"
        ),
        "inputs": "fichiers ou dossiers à analyser",
        "channel": "canal de diffusion déclaré, tel que la charte le nomme (défaut : web)",
        "scan_category": "catégorie déclarée : le bandeau doit porter sa mention (défaut : non vérifié)",
        "date": "date du support AAAA-MM-JJ, pour la fin du droit d'usage (jamais la date du jour)",
        "turned": "cherche aussi le logo tourné d'un quart ou d'un demi-tour (de côté, à l'envers) dans les "
        "images ; environ 4 fois plus lent",
        "report_out": "fichier où écrire le rapport (défaut : la sortie standard ; un long rapport HTML continue "
        "dans NOM-2.html, NOM-3.html… à côté)",
        "workers": "nombre de processus d'analyse (défaut : le nombre de cœurs ; 1 : dans ce processus)",
        "catalogue_url": "archives web : URL du catalogue où chaque page au logo doit ramener (CGU art. VIII)",
        "resume": "fichier d'état pour reprendre une analyse interrompue sans refaire ce qui est fini (fichiers, "
        "dossiers et archives web ; pas avec --format html, sauf archives web)",
        "dask_scheduler": "archives web : analyser sur une grappe Dask (adresse tcp://HÔTE:PORT de l'ordonnanceur)",
        "serve_cmd": "démarre le service web (SQLite et processus de contrôle locaux)",
        "host": "adresse d'écoute (défaut : 127.0.0.1)",
        "port": "port d'écoute (défaut : 8000)",
        "data_dir": "dossier des données du service (défaut : $LOGO_CHECK_DATA_DIR ou ./data)",
        "serve_workers": "processus de contrôle (défaut : $LOGO_CHECK_WORKERS ou 1)",
        "users_cmd": "les comptes du service",
        "users_add": "crée un compte ; mot de passe lu sur l'entrée standard si ce n'est pas un terminal",
        "role": "rôle du compte",
        "code": "code de connexion",
        "partner": "partenaire du compte (nom ou numéro ; créé s'il n'existe pas), pour le rôle partner",
        "users_token": "crée un jeton d'API pour un compte et l'affiche (une seule fois)",
        "work_cmd": "lance seulement les processus de contrôle (quand le web est servi par ailleurs)",
        "token_name": "nom du jeton (défaut : cli)",
    },
    "en": {
        "description": "Checks uses of the « Entrepreneurs, faites le choix de l'économie numérique » logo.",
        "charter": "charter file (default: $LOGO_CHECK_CHARTER or the bundled charter)",
        "lang": "language of messages (fr or en; default: $LOGO_CHECK_LANG or fr)",
        "debug": "show the full traceback of internal errors",
        "commands": "commands",
        "charter_cmd": "the graphic charter",
        "charter_show": "show the charter as loaded, element boxes included",
        "format": "output format",
        "reference_cmd": "the reference artwork",
        "reference_render": "render the official logo at the size you need (PNG or SVG by extension)",
        "caption": "category whose caption the band carries",
        "variant": "variant (default: colour)",
        "height": "height of the artwork in pixels",
        "out": "output file (.png or .svg)",
        "background": "background colour #RRGGBB (default: transparent)",
        "scan_cmd": "scan images and give a report (JSON, CSV or HTML), finding by finding",
        "scan_description": (
            "Looks for the logo in each file (PNG, JPEG, WebP, AVIF, HEIC, BMP, GIF, TIFF, SVG images; PDFs; "
            "texts; HTML pages and the images they show; ZIP archives of them; "
            "WARC web archives and mirrored sites, page by page) and says whether each "
            "use complies with the charter; text is checked for the exact denomination. The kind comes "
            "from the content, not the name. Folders are walked recursively. Exit codes: 0 compliant, "
            "1 non-compliant use, 2 bad usage, 3 unreadable input (the others are reported), 4 internal "
            "error."
        ),
        "scan_format": (
            "report format: json (SPEC §4), csv (one row per instance, for spreadsheets) or html "
            "(one self-contained page with the pictures, the instances boxed and the findings, in several "
            "linked files for a long report with --out; default: json)"
        ),
        "inputs": "files or folders to scan",
        "channel": "declared channel, as the charter names it (default: web)",
        "scan_category": "declared category: the band must carry its caption (default: not checked)",
        "date": "date of the material YYYY-MM-DD, for the end of the right of use (never today's date)",
        "turned": "also look for the logo turned a quarter or half turn (sideways, upside down) in images; "
        "about 4 times slower",
        "report_out": "file to write the report to (default: standard output; a long HTML report goes on in "
        "NAME-2.html, NAME-3.html… beside it)",
        "workers": "number of scanning processes (default: the number of cores; 1: in this process)",
        "catalogue_url": "web archives: the catalogue URL every page with the logo must lead back to (CGU art. VIII)",
        "resume": "state file to continue an interrupted scan without redoing finished work (files, folders and "
        "web archives; not with --format html but for web archives)",
        "dask_scheduler": "web archives: scan on a Dask cluster (address tcp://HOST:PORT of its scheduler)",
        "serve_cmd": "start the web service (SQLite and local check processes)",
        "host": "address to listen on (default: 127.0.0.1)",
        "port": "port to listen on (default: 8000)",
        "data_dir": "the service's data folder (default: $LOGO_CHECK_DATA_DIR or ./data)",
        "serve_workers": "check processes (default: $LOGO_CHECK_WORKERS or 1)",
        "users_cmd": "the service's accounts",
        "users_add": "create an account; the password is read from stdin when it is not a terminal",
        "role": "the account's role",
        "code": "login code",
        "partner": "the account's partner (name or number; created if missing), for the partner role",
        "users_token": "create an API token for an account and print it (shown once)",
        "work_cmd": "run only the check processes (when the web side is served by something else)",
        "token_name": "the token's name (default: cli)",
    },
}


#: Report formats of ``logo-check scan``.
REPORT_FORMATS = ("json", "csv", "html")


#: argparse's own words, which it writes in English: the usage line's prefix, its two section
#: titles, the help and version options' help.
ARGPARSE_TEXT = {
    "fr": {
        "usage": "utilisation : ",
        "positionals": "arguments",
        "options": "options",
        "help": "affiche cette aide et quitte",
        "version": "affiche la version et quitte",
    },
    "en": {
        "usage": "usage: ",
        "positionals": "positional arguments",
        "options": "options",
        "help": "show this help message and exit",
        "version": "show the version and exit",
    },
}
#: argparse's usage errors in French: (its English message as a pattern, the French one).
ARGPARSE_ERRORS_FR = (
    (r"the following arguments are required: (.*)", r"arguments obligatoires manquants : \1"),
    (r"unrecognized arguments: (.*)", r"arguments inconnus : \1"),
    (
        r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)",
        r"argument \1 : choix invalide : \2 (au choix : \3)",
    ),
    (r"argument (\S+): invalid int value: (.*)", r"argument \1 : un nombre entier est attendu, reçu \2"),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"argument \1 : valeur invalide (\2) : \3"),
    (r"argument (\S+): expected one argument", r"argument \1 : une valeur est attendue"),
    (r"argument (\S+): (.*)", r"argument \1 : \2"),
)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser in the user's language whose usage errors exit with code 2 through our
    handler. argparse's own words (usage, section titles, help option, errors) are given in
    ``lang`` too."""

    def __init__(self, *args: Any, lang: str = "en", **kwargs: Any) -> None:
        self.lang = lang
        text = ARGPARSE_TEXT[lang]

        class Formatter(argparse.HelpFormatter):
            def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
                return super().add_usage(usage, actions, groups, text["usage"] if prefix is None else prefix)

        super().__init__(*args, formatter_class=Formatter, add_help=False, **kwargs)
        self._positionals.title = text["positionals"]
        self._optionals.title = text["options"]
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=text["help"])

    def error(self, message: str) -> None:  # type: ignore[override]
        if self.lang == "fr":
            for pattern, french in ARGPARSE_ERRORS_FR:
                translated, found = re.subn(f"^{pattern}$", french, message)
                if found:
                    message = translated
                    break
        self.print_usage(sys.stderr)
        raise SystemExit(f"{self.prog}: {message}")


def build_parser(lang: str) -> argparse.ArgumentParser:
    h = HELP[lang]
    parser_class = functools.partial(_Parser, lang=lang)
    parser = _Parser(prog="logo-check", description=h["description"], lang=lang)
    parser.add_argument(
        "--version", action="version", version=f"logo-check {__version__}", help=ARGPARSE_TEXT[lang]["version"]
    )
    _common_options(parser, h, None)
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", title=h["commands"], required=True, parser_class=parser_class
    )

    charter = commands.add_parser("charter", help=h["charter_cmd"])
    charter_cmds = charter.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class)
    show = charter_cmds.add_parser("show", help=h["charter_show"], description=h["charter_show"])
    show.add_argument("--format", choices=("text", "json"), default="text", help=h["format"])
    show.set_defaults(run=_charter_show)

    reference = commands.add_parser("reference", help=h["reference_cmd"])
    reference_cmds = reference.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class)
    render = reference_cmds.add_parser("render", help=h["reference_render"], description=h["reference_render"])
    render.add_argument("--caption", required=True, metavar="CATEGORY", help=h["caption"])
    render.add_argument("--variant", default="colour", help=h["variant"])
    render.add_argument("--height", required=True, type=int, metavar="PX", help=h["height"])
    render.add_argument("--background", metavar="#RRGGBB", help=h["background"])
    render.add_argument("--out", required=True, metavar="FILE", help=h["out"])
    render.set_defaults(run=_reference_render)

    scan = commands.add_parser("scan", help=h["scan_cmd"], description=h["scan_description"])
    scan.add_argument("inputs", nargs="+", metavar="INPUT", help=h["inputs"])
    scan.add_argument("--channel", default="web", help=h["channel"])
    scan.add_argument("--category", metavar="CATEGORY", help=h["scan_category"])
    scan.add_argument("--date", metavar="YYYY-MM-DD", help=h["date"])
    scan.add_argument("--format", choices=REPORT_FORMATS, default="json", help=h["scan_format"])
    scan.add_argument("--out", metavar="FILE", help=h["report_out"])
    scan.add_argument("--workers", type=int, default=None, metavar="N", help=h["workers"])
    scan.add_argument("--turned", action="store_true", help=h["turned"])
    scan.add_argument("--catalogue-url", metavar="URL", help=h["catalogue_url"])
    scan.add_argument("--resume", metavar="STATE", help=h["resume"])
    scan.add_argument("--dask-scheduler", metavar="tcp://HOST:PORT", help=h["dask_scheduler"])
    scan.set_defaults(run=_scan)

    serve = commands.add_parser("serve", help=h["serve_cmd"], description=h["serve_cmd"])
    serve.add_argument("--host", default="127.0.0.1", help=h["host"])
    serve.add_argument("--port", type=int, default=8000, help=h["port"])
    serve.add_argument("--data-dir", metavar="DIR", help=h["data_dir"])
    serve.add_argument("--workers", type=int, metavar="N", help=h["serve_workers"])
    serve.set_defaults(run=_serve)

    work = commands.add_parser("work", help=h["work_cmd"], description=h["work_cmd"])
    work.add_argument("--data-dir", metavar="DIR", help=h["data_dir"])
    work.add_argument("--workers", type=int, metavar="N", help=h["serve_workers"])
    work.set_defaults(run=_work)

    users = commands.add_parser("users", help=h["users_cmd"])
    users_cmds = users.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class)
    add = users_cmds.add_parser("add", help=h["users_add"], description=h["users_add"])
    add.add_argument("--role", required=True, choices=("reviewer", "partner", "admin"), help=h["role"])
    add.add_argument("--code", required=True, help=h["code"])
    add.add_argument("--partner", metavar="ID", help=h["partner"])
    add.add_argument("--data-dir", metavar="DIR", help=h["data_dir"])
    add.set_defaults(run=_users_add)
    token = users_cmds.add_parser("token", help=h["users_token"], description=h["users_token"])
    token.add_argument("--code", required=True, help=h["code"])
    token.add_argument("--name", default="cli", help=h["token_name"])
    token.add_argument("--data-dir", metavar="DIR", help=h["data_dir"])
    token.set_defaults(run=_users_token)
    # the same options after the command (``logo-check scan --lang en ...``), where they take the
    # place of any given before it; not given there, they leave the namespace as it is
    for command in (show, render, scan, serve, work, add, token):
        _common_options(command, h, argparse.SUPPRESS)
    return parser


def _common_options(parser: argparse.ArgumentParser, h: dict[str, str], default: Any) -> None:
    """The options every command takes: ``--charter``, ``--lang``, ``--debug``."""
    parser.add_argument("--charter", metavar="PATH", default=default, help=h["charter"])
    parser.add_argument("--lang", choices=LANGUAGES, default=default, help=h["lang"])
    parser.add_argument("--debug", action="store_true", default=False if default is None else default, help=h["debug"])


def _charter(args: argparse.Namespace):
    from .charter import load_charter

    return load_charter(args.charter)


def _charter_show(args: argparse.Namespace, lang: str) -> int:
    charter = _charter(args)
    if args.format == "json":
        json.dump(charter.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return ExitCode.OK
    from .charter_text import describe

    sys.stdout.write(describe(charter, lang))
    return ExitCode.OK


def _reference_render(args: argparse.Namespace, lang: str) -> int:
    from .reference import artwork_svg, artwork_width, render_png

    charter = _charter(args)
    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix == ".png":
        data = render_png(charter, args.caption, args.variant, args.height, background=args.background)
        message = translate("rendered", lang, path=out, width=artwork_width(charter, args.height), height=args.height)
    elif suffix == ".svg":
        data = artwork_svg(charter, args.caption, args.variant, args.height).encode("utf-8")
        message = translate("rendered_svg", lang, path=out)
    else:
        raise UsageError("bad_output_extension", value=suffix or out.name)
    _write_file(out, data)
    print(message, file=sys.stderr)
    return ExitCode.OK


def _scan(args: argparse.Namespace, lang: str) -> int:
    import os

    from .api import scan_paths
    from .crawl_cli import has_archives, scan_with_archives
    from .report import exit_code

    if has_archives(args.inputs):
        return scan_with_archives(args, lang)
    for option, value in (("--catalogue-url", args.catalogue_url), ("--dask-scheduler", args.dask_scheduler)):
        if value is not None:  # said, rather than ignored
            raise UsageError("needs_web_archives", option=option)
    out = Path(args.out) if args.out else None
    if out is not None and not out.parent.is_dir():  # fail before the scan, not after it
        raise UsageError("cannot_write", path=out, reason=translate("no_such_folder", lang))
    writer = _html_parts_writer(out, lang, args.charter) if out is not None and args.format == "html" else None
    report = scan_paths(
        args.inputs,
        channel=args.channel,
        category=args.category,
        date=args.date,
        # a file that kills its process is then reported, and the others scanned (api.scan_paths)
        workers=(os.cpu_count() or 1) if args.workers is None else args.workers,
        charter_path=args.charter,
        progress=sys.stderr.isatty(),
        evidence=args.format == "html",
        look_turned=args.turned,
        resume=args.resume,
        on_documents=writer.add if writer is not None else None,
    )
    if writer is not None:
        _finish_html_parts(writer, out, lang)  # type: ignore[arg-type]
    elif out is not None:
        text = _render_report(report, args.format, lang, args.charter)
        # a CSV file starts with a byte-order mark, by which spreadsheets recognise UTF-8
        _write_file(out, text.encode("utf-8-sig" if args.format == "csv" else "utf-8"))
    else:
        text = _render_report(report, args.format, lang, args.charter)
        sys.stdout.write(text)
        sys.stdout.flush()
    for document in report.documents:
        for error in document.errors:
            message = error.message.get(lang) or next(iter(error.message.values()))
            print(
                f"logo-check: {translate('input_error', lang, source=document.source, message=message)}",
                file=sys.stderr,
            )
    return exit_code(report)


def _serve(args: argparse.Namespace, lang: str) -> int:
    from service.server import serve

    if args.workers is not None and args.workers < 0:
        raise UsageError("bad_workers", value=args.workers)
    return serve(args.host, args.port, args.data_dir, args.workers, lang)


def _work(args: argparse.Namespace, lang: str) -> int:
    from service.server import work

    if args.workers is not None and args.workers < 1:
        raise UsageError("bad_workers", value=args.workers)
    return work(args.data_dir, args.workers, lang)


def _read_password(lang: str) -> str | None:
    from service.i18n import translate as service_text

    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass(service_text("password_prompt", lang))
    if getpass.getpass(service_text("password_again", lang)) != first:
        print(f"logo-check: {service_text('password_mismatch', lang)}", file=sys.stderr)
        return None
    return first


def _users_add(args: argparse.Namespace, lang: str) -> int:
    from service.accounts import AccountError
    from service.i18n import translate as service_text
    from service.server import add_user

    password = _read_password(lang)
    if password is None:
        return ExitCode.USAGE
    try:
        _, partner_id = add_user(args.data_dir, args.role, args.code, args.partner, password, lang)
    except AccountError as exc:
        print(f"logo-check: {service_text('error_' + exc.code, lang, **exc.params)}", file=sys.stderr)
        return ExitCode.USAGE
    partner = service_text("user_added_partner", lang, id=partner_id) if partner_id is not None else ""
    role = service_text(f"role_{args.role}", lang)
    print(service_text("user_added", lang, code=args.code.strip(), role=role, partner=partner), file=sys.stderr)
    return ExitCode.OK


def _users_token(args: argparse.Namespace, lang: str) -> int:
    from service.i18n import translate as service_text
    from service.server import add_token

    token = add_token(args.data_dir, args.code, args.name)
    if token is None:
        print(f"logo-check: {service_text('error_user_unknown', lang, code=args.code)}", file=sys.stderr)
        return ExitCode.USAGE
    print(token)
    return ExitCode.OK


def _render_report(report: Report, fmt: str, lang: str, charter_path: str | None = None) -> str:
    if fmt == "csv":
        from .report_csv import render_csv

        return render_csv(report, lang)
    if fmt == "html":
        from .charter import load_charter
        from .report_html import render_html

        # the labels of the pack the scan was made with
        return render_html(report, lang, charter=load_charter(charter_path))
    return report.to_json() + "\n"


def _html_parts_writer(out: Path, lang: str, charter_path: str | None) -> Any:
    """The HTML report written as the scan goes: ``out``, and when its pictures need more than one
    file, ``out``'s siblings ``NAME-2.html`` … (each written once the next begins, its pictures then
    dropped from memory; the first, with the summary, at the end)."""
    from .charter import load_charter
    from .report_html import HtmlPartsWriter

    charter = load_charter(charter_path)

    def write(name: str, html: str) -> None:
        _write_file(out.parent / name, html.encode("utf-8"))

    return HtmlPartsWriter(charter.id, charter.version, write, out.name, lang, charter, release_pictures=True)


def _finish_html_parts(writer: Any, out: Path, lang: str) -> None:
    def read(name: str) -> str:
        return (out.parent / name).read_text(encoding="utf-8")

    names = writer.finish(read, writer.write)
    if len(names) > 1:
        message = translate("report_in_parts", lang, count=len(names), first=names[0], last=names[-1])
        print(f"logo-check: {message}", file=sys.stderr)


def _write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, so a failure leaves no half file."""
    import os
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix=".logo-check-", dir=path.parent if str(path.parent) else ".")
    except OSError as exc:
        raise UsageError("cannot_write", path=path, reason=LibraryReason.of(exc)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # the permissions of any new file, not mkstemp's 0600
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UsageError("cannot_write", path=path, reason=LibraryReason.of(exc)) from None


def _requested_language(argv: Sequence[str]) -> str | None:
    """The last ``--lang`` of the command line (one after the command overrides one before)."""
    found = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = resolve_language(_requested_language(argv))
    parser = build_parser(lang)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        if exc.code in (0, None):
            return ExitCode.OK
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
        return ExitCode.USAGE
    try:
        return int(args.run(args, lang))
    except LogoCheckError as exc:
        print(f"logo-check: {exc.render(lang)}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print(f"logo-check: {translate('interrupted', lang)}", file=sys.stderr)
        return 130
    except Exception as exc:  # the one place that catches everything
        if args.debug:
            raise
        print(f"logo-check: {translate('internal_error', lang, reason=LibraryReason.of(exc))}", file=sys.stderr)
        return ExitCode.INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
