"""How long the status of every indicator takes: 1,000 indicators with 50 observations each.

Run from the repository root::

    python bench/indicators.py              # 1,000 indicators x 50 observations, 7 rounds
    python bench/indicators.py --indicators 5000 --observations 20 --rounds 3

The indicators mix every measure (number, percentage, currency per period and
cumulative, ordinal, milestone, yes/no, narrative) with yearly targets over five years
and observations spread over them. Each round computes the status of every indicator
(what the map's "Status" colouring and the results framework table do on each revision)
and, separately, the per-element worst status. It prints the median of the rounds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tocmap.domain.indicators import element_statuses, status  # noqa: E402
from tocmap.domain.model import Baseline, Indicator, Observation, Period, Target  # noqa: E402

MEASURES = ["number", "percentage", "currency", "number", "percentage", "ordinal", "milestone", "yes_no", "narrative"]
SCALE = ["none", "basic", "good", "excellent"]
ON = dt.date(2026, 7, 1)


def value(measure: str, rng: random.Random):
    if measure in ("number", "currency"):
        return float(rng.randint(0, 500))
    if measure == "percentage":
        return float(rng.randint(0, 100))
    if measure == "ordinal":
        return rng.choice(SCALE)
    if measure in ("milestone", "yes_no"):
        return rng.random() < 0.5
    return "A short story of change."


def indicator(n: int, observations: int, rng: random.Random) -> Indicator:
    measure = MEASURES[n % len(MEASURES)]
    years = [Period(label=str(y), start=dt.date(y, 1, 1), end=dt.date(y, 12, 31)) for y in range(2023, 2028)]
    targets = [] if measure == "narrative" else [Target(period=p, value=value(measure, rng)) for p in years]
    start = dt.date(2023, 1, 1)
    step = (dt.date(2027, 12, 31) - start).days // max(observations, 1)
    return Indicator(
        id=f"ind-{n}", element=f"el-{n // 3}", name=f"Indicator {n}", measure=measure,
        currency="EUR" if measure == "currency" else None, scale=SCALE if measure == "ordinal" else [],
        aggregation="cumulative" if n % 4 == 0 else "per_period", direction="decrease" if n % 5 == 0 else "increase",
        baseline=Baseline(value=value(measure, rng)) if measure != "narrative" else None, targets=targets,
        observations=[Observation(id=f"o{k}", value=value(measure, rng), date=start + dt.timedelta(days=k * step))
                      for k in range(observations)],
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=1000)
    parser.add_argument("--observations", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(6)
    built = [indicator(n, args.observations, rng) for n in range(args.indicators)]
    statuses, elements = [], []
    for _ in range(args.rounds):
        began = time.perf_counter()
        codes = [status(i, ON).code for i in built]
        statuses.append(time.perf_counter() - began)
        began = time.perf_counter()
        element_statuses(built, ON)
        elements.append(time.perf_counter() - began)
    counts = {c: codes.count(c) for c in sorted(set(codes))}
    print(f"{args.indicators:,} indicators x {args.observations} observations, {args.rounds} rounds, on {ON}")
    print(f"  status of every indicator   median {statistics.median(statuses) * 1000:8.1f} ms")
    print(f"  worst status per element    median {statistics.median(elements) * 1000:8.1f} ms")
    print(f"  statuses: {counts}")


if __name__ == "__main__":
    main()
