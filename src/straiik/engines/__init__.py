"""Pure-Python engines (text analysis, optimisation, graph analysis, ranking).

Nothing here imports Django or the apps: plain data in, plain data out. An import-linter contract in
pyproject.toml, checked by `make test`, keeps it that way."""
