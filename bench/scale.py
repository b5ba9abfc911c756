#!/usr/bin/env python3
"""How prepress scales: clean builds and `check` of the synthetic corpus at several sizes.

For each size it generates the plain corpus with ../shared/bench/gen_corpus.py (once,
kept in --work), then runs RUNS times, in turn: a clean build (output, staging folder and
caches removed before it, untimed) and `prepress check`. It prints the median wall time
and peak memory (from /usr/bin/time) of each, check's share of the build, the output's
bytes and bytes per lecture (flat from size to size when the output grows linearly), and
the largest single file of the output.

    python3 bench/scale.py [-n 1000 10000 100000] [--runs 1] [--work /dev/shm/pbench]

The issue's targets for 100,000 lectures: a build under 20 s and 2 GB on 2 cores, and
`check` under a third of the build. Needs a dist build (cargo build --profile dist) and
/usr/bin/time (apt-get install time). The 100,000-lecture corpus is about 700 MB and its
output about 4 GB: give --work a folder with room for both.
"""

import argparse
import os
import shutil
import statistics
import sys
from pathlib import Path

# The corpus and the timing are build_vs_hugo.py's: (seconds, peak KiB) per run.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_vs_hugo import REPO, generate, timed  # noqa: E402


def files(folder: Path) -> list:
    return [f for f in folder.rglob("*") if f.is_file() and not f.is_symlink()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, nargs="+", default=[100_000], help="lectures in each corpus")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/dev/shm/pbench"))
    parser.add_argument("--prepress", type=Path, default=REPO / "target" / "dist" / "prepress")
    args = parser.parse_args()
    args.prepress = args.prepress.resolve()  # builds run in the corpus folder
    if not args.prepress.exists():
        sys.exit(f"{args.prepress} not found: run `cargo build --profile dist` first")

    for lectures in args.n:
        corpus = args.work / f"plain-{lectures}"
        generate("plain", lectures, corpus)
        output = args.work / f"out-scale-{lectures}"

        def clear() -> None:
            shutil.rmtree(output, ignore_errors=True)
            shutil.rmtree(corpus / ".prepress-cache", ignore_errors=True)
            for beside in args.work.glob(f".{output.name}.*"):
                if beside.is_dir():
                    shutil.rmtree(beside, ignore_errors=True)
                else:
                    beside.unlink()

        builds, checks = [], []
        for run in range(args.runs):
            clear()
            builds.append(timed([str(args.prepress), "--quiet", "build", "--output", str(output)], corpus))
            checks.append(timed([str(args.prepress), "--quiet", "check"], corpus))
            print(f"{lectures} run {run + 1}: build {builds[-1][0]:.2f} s, check {checks[-1][0]:.2f} s", flush=True)
        build_s = statistics.median(b[0] for b in builds)
        build_mib = statistics.median(b[1] for b in builds) / 1024
        check_s = statistics.median(c[0] for c in checks)
        check_mib = statistics.median(c[1] for c in checks) / 1024
        written = files(output)
        total = sum(f.stat().st_size for f in written)
        largest = max(written, key=lambda f: f.stat().st_size)
        print(f"{lectures:>7} lectures: build {build_s:.2f} s, {build_mib:.0f} MiB peak; "
              f"check {check_s:.2f} s ({check_s / build_s:.2f} of the build), {check_mib:.0f} MiB peak")
        print(f"{lectures:>7} lectures: output {total / 2**20:.1f} MiB in {len(written)} files, "
              f"{total / lectures / 1024:.1f} KiB per lecture; largest file "
              f"{largest.relative_to(output)} {largest.stat().st_size / 2**20:.1f} MiB "
              f"({os.cpu_count()} cores, in {args.work})")
        clear()


if __name__ == "__main__":
    main()
