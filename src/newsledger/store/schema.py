"""The ledger's schema as numbered migrations. A migration is never edited once released: add a new one."""

from __future__ import annotations

SCHEMA_VERSION_KEY = "schema_version"

MIGRATIONS: list[str] = [
    # 1: documents, articles and the decisions the front door makes about them.
    """
    CREATE TABLE documents (
        id VARCHAR PRIMARY KEY,
        origin VARCHAR NOT NULL,
        media_type VARCHAR NOT NULL,
        url VARCHAR,
        fetched_at VARCHAR,
        text VARCHAR NOT NULL,
        ingested_at TIMESTAMP NOT NULL
    );
    CREATE TABLE articles (
        id VARCHAR PRIMARY KEY,
        document_id VARCHAR NOT NULL,
        origin VARCHAR NOT NULL,
        url VARCHAR,
        site VARCHAR,
        outlet VARCHAR,
        title VARCHAR,
        byline VARCHAR,
        published DATE,
        page_date DATE,
        body VARCHAR NOT NULL,
        words INTEGER NOT NULL,
        lang VARCHAR
    );
    CREATE TABLE removed_lines (
        article_id VARCHAR NOT NULL,
        line INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        reason VARCHAR NOT NULL
    );
    CREATE TABLE article_minhash (
        article_id VARCHAR PRIMARY KEY,
        signature BLOB NOT NULL
    );
    CREATE TABLE paragraphs (
        article_id VARCHAR NOT NULL,
        paragraph INTEGER NOT NULL,
        key UBIGINT NOT NULL,
        words INTEGER NOT NULL
    );
    CREATE TABLE duplicates (
        article_id VARCHAR PRIMARY KEY,
        duplicate_of VARCHAR NOT NULL,
        similarity DOUBLE NOT NULL
    );
    CREATE TABLE reused_paragraphs (
        article_id VARCHAR NOT NULL,
        paragraph INTEGER NOT NULL,
        source_article_id VARCHAR NOT NULL,
        source_paragraph INTEGER NOT NULL
    );
    CREATE TABLE rejections (
        origin VARCHAR PRIMARY KEY,
        reason VARCHAR NOT NULL,
        document_id VARCHAR,
        seen_at TIMESTAMP NOT NULL
    );
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started_at TIMESTAMP NOT NULL,
        finished_at TIMESTAMP,
        inputs VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        documents INTEGER,
        articles INTEGER,
        rejected INTEGER,
        skipped INTEGER
    );
    """,
    # 2: the language layer's mentions (entities, places, times, quantities) with offsets into the body.
    """
    CREATE TABLE mentions (
        article_id VARCHAR NOT NULL,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        canonical VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        country VARCHAR,
        relation VARCHAR,
        place_precision VARCHAR,
        time_start DATE,
        time_end DATE,
        time_precision VARCHAR,
        quantity_min DOUBLE,
        quantity_max DOUBLE,
        approximate BOOLEAN,
        unit VARCHAR,
        thing VARCHAR
    );
    """,
    # 3: LSH band buckets of each signature, so near-duplicates are found by a join, not in memory.
    """
    CREATE TABLE minhash_bands (
        article_id VARCHAR NOT NULL,
        band SMALLINT NOT NULL,
        bucket UBIGINT NOT NULL
    );
    """,
    # 4: incidents and claims extracted per article, each with its evidence spans.
    """
    CREATE TABLE incidents (
        id VARCHAR PRIMARY KEY,
        article_id VARCHAR NOT NULL,
        event_id VARCHAR,
        type VARCHAR NOT NULL,
        actor STRUCT(text VARCHAR, canonical VARCHAR),
        size STRUCT(min DOUBLE, max DOUBLE, text VARCHAR),
        place STRUCT(text VARCHAR, name VARCHAR, lat DOUBLE, lon DOUBLE, country VARCHAR, relation VARCHAR),
        time STRUCT(start DATE, "end" DATE, text VARCHAR),
        causes VARCHAR[] NOT NULL,
        outcomes VARCHAR[] NOT NULL,
        attribution STRUCT(text VARCHAR, canonical VARCHAR)[] NOT NULL,
        status VARCHAR NOT NULL,
        hedged BOOLEAN NOT NULL,
        specific BOOLEAN NOT NULL,
        evidence STRUCT(start INTEGER, "end" INTEGER, text VARCHAR)[] NOT NULL
    );
    CREATE TABLE claims (
        id VARCHAR PRIMARY KEY,
        article_id VARCHAR NOT NULL,
        speaker STRUCT(text VARCHAR, canonical VARCHAR, kind VARCHAR) NOT NULL,
        verb VARCHAR,
        hedged BOOLEAN NOT NULL,
        quantities STRUCT(min DOUBLE, max DOUBLE, unit VARCHAR, thing VARCHAR, category VARCHAR,
                          scope VARCHAR, text VARCHAR)[] NOT NULL,
        as_of DATE,
        as_of_end DATE,
        evidence STRUCT(start INTEGER, "end" INTEGER, text VARCHAR) NOT NULL
    );
    """,
    # 5: comparisons of claims about the same quantity across articles (recomputed after each ingest).
    """
    CREATE TABLE comparisons (
        id VARCHAR PRIMARY KEY,
        subject VARCHAR NOT NULL,
        category VARCHAR NOT NULL,
        scope VARCHAR NOT NULL,
        claim_ids VARCHAR[] NOT NULL,
        verdict VARCHAR NOT NULL,
        reason VARCHAR NOT NULL
    );
    """,
    # 6: events (the same happening across articles) and the record of their merges and splits.
    """
    CREATE TABLE events (
        id VARCHAR PRIMARY KEY,
        type VARCHAR NOT NULL,
        incident_ids VARCHAR[] NOT NULL,
        article_ids VARCHAR[] NOT NULL,
        outlets VARCHAR[] NOT NULL,
        independent_sources INTEGER NOT NULL,
        source_groups VARCHAR[][] NOT NULL,
        first_reported DATE,
        actor VARCHAR,
        place STRUCT(name VARCHAR, lat DOUBLE, lon DOUBLE),
        time STRUCT(start DATE, "end" DATE)
    );
    CREATE TABLE event_changes (
        changed_at TIMESTAMP NOT NULL,
        change VARCHAR NOT NULL,
        event_id VARCHAR NOT NULL,
        other_event_ids VARCHAR[] NOT NULL,
        reason VARCHAR NOT NULL
    );
    """,
]
