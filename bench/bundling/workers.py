"""One round's solve on the platform with 1, 2 and 4 task-queue workers (`straiik db_worker`) on PostgreSQL.

    .venv/bin/python bench/bundling/workers.py --database postgres://postgres:postgres@127.0.0.1:5432/straiik_bench
    .venv/bin/python bench/bundling/workers.py --database ... --demands 10000 --time-limit 30 --workers 1 2 4

The database must exist and is migrated here (use one of your own: every run's tables are left in it). For
each number of workers it stores a generated problem (generate.py, `--kind hard`) as a run of a round,
queues the run's task, starts that many `straiik db_worker` processes on the solver queue, waits for the run
to finish and stops them. "time" is from queueing to done (with the workers' start: Django and HiGHS
imports), "solve" from the task's start to done. The run solves its problem twice (with and without
Ukraine, 3/4 and 1/4 of the time limit), as every run with Ukrainian demand does. Printed besides: the main
solve's gap and parts proven optimal, the distinct workers that solved parts, and the load average.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench" / "bundling"))

from generate import GENERATORS  # noqa: E402 - the generator lives beside this script


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", required=True, help="PostgreSQL URL of a database of your own")
    parser.add_argument("--demands", type=int, default=10_000)
    parser.add_argument("--time-limit", type=int, default=30)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--kind", choices=sorted(GENERATORS), default="hard")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    env = dict(os.environ, DATABASE_URL=args.database, DJANGO_SETTINGS_MODULE="straiik.config.settings.dev",
               STRAIIK_DEBUG="0", STRAIIK_LOG_LEVEL="WARNING")
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from straiik.accounts.models import User
    from straiik.bundling import tasks
    from straiik.bundling.models import BundlingComponent, BundlingRound, BundlingRun, RunStatus
    from straiik.engines import bundling as engine

    call_command("migrate", verbosity=0)
    office = User.objects.filter(username="bench-office").first() or User.objects.create_user(
        username="bench-office", password="bench-office-password")  # noqa: S106 - a local benchmark account
    problem = GENERATORS[args.kind](args.demands, args.seed)
    round = BundlingRound.objects.create(name=f"Workers bench {args.demands}", periods=problem["periods"],
                                         created_by=office, time_limit=args.time_limit)
    print(f"{args.demands} demands ({args.kind}, seed {args.seed}), time limit {args.time_limit} s; "
          f"{os.cpu_count()} CPU(s)")
    header = (f"{'workers':>7} {'time s':>7} {'solve s':>7} {'status':<9} {'gap':>8} {'optimal parts':>14} "
              f"{'solved by':>9} {'visits':>6}  load before / after  start (UTC)")
    print(header)
    print("-" * len(header))
    straiik = str(Path(sys.executable).with_name("straiik"))
    for n in args.workers:
        run = BundlingRun.objects.create(round=round, label=f"{n} worker(s)", time_limit=args.time_limit,
                                         problem=problem, requested_by=office)
        before = load()
        at = time.strftime("%H:%M:%S", time.gmtime())
        began = time.monotonic()
        tasks.solve_run.enqueue(run.pk)
        command = [straiik, "db_worker", "--queue-name", "solver", "--interval", "0.2", "--no-startup-delay"]
        workers = [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,  # noqa: S603 - our own command
                                    stderr=subprocess.DEVNULL) for _ in range(n)]
        try:
            while True:
                run.refresh_from_db()
                if run.status in (RunStatus.DONE, RunStatus.FAILED):
                    break
                time.sleep(0.2)
        finally:
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
            for worker in workers:
                try:
                    worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    worker.kill()
        seconds = time.monotonic() - began
        if run.status == RunStatus.FAILED:
            print(f"{n:>7} {seconds:>7.1f} failed: {run.error}")
            continue
        solving = (run.finished_at - run.started_at).total_seconds()
        solution = engine.parse_solution(run.solution)
        assert engine.check(engine.parse_problem(run.problem), solution) == []
        solved_by = len(set(BundlingComponent.objects.filter(run=run).exclude(worker="")
                            .values_list("worker", flat=True)))
        visits = sum(BundlingComponent.objects.filter(run=run, phase="main").values_list("visits", flat=True))
        print(f"{n:>7} {seconds:>7.1f} {solving:>7.1f} {solution.status:<9} {solution.gap:>8.4%} "
              f"{run.stats['optimal_components']:>6}/{run.stats['components']:<7} {solved_by:>9} {visits:>6}  "
              f"{before} / {load()}  {at}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
