"""newsledger: a ledger of clean articles, incidents and attributed claims built from scraped news pages."""

__version__ = "0.1.0"
