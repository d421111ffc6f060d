"""``python -m prisma_dynamic.engine``: run the query engine process (see :mod:`.process`)."""

import sys

from prisma_dynamic.engine.process import main

sys.exit(main())
