"""Every route in a permission table (issue 13, item 3).

- tests/routes/table_<app>.py: one table per app (pages and API), rows written with tests/routes/table.py.
- tests/routes/world.py: the personas and the example records every row is requested against.
- tests/routes/test_routes.py: the walk of the URL resolver and the OpenAPI schema (a route without a row fails),
  and every row requested as every persona.

A new route: add a row to its app's table with the answer each persona must get. To see today's answers first,
write the row with `?` columns and run `ROUTES_PROBE=/tmp/answers.jsonl pytest tests/routes -k route_answers`:
the test then writes down what each persona got instead of checking it. Decide what is right, write that, and
where today's answer is wrong (a leak), give the row `leaks={persona: reason}` (a strict xfail until it is fixed).
"""
