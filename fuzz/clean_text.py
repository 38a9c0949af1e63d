"""atheris target: any bytes as a plain-text page (.txt), read and cleaned (see fuzz/page_target.py).

.venv/bin/python fuzz/clean_text.py -atheris_runs=100000 CORPUS_DIR fuzz/seeds/text   (fuzz/README.md)
"""

import sys

from page_target import fuzz_page

if __name__ == "__main__":
    fuzz_page(".txt", sys.argv)
