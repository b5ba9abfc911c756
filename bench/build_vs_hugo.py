#!/usr/bin/env python3
"""Build the synthetic corpus with prepress and with Hugo, alternating, and compare.

Generates the same course twice with ../shared/bench/gen_corpus.py (--layout plain for
prepress, --layout hugo for Hugo), builds each RUNS times in turn, and prints the median
wall time and the median peak memory (from /usr/bin/time) of each, and their ratios.

    python3 bench/build_vs_hugo.py [-n 10000] [--runs 5] [--work /tmp/prepress-bench]

Needs: a release build of prepress (cargo build --release), hugo and /usr/bin/time
(apt-get install hugo time).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO.parent / "shared" / "bench" / "gen_corpus.py"


def generate(layout: str, lectures: int, target: Path) -> None:
    if target.exists():
        return
    subprocess.run(
        [sys.executable, str(GENERATOR), "--layout", layout, "-n", str(lectures), "--force", str(target)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def timed(command: list, cwd: Path) -> tuple:
    """Runs a command under /usr/bin/time; gives (seconds, peak resident KiB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", "-o", report.name, *command],
            cwd=cwd,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        seconds, kib = report.read().split()[-2:]
        return float(seconds), int(kib)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=10_000, help="lectures in the corpus")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "prepress-bench")
    parser.add_argument("--prepress", type=Path, default=REPO / "target" / "release" / "prepress")
    args = parser.parse_args()

    if not args.prepress.exists():
        sys.exit(f"{args.prepress} not found: run `cargo build --release` first")
    plain = args.work / f"plain-{args.n}"
    hugo = args.work / f"hugo-{args.n}"
    generate("plain", args.n, plain)
    generate("hugo", args.n, hugo)

    results = {"prepress": [], "hugo": []}
    for run in range(args.runs):
        results["hugo"].append(timed(["hugo", "--quiet", "-s", str(hugo), "-d", str(args.work / "out-hugo")], hugo))
        results["prepress"].append(
            timed([str(args.prepress), "build", "--output", str(args.work / "out-prepress")], plain)
        )
        print(f"run {run + 1}: hugo {results['hugo'][-1][0]:.2f} s, prepress {results['prepress'][-1][0]:.2f} s", flush=True)

    medians = {}
    for tool, runs in results.items():
        seconds = statistics.median(r[0] for r in runs)
        mib = statistics.median(r[1] for r in runs) / 1024
        medians[tool] = (seconds, mib)
        print(f"{tool:9} median {seconds:6.2f} s   peak memory {mib:7.1f} MiB")
    time_ratio = medians["prepress"][0] / medians["hugo"][0]
    memory_ratio = medians["prepress"][1] / medians["hugo"][1]
    print(f"prepress / hugo: time {time_ratio:.2f}x, peak memory {memory_ratio:.2f}x ({args.n} lectures, {args.runs} runs each, {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
