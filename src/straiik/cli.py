"""The `straiik` command: Django's management commands under one name, with development settings.

    straiik migrate
    straiik demo --orgs 300 --seed 1
    straiik serve
    straiik registry-import FILE.xlsx

Operators set DJANGO_SETTINGS_MODULE=straiik.config.settings.production for a production deployment.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "straiik.config.settings.dev")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else ["straiik", *argv])
    args[0] = "straiik"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
