"""Baseline: the same documents and queries in SQLite FTS5 (OR of the words, bm25, LIMIT 20)."""

import re
import sqlite3
import time

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import selectinload
from whoosh.analysis import STOP_WORDS

from peers.discovery.models import Platform
from peers.discovery.search import platform_document
from peers.extensions import db

COLUMNS = ("name", "summary", "description", "skills", "tags", "category")
WEIGHTS = (5.0, 1.5, 1.0, 3.0, 2.5, 2.0)  # the matcher's FIELD_BOOSTS for these fields
_WORD = re.compile(r"\w+")
SEARCH = (
    f"SELECT slug, bm25(docs, 0, {', '.join(map(str, WEIGHTS))}) AS rank "
    "FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?"
)


def available() -> bool:
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(a)")
        return True
    except sqlite3.OperationalError:
        return False


def build(app: Flask) -> tuple[sqlite3.Connection, int, float]:
    """An in-memory FTS5 table of the site's platforms: (connection, documents, seconds)."""
    conn = sqlite3.connect(":memory:")
    started = time.perf_counter()
    conn.execute(f"CREATE VIRTUAL TABLE docs USING fts5(slug UNINDEXED, {', '.join(COLUMNS)}, "
                 "tokenize='porter unicode61')")
    stmt = sa.select(Platform).options(selectinload(Platform.region_rows),
                                       selectinload(Platform.predecessors),
                                       selectinload(Platform.successor)).order_by(Platform.id)
    with app.app_context():
        rows = [
            (doc["slug"], *(doc[c] for c in COLUMNS))
            for doc in map(platform_document, db.session.scalars(stmt))
        ]
    conn.executemany(f"INSERT INTO docs VALUES (?{', ?' * len(COLUMNS)})", rows)
    conn.commit()
    return conn, len(rows), time.perf_counter() - started


def match_expression(text: str) -> str | None:
    """OR of the query's words (stop words dropped, as the matcher does), each quoted."""
    words = [w for w in dict.fromkeys(_WORD.findall(text.lower())) if w not in STOP_WORDS]
    return " OR ".join(f'"{w}"' for w in words) or None


def search(conn: sqlite3.Connection, text: str, limit: int = 20) -> list[tuple[str, float]]:
    expression = match_expression(text)
    return conn.execute(SEARCH, (expression, limit)).fetchall() if expression else []
