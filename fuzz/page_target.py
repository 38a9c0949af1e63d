"""The fuzz target shared by clean_text.py and clean_html.py: bytes → reader → cleaner → properties.

Any bytes, read as one page with the given suffix and cleaned, must keep the properties of
tests/hardening/properties.py: no exception escapes; the input ends as an article or a named, one-line
rejection; cleaning invents no text and loses no line. A property that fails is an uncaught exception to
atheris, which saves the input as crash-<hash> in the working directory.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository, for tests.hardening

MIN_WORDS = 10


def fuzz_page(suffix: str, argv: list[str]) -> None:
    atheris.Setup(argv, page_checker(suffix))
    atheris.Fuzz()


def page_checker(suffix: str) -> Callable[[bytes], None]:
    # Only newsledger is instrumented: coverage of our branches guides the fuzzer, and the libraries'
    # (lxml, trafilatura) would slow every run down several times.
    with atheris.instrument_imports(include=["newsledger"]):
        from tests.hardening.properties import check_cleaned, check_read

        from newsledger.clean.article import CleanContext, clean_document
        from newsledger.clean.outlets import OutletRegistry
        from newsledger.ingest.sources import read_bytes
        from newsledger.records import Document

    context = CleanContext(OutletRegistry.load(()), {}, MIN_WORDS)
    origin = f"fuzz{suffix}"

    def check_page(data: bytes) -> None:
        for item in check_read(read_bytes(data, origin, suffix), origin):
            if isinstance(item, Document):
                check_cleaned(item, clean_document(item, context), MIN_WORDS)

    return check_page
