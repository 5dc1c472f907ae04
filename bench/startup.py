"""How long `tocmap --help` takes to start, next to a bare interpreter measured in the same run.

Run: python bench/startup.py [repeats]
"""

import statistics
import subprocess
import sys
import time

GOAL_SECONDS = 0.5  #: what `tocmap --help` may add to a bare interpreter's start


def best_of(command: list[str], repeats: int) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    bare_best, bare_median = best_of([sys.executable, "-c", "pass"], repeats)
    help_best, help_median = best_of([sys.executable, "-m", "tocmap.cli", "--help"], repeats)
    imports = help_best - bare_best
    print(f"python -c pass          best {bare_best:.3f} s  median {bare_median:.3f} s")
    print(f"tocmap --help           best {help_best:.3f} s  median {help_median:.3f} s")
    print(f"imports (best - bare)   {imports:.3f} s  goal < {GOAL_SECONDS} s: {'met' if imports < GOAL_SECONDS else 'NOT met'}")


if __name__ == "__main__":
    main()
