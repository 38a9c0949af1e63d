"""atheris target: any bytes as an HTML page (.html), read and cleaned (see fuzz/page_target.py).

.venv/bin/python fuzz/clean_html.py -atheris_runs=100000 CORPUS_DIR fuzz/seeds/html   (fuzz/README.md)
"""

import sys

from page_target import fuzz_page

if __name__ == "__main__":
    fuzz_page(".html", sys.argv)
