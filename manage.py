#!/usr/bin/env python
"""Django's manage.py, kept for habit; `straiik` is the same command."""

from straiik.cli import main

if __name__ == "__main__":
    main()
