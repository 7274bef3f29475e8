#!/usr/bin/env python
import sys

from sanshen.cli import main

if __name__ == "__main__":
    sys.exit(main())
