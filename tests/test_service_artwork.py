"""The official artwork from the service: a partner downloads its own category's logo, as
``logo-check reference render`` draws it (tests/service_support.make_world gives the partners)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from service_support import assert_error_shape, login_session, make_world

from logo_check.reference import render_png
from service import create_app
from service.accounts import update_partner
from service.db import DB_FILE, connect


@pytest.fixture
def world(tmp_path: Path):
    world = make_world(tmp_path / "data")
    con = connect(world.folder / DB_FILE)
    try:  # partner A is listed under one category; partner B under none (any caption)
        update_partner(con, world.partners["A"], name=None, categories=["conseiller_tpe"], status=None)
    finally:
        con.close()
    return world


def test_a_partner_downloads_its_own_category_logo(world, charter) -> None:
    client = create_app(world.settings()).test_client()
    partner_a = {"Authorization": f"Bearer {world.tokens['partner_a']}"}
    png = client.get("/api/v1/artwork?height=120", headers=partner_a)
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert "logo-conseiller_tpe-colour-120px.png" in png.headers["Content-Disposition"]
    assert png.data == render_png(charter, "conseiller_tpe", "colour", 120)
    assert Image.open(io.BytesIO(png.data)).size[1] == 120
    svg = client.get("/api/v1/artwork?format=svg&variant=reversed&height=80", headers=partner_a)
    assert svg.mimetype == "image/svg+xml" and svg.data.lstrip().startswith((b"<svg", b"<?xml"))
    other = client.get("/api/v1/artwork?category=offre_referencee", headers=partner_a)
    assert_error_shape(other, 400, "category_not_allowed")
    partner_b = {"Authorization": f"Bearer {world.tokens['partner_b']}"}
    assert client.get("/api/v1/artwork?category=offre_referencee", headers=partner_b).status_code == 200


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("height=abc", "bad_height"),
        ("height=0", "bad_artwork"),
        ("variant=gold", "bad_artwork"),
        ("format=gif", "bad_field"),
    ],
)
def test_a_bad_artwork_request_says_why(world, query: str, code: str) -> None:
    client = create_app(world.settings()).test_client()
    reviewer = {"Authorization": f"Bearer {world.tokens['reviewer']}"}
    error = assert_error_shape(client.get(f"/api/v1/artwork?{query}", headers=reviewer), 400, code)
    assert error["message"]["fr"] != error["message"]["en"]


def test_the_artwork_page_offers_a_partner_its_categories_only(world) -> None:
    client = create_app(world.settings()).test_client()
    login_session(client, world.users["partner_a"])
    html = client.get("/artwork").get_data(as_text=True)
    assert 'value="conseiller_tpe"' in html and 'value="offre_referencee"' not in html
    download = client.get("/artwork/file?category=conseiller_tpe&variant=mono&height=64&format=png")
    assert download.status_code == 200 and Image.open(io.BytesIO(download.data)).size[1] == 64


def test_a_partner_whose_right_of_use_is_withdrawn_gets_no_artwork(world) -> None:
    con = connect(world.folder / DB_FILE)
    try:
        update_partner(con, world.partners["A"], name=None, categories=None, status="withdrawn")
    finally:
        con.close()
    client = create_app(world.settings()).test_client()
    partner_a = {"Authorization": f"Bearer {world.tokens['partner_a']}"}
    assert_error_shape(client.get("/api/v1/artwork", headers=partner_a), 403, "partner_inactive")
