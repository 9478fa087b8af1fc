"""Joint procurement ("demand bundling"): which demands of which buyers join which joint contract.

Pure Python and HiGHS; reads and writes the `straiik.bundling/1` format (shared/specs/bundling.md):

    problem = parse_problem(text)
    result = solve(problem, time_limit=60)
    text = dump_solution(result.solution)
    violations = check(problem, parse_solution(text))
"""

from .component import ComponentReport, SolveResult, SolveStats
from .evaluate import build_solution, check, lot_figures, lot_violations
from .io import (
    FormatError,
    ProblemError,
    SolutionError,
    dump_problem,
    dump_solution,
    parse_problem,
    parse_solution,
    problem_to_dict,
    solution_to_dict,
)
from .model import (
    FEASIBLE,
    OPTIMAL,
    PROBLEM_FORMAT,
    SOLUTION_FORMAT,
    Buyer,
    BuyerFigures,
    ComponentProgress,
    Demand,
    Funding,
    Lot,
    Offer,
    Problem,
    Progress,
    Rules,
    Solution,
    Tier,
    Violation,
)
from .solver import available_cores, greedy, solve

__all__ = [
    "FEASIBLE", "OPTIMAL", "PROBLEM_FORMAT", "SOLUTION_FORMAT", "Buyer", "BuyerFigures", "ComponentProgress",
    "ComponentReport",
    "Demand", "FormatError", "Funding", "Lot", "Offer", "Problem", "ProblemError", "Progress", "Rules",
    "Solution", "SolutionError", "SolveResult", "SolveStats", "Tier", "Violation", "available_cores",
    "build_solution", "check",
    "dump_problem", "dump_solution", "greedy", "lot_figures", "lot_violations", "parse_problem",
    "parse_solution", "problem_to_dict", "solution_to_dict", "solve",
]
