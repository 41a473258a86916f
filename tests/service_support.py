"""Helpers of the service tests: a data folder with partners, users and tokens, generated test
images (tests/scenes.py renders the charter's master artwork onto a small generated page), and a
way to run the queued checks in this process (service.worker.work with ``once``)."""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from scenes import artwork_svg, recolour, scene

from logo_check.charter import Charter
from service import accounts
from service.db import DB_FILE, connect, migrate
from service.settings import from_environment

PASSWORD = "correct horse battery"
ROLES = ("partner_a", "partner_b", "reviewer", "admin")


def logo_png(charter: Charter, *, recoloured: bool = False, size: tuple[int, int] = (360, 640)) -> bytes:
    """A small page (PNG) with one logo; ``recoloured``: the disc in a foreign colour (non-compliant)."""
    svg = recolour(artwork_svg(charter), "disc", "#22AA22") if recoloured else None
    page = np.full((*size, 3), 246, np.uint8)
    image, _ = scene(charter, svg, mark_px=50, centre=(size[1] / 2, size[0] / 2), page=page)
    out = io.BytesIO()
    Image.fromarray(image).save(out, "PNG")
    return out.getvalue()


def settings_for(folder: Path, **overrides: Any) -> dict[str, Any]:
    settings = from_environment({})
    settings.update(DATA_DIR=str(folder), SECRET_KEY="test-secret", JOB_LEASE=5.0, JOB_TIMEOUT=60.0)
    settings.update(overrides)
    return settings


@dataclass
class World:
    """A data folder: partners A and B, one user per role, one API token per user."""

    folder: Path
    partners: dict[str, int] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def settings(self, **overrides: Any) -> dict[str, Any]:
        return settings_for(self.folder, **overrides)

    def copy(self, target: Path) -> World:
        shutil.copytree(self.folder, target)
        return World(target, dict(self.partners), dict(self.users), dict(self.tokens))


def make_world(folder: Path, categories: list[str] | None = None) -> World:
    folder.mkdir(parents=True, exist_ok=True)
    migrate(folder / DB_FILE)
    world = World(folder)
    con = connect(folder / DB_FILE)
    try:
        world.partners["A"] = accounts.create_partner(con, "Partenaire A", categories or [])
        world.partners["B"] = accounts.create_partner(con, "Partenaire B", [])
        specs = {
            "partner_a": ("partner", world.partners["A"]),
            "partner_b": ("partner", world.partners["B"]),
            "reviewer": ("reviewer", None),
            "admin": ("admin", None),
        }
        for name, (role, partner_id) in specs.items():
            world.users[name] = accounts.create_user(con, name, PASSWORD, role, partner_id)
            world.tokens[name] = accounts.create_token(con, world.users[name], f"{name} token")[1]
    finally:
        con.close()
    return world


def run_queued(settings: dict[str, Any], check: Any = None) -> int:
    """Run every queued check in this process's worker loop (each in its own child process)."""
    from service.worker import work

    return work(settings["DATA_DIR"], settings, once=True, check=check)


def login_session(client: Any, user_id: int | None, csrf: str = "test-csrf") -> None:
    """Log ``client`` in as ``user_id`` (None: anonymous) with a known CSRF token, at the user's
    current session generation (as the login form does)."""
    generation = None
    if user_id is not None:
        con = connect(Path(client.application.config["DATA_DIR"]) / DB_FILE)
        try:
            generation = accounts.session_generation(con, user_id)
        finally:
            con.close()
    with client.session_transaction() as session:
        session.clear()
        if user_id is not None:
            session["user_id"] = user_id
            session["generation"] = generation
        session["csrf_token"] = csrf


def assert_error_shape(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:300])
    body = response.get_json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"status", "code", "message"}, error
    assert error["status"] == status
    assert isinstance(error["code"], str) and error["code"]
    assert set(error["message"]) == {"fr", "en"} and all(error["message"].values()), error
    if code is not None:
        assert error["code"] == code, error
    return error
