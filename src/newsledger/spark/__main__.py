"""`python -m newsledger.spark INPUT... --out DIR`: `newsledger spark`, as a script `spark-submit` can run.

    spark-submit --master yarn $(python -c 'import newsledger.spark.__main__ as m; print(m.__file__)') \
        INPUT... --out DIR

Options are those of `newsledger spark` (docs/cli.md); give the master to spark-submit, not to this script.
"""

import sys

from newsledger.cli.main import main

if __name__ == "__main__":
    # `newsledger [--debug] spark ARGS`: the command name goes after the global flag, if given.
    sys.argv.insert(2 if sys.argv[1:2] == ["--debug"] else 1, "spark")
    main()
