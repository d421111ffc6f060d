import sys

from prisma_dynamic.cli import main

sys.exit(main())
