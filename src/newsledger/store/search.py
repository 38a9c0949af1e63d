"""Full-text search over articles: the ledger's search index (DuckDB fts) → ranked hits with snippets.

The index is DuckDB's full-text search extension (`PRAGMA create_fts_index` over title and body: its
tokenizer, English stopwords and Porter stemmer), loaded from the file the `duckdb-extension-fts` package
ships, never downloaded. It is built by `ingest` (the only writer) and only read by `serve`.

The extension's own `match_bm25` macro scores every article for every query: 90–170 ms at 100,000 short
articles on two cores. Here each (term, article) pair of the index is stored once with its Okapi BM25
weight, computed when the index is built, in a table sorted by term: a query reads only the row groups of
its terms and sums the weights per article (a common word of the story matching most of 100,000 articles:
about 30 ms; a rarer one: under 10 ms). The postings live in the index's schema, so rebuilding the index
rebuilds them; the weights use the article count and lengths of that build, as BM25's do.
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import duckdb_extension_fts

from newsledger.errors import LedgerError

INDEX_SCHEMA = "fts_main_articles"
# BM25 parameters: the extension's defaults (and Robertson's usual ones).
BM25_K1 = 1.2
BM25_B = 0.75
# A query's distinct terms beyond this add little to the ranking and would each cost a postings scan.
MAX_QUERY_TERMS = 32
SNIPPET_CHARS = 240
_META_KEY = "search_index"  # which articles the index was built over: "count:xor of id hashes"

_EXTENSION = (
    Path(duckdb_extension_fts.__file__).parent
    / "extensions"
    / f"v{duckdb.__version__}"
    / "fts.duckdb_extension"
)
# Words as the fts tokenizer sees them: it splits at whitespace, digits and ASCII punctuation.
_WORD = re.compile(r"[^\W\d_]+")


class SearchIndexMissing(LedgerError):
    """The ledger has no search index (written by a newsledger before search existed)."""


def load_search_extension(con: duckdb.DuckDBPyConnection) -> None:
    """Load the fts extension from the installed package; never download it."""
    if not _EXTENSION.is_file():
        raise LedgerError(
            f"the DuckDB full-text search extension is missing ({_EXTENSION}): reinstall newsledger's "
            f"dependencies (duckdb-extension-fts must match duckdb {duckdb.__version__})"
        )
    con.execute("SET autoinstall_known_extensions = false")
    con.execute(f"LOAD '{_quote(str(_EXTENSION))}'")


def has_search_index(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = 'postings'",
        [INDEX_SCHEMA],
    ).fetchone()
    return bool(row and row[0])


def rebuild_search_index(con: duckdb.DuckDBPyConnection) -> bool:
    """Build the index over every article, unless it already covers exactly the ledger's articles.

    Returns whether it was rebuilt. DuckDB's fts index cannot be updated in place, so a rebuild reads every
    article again (about 10 s per 100,000); articles are only ever added, so an unchanged set of ids means
    an unchanged index. One transaction: a crash leaves the previous index.
    """
    row = con.execute("SELECT count(*) || ':' || coalesce(bit_xor(hash(id)), 0) FROM articles").fetchone()
    articles = str(row[0]) if row else "0:0"
    stored = con.execute("SELECT value FROM meta WHERE key = ?", [_META_KEY]).fetchone()
    if stored and stored[0] == articles and has_search_index(con):
        return False
    load_search_extension(con)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("PRAGMA create_fts_index('articles', 'id', 'title', 'body', overwrite = 1)")
        con.execute(_POSTINGS_SQL)
        con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [_META_KEY, articles])
        con.execute("COMMIT")
    except BaseException:
        # Ctrl-C can land inside BEGIN or COMMIT, when there may be no transaction left to roll back.
        with suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise
    return True


# Okapi BM25 per (term, article): idf(term) · tf · (k1 + 1) / (tf + k1 · (1 − b + b · length / average)),
# with the idf that stays positive for terms in more than half the articles (Lucene's, the extension's).
_POSTINGS_SQL = f"""
CREATE TABLE {INDEX_SCHEMA}.postings AS
WITH counted AS (
    SELECT termid, docid, count(*) AS tf FROM {INDEX_SCHEMA}.terms GROUP BY termid, docid
)
SELECT c.termid, c.docid,
       (ln((s.num_docs - t.df + 0.5) / (t.df + 0.5) + 1)
        * c.tf * ({BM25_K1} + 1)
        / (c.tf + {BM25_K1} * (1 - {BM25_B} + {BM25_B} * d.len / s.avgdl)))::FLOAT AS weight
FROM counted c
JOIN {INDEX_SCHEMA}.dict t USING (termid)
JOIN {INDEX_SCHEMA}.docs d USING (docid)
CROSS JOIN {INDEX_SCHEMA}.stats s
ORDER BY c.termid, c.docid
"""


@dataclass(frozen=True, slots=True)
class Snippet:
    """A passage of an article with the query's words at `marks` (offsets into `text`)."""

    text: str
    marks: list[tuple[int, int]]
    paragraph: int  # 0-based line of the body it comes from; -1 for the title


@dataclass(frozen=True, slots=True)
class SearchHit:
    article_id: str
    score: float
    outlet: str | None
    published: date | None
    title: str | None
    snippet: Snippet


@dataclass(frozen=True, slots=True)
class SearchResults:
    hits: list[SearchHit]
    total: int  # articles matching any of the query's words
    terms: list[str]  # the query's stems that occur in the ledger


def search_articles(
    con: duckdb.DuckDBPyConnection, query: str, limit: int = 20, offset: int = 0
) -> SearchResults:
    """Articles matching `query`, best first (BM25 over title and body), with a snippet for each hit."""
    if not has_search_index(con):
        raise SearchIndexMissing(
            "this ledger has no search index yet: run `newsledger ingest` on it once (with any input) "
            "to build it"
        )
    load_search_extension(con)
    terms = con.execute(
        f"SELECT termid, term FROM {INDEX_SCHEMA}.dict WHERE term IN "
        f"(SELECT DISTINCT stem(unnest({INDEX_SCHEMA}.tokenize(?)), 'porter')) ORDER BY df LIMIT ?",
        [query, MAX_QUERY_TERMS],
    ).fetchall()
    if not terms:
        return SearchResults([], 0, [])
    termids = [int(termid) for termid, _ in terms]
    # The terms are bound one by one (not as a list) so that DuckDB prunes the row groups of the sorted
    # postings by each value instead of scanning the table.
    placeholders = ", ".join("?" * len(termids))
    ranked = con.execute(
        f"""
        WITH scores AS (
            SELECT docid, sum(weight) AS score FROM {INDEX_SCHEMA}.postings
            WHERE termid IN ({placeholders}) GROUP BY docid
        )
        SELECT docid, score, count(*) OVER () AS total FROM scores ORDER BY score DESC, docid LIMIT ? OFFSET ?
        """,
        [*termids, limit, offset],
    ).fetchall()
    stems = {term for _, term in terms}
    if not ranked:
        return SearchResults([], _count_matches(con, termids), sorted(stems))
    # Only the page's articles are read, by primary key (`IN`); a join would scan the articles table.
    articles = {
        row[0]: row
        for row in con.execute(
            f"WITH page AS (SELECT docid, name FROM {INDEX_SCHEMA}.docs "
            f"              WHERE docid IN (SELECT unnest(?::BIGINT[]))) "
            "SELECT page.docid, a.id, a.outlet, a.published, a.title, a.body FROM page "
            "JOIN (SELECT * FROM articles WHERE id IN (SELECT name FROM page)) a ON a.id = page.name",
            [[row[0] for row in ranked]],
        ).fetchall()
    }
    page = [(articles[docid], float(score)) for docid, score, _ in ranked]
    word_stems = _stems(con, [text for article, _ in page for text in (article[4] or "", article[5])])
    hits = [
        SearchHit(
            article_id=article[1],
            score=score,
            outlet=article[2],
            published=article[3],
            title=article[4],
            snippet=best_snippet(article[4] or "", article[5], stems, word_stems),
        )
        for article, score in page
    ]
    return SearchResults(hits, int(ranked[0][2]), sorted(stems))


def _count_matches(con: duckdb.DuckDBPyConnection, termids: list[int]) -> int:
    """Matches when the page is past the last one (the ranked query then returns no row to carry it)."""
    placeholders = ", ".join("?" * len(termids))
    row = con.execute(
        f"SELECT count(DISTINCT docid) FROM {INDEX_SCHEMA}.postings WHERE termid IN ({placeholders})", termids
    ).fetchone()
    return int(row[0]) if row else 0


def _stems(con: duckdb.DuckDBPyConnection, texts: list[str]) -> dict[str, str]:
    """Each distinct word of `texts` → its stem, as the index stems it (one query for a page of hits)."""
    words = sorted({match.group().lower() for text in texts for match in _WORD.finditer(text)})
    if not words:
        return {}
    rows = con.execute(
        "SELECT w, stem(strip_accents(w), 'porter') FROM unnest(?::VARCHAR[]) AS t(w)", [words]
    ).fetchall()
    return {word: stem for word, stem in rows}


def best_snippet(title: str, body: str, stems: set[str], word_stems: dict[str, str]) -> Snippet:
    """The paragraph with the most distinct query words (then the most occurrences), trimmed around them.

    A hit only in the title gets the body's first paragraph, unmarked, after the title's marks.
    """
    paragraphs = body.split("\n")
    best = (0, 0, 0)  # (distinct, occurrences, -index)
    best_marks: list[tuple[int, int]] = []
    for index, paragraph in enumerate(paragraphs):
        marks = _marks(paragraph, stems, word_stems)
        if not marks:
            continue
        found = {word_stems[paragraph[s:e].lower()] for s, e in marks}
        key = (len(found), len(marks), -index)
        if key > best:
            best, best_marks = key, marks
    if not best_marks:
        title_marks = _marks(title, stems, word_stems)
        if title_marks:
            return Snippet(title, title_marks, -1)
        return _trim(paragraphs[0] if paragraphs else "", [], 0)
    return _trim(paragraphs[-best[2]], best_marks, -best[2])


def _marks(text: str, stems: set[str], word_stems: dict[str, str]) -> list[tuple[int, int]]:
    return [
        (match.start(), match.end())
        for match in _WORD.finditer(text)
        if word_stems.get(match.group().lower()) in stems
    ]


def _trim(paragraph: str, marks: list[tuple[int, int]], index: int) -> Snippet:
    """At most SNIPPET_CHARS of the paragraph, starting a little before the first mark, cut at spaces."""
    if len(paragraph) <= SNIPPET_CHARS:
        return Snippet(paragraph, marks, index)
    first = marks[0][0] if marks else 0
    start = max(0, min(first - SNIPPET_CHARS // 4, len(paragraph) - SNIPPET_CHARS))
    if start:
        space = paragraph.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(paragraph), start + SNIPPET_CHARS)
    if end < len(paragraph):
        space = paragraph.rfind(" ", start, end)
        end = space if space > start else end
    prefix = "… " if start else ""
    suffix = " …" if end < len(paragraph) else ""
    shift = len(prefix) - start
    kept = [(s + shift, e + shift) for s, e in marks if s >= start and e <= end]
    return Snippet(prefix + paragraph[start:end] + suffix, kept, index)


def _quote(text: str) -> str:
    return text.replace("'", "''")
