"""straiik bundle solve|check: the joint-procurement optimiser on files in the `straiik.bundling/1` format.

    straiik bundle solve PROBLEM.json -o SOLUTION.json [--time-limit SECONDS] [--workers N]
                         [--strategy passes|legacy] [--no-decompose] [--quiet]
    straiik bundle check PROBLEM.json SOLUTION.json

Exit status: 0 when all is well; 1 when `check` finds broken rules; 2 when a file cannot be read or does
not follow the format (the message names the field).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from straiik.engines.bundling import (
    FormatError,
    Problem,
    ProblemError,
    Progress,
    Solution,
    SolveStats,
    available_cores,
    check,
    dump_solution,
    parse_problem,
    parse_solution,
    solve,
)

BAD_FILE = 2
BROKEN_RULES = 1


class Command(BaseCommand):
    help = "Solve joint-procurement problems and check solutions (format: docs/bundling.md)."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{solve,check}")
        solve_parser = actions.add_parser("solve", help="find the cheapest bundling of a problem file")
        solve_parser.add_argument("problem", type=Path, help="problem file (straiik.bundling/1)")
        solve_parser.add_argument("-o", "--output", type=Path, required=True, help="solution file to write")
        solve_parser.add_argument("--time-limit", type=float, default=60.0, metavar="SECONDS",
                                  help="stop optimising after this many seconds (default 60); the best solution "
                                       "found and a proven bound are written")
        solve_parser.add_argument("--workers", type=int, default=None, metavar="N",
                                  help="processes that solve components in parallel (default: the available cores, "
                                       f"here {available_cores()}); 1 solves in this process")
        solve_parser.add_argument("--strategy", choices=("passes", "legacy"), default="passes",
                                  help="passes (default): every component, then the largest gaps again; legacy: the "
                                       "first optimiser, each component once (for comparison)")
        solve_parser.add_argument("--no-decompose", action="store_true",
                                  help="one model of the whole problem instead of one per independent component")
        solve_parser.add_argument("--quiet", action="store_true", help="no progress lines, only the summary")
        check_parser = actions.add_parser("check", help="verify a solution against every rule of its problem")
        check_parser.add_argument("problem", type=Path, help="problem file (straiik.bundling/1)")
        check_parser.add_argument("solution", type=Path, help="solution file (straiik.bundling/1-solution)")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "solve":
            self.solve_file(options["problem"], options["output"], options["time_limit"], not options["no_decompose"],
                            options["quiet"], options["workers"], options["strategy"])
        else:
            self.check_files(options["problem"], options["solution"])

    def read(self, path: Path) -> bytes:
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file", returncode=BAD_FILE) from None
        except OSError as exc:
            raise CommandError(f"{path}: cannot be read ({exc.strerror})", returncode=BAD_FILE) from None

    def load(self, path: Path, parse: Any) -> Any:
        try:
            return parse(self.read(path))
        except FormatError as exc:
            kind = "problem" if isinstance(exc, ProblemError) else "solution"
            for error in exc.errors[1:]:
                self.stderr.write(f"{path}: {error}")
            more = f" (and {len(exc.errors) - 1} more above)" if len(exc.errors) > 1 else ""
            raise CommandError(f"{path}: not a valid {kind} file: {exc.errors[0]}{more}",
                               returncode=BAD_FILE) from None

    def solve_file(self, problem_path: Path, output: Path, time_limit: float, decompose: bool, quiet: bool,
                   workers: int | None = None, strategy: str = "passes") -> None:
        if time_limit <= 0:
            raise CommandError("--time-limit must be more than 0 seconds", returncode=BAD_FILE)
        if workers is not None and workers < 1:
            raise CommandError("--workers must be at least 1", returncode=BAD_FILE)
        problem: Problem = self.load(problem_path, parse_problem)

        def show(event: Progress) -> None:
            parts = event.summary()
            self.stdout.write(f"[{event.elapsed:7.1f} s] total {event.total:,.2f}  bound {event.bound:,.2f}  "
                              f"gap {event.gap:.4%}  " + (f"{parts}  " if parts else "") + event.message)
            self.stdout.flush()

        result = solve(problem, time_limit=time_limit, decompose=decompose, workers=workers, strategy=strategy,
                       progress=None if quiet else show, progress_interval=2.0)
        self.write_atomically(output, dump_solution(result.solution))
        self.summary(problem, result.solution, result.stats, output)

    def write_atomically(self, path: Path, text: str) -> None:
        """Write next to the target and rename, so a reader never sees half a file."""
        try:
            handle, temporary = tempfile.mkstemp(dir=path.parent or Path("."), prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, path)
        except OSError as exc:
            raise CommandError(f"{path}: cannot be written ({exc.strerror})", returncode=BAD_FILE) from None

    def summary(self, problem: Problem, solution: Solution, stats: SolveStats, output: Path) -> None:
        currency = problem.currency
        components, loose = len(stats.components), stats.loose_demands
        open_parts = [(i, c) for i, c in enumerate(stats.components) if not c.optimal]
        in_lots = sum(len(lot.demands) for lot in solution.lots)
        share = solution.savings / solution.baseline_cost if solution.baseline_cost else 0.0
        rows = [
            ("demands", f"{len(problem.demands)} from {len(problem.buyers)} buyers; {components} independent "
                        f"component(s), {loose} demand(s) with no possible lot"),
            ("lots", f"{len(solution.lots)} joint contract(s) with {in_lots} demand(s); {len(solution.solo)} solo"),
            ("total", f"{solution.total_cost:,.2f} {currency}"),
            ("baseline", f"{solution.baseline_cost:,.2f} {currency} (every demand solo)"),
            ("savings", f"{solution.savings:,.2f} {currency} ({share:.2%})"),
            ("bound", f"{solution.bound:,.2f} {currency}" if solution.bound is not None else "none"),
            ("gap", f"{solution.gap:.4%}" if solution.gap is not None else "unknown"),
            ("status", solution.status),
            ("components", f"{components - len(open_parts)} of {components} proven optimal"),
            ("time", f"{stats.seconds:.1f} s with {stats.workers} worker(s)"),
            ("written to", str(output)),
        ]
        for name, value in rows:
            self.stdout.write(f"{name:<11} {value}")
        if open_parts:
            self.stdout.write("not proven optimal (component: demands, gap, total - bound, status):")
            for i, c in sorted(open_parts, key=lambda item: -item[1].absolute_gap):
                self.stdout.write(f"  #{i + 1}: {c.demands} demands, gap {c.gap:.4%}, "
                                  f"{c.absolute_gap:,.2f} {currency}, {c.status}")

    def check_files(self, problem_path: Path, solution_path: Path) -> None:
        problem: Problem = self.load(problem_path, parse_problem)
        solution: Solution = self.load(solution_path, parse_solution)
        violations = check(problem, solution)
        for violation in violations:
            self.stdout.write(str(violation))
        if violations:
            raise CommandError(f"{solution_path}: {len(violations)} rule violation(s)", returncode=BROKEN_RULES)
        self.stdout.write(f"{solution_path}: keeps every rule; total {solution.total_cost:,.2f} "
                          f"{problem.currency}, status {solution.status}")
