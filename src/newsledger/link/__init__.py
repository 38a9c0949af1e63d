"""link: per-article fingerprints → corpus-wide links (near-duplicates, reused paragraphs)."""
