import os
import sys

from .cli import main

try:
    sys.exit(main())
except BrokenPipeError:
    # The reader closed the pipe (e.g. `| head`): stop quietly, as other command-line tools do.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)
