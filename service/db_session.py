"""The request's database connection and file store (one connection per request, closed at its end)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from flask import current_app, g

from .db import DB_FILE, connect
from .store import FileStore


def db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = connect(Path(current_app.config["DATA_DIR"]) / DB_FILE)
    return g.db


def store() -> FileStore:
    return FileStore(Path(current_app.config["DATA_DIR"]) / "files")


def close(_exc: BaseException | None = None) -> None:
    con = g.pop("db", None)
    if con is not None:
        con.close()
