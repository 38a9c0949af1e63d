"""ingest: paths, folders and stdin → Document (or Rejection when a file cannot be read).

One reader per format (text, html, warc, jsonl, feed); `read_inputs` walks the inputs and picks the reader.
"""

from newsledger.ingest.sources import read_inputs

__all__ = ["read_inputs"]
