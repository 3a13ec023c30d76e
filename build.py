#!/usr/bin/env python3
"""Build the negotiation dossier: `python build.py [build|serve] [--help]`."""
import sys
from pathlib import Path

from site_builder.cli import main

if __name__ == "__main__":
    sys.exit(main(default_root=Path(__file__).resolve().parent))
