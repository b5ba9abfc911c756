#!/usr/bin/env python3
"""Build the synthetic corpus with prepress and with Hugo, alternating, and compare.

Generates the same course twice with ../shared/bench/gen_corpus.py (--layout plain for
prepress, --layout hugo for Hugo), builds each RUNS times in turn, and prints the median
wall time and the median peak memory (from /usr/bin/time) of each, their ratios, and
the bytes each output holds. Two kinds of build, each measured in its own alternating
series: clean (output, staging folder and caches removed before each build, untimed)
and warm (over the previous output). Where --work is decides disk or tmpfs.

    python3 bench/build_vs_hugo.py [-n 10000] [--runs 5] [--work /tmp/prepress-bench]
        [--mode clean|warm|both]

Needs: a release build of prepress (cargo build --release), hugo and /usr/bin/time
(apt-get install hugo time).
"""

import argparse
import os
import shutil
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
    parser.add_argument("--mode", choices=["clean", "warm", "both"], default="both")
    args = parser.parse_args()

    if not args.prepress.exists():
        sys.exit(f"{args.prepress} not found: run `cargo build --release` first")
    plain = args.work / f"plain-{args.n}"
    hugo = args.work / f"hugo-{args.n}"
    generate("plain", args.n, plain)
    generate("hugo", args.n, hugo)

    modes = ["clean", "warm"] if args.mode == "both" else [args.mode]
    out_hugo = args.work / "out-hugo"
    out_prepress = args.work / "out-prepress"

    def clear() -> None:
        for path in [out_hugo, out_prepress, plain / ".prepress-cache", hugo / "resources"]:
            shutil.rmtree(path, ignore_errors=True)
        for staged in args.work.glob(".out-prepress.*"):
            if staged.is_dir():
                shutil.rmtree(staged, ignore_errors=True)
            else:
                staged.unlink()

    for mode in modes:
        results = {"prepress": [], "hugo": []}
        if mode == "warm":
            clear()
            timed(["hugo", "--quiet", "-s", str(hugo), "-d", str(out_hugo)], hugo)
            timed([str(args.prepress), "build", "--output", str(out_prepress)], plain)
        for run in range(args.runs):
            if mode == "clean":
                clear()
            results["hugo"].append(timed(["hugo", "--quiet", "-s", str(hugo), "-d", str(out_hugo)], hugo))
            if mode == "clean":
                clear()
            results["prepress"].append(timed([str(args.prepress), "build", "--output", str(out_prepress)], plain))
            print(f"{mode} run {run + 1}: hugo {results['hugo'][-1][0]:.2f} s, prepress {results['prepress'][-1][0]:.2f} s", flush=True)

        medians = {}
        for tool, runs in results.items():
            seconds = statistics.median(r[0] for r in runs)
            mib = statistics.median(r[1] for r in runs) / 1024
            medians[tool] = (seconds, mib)
            print(f"{mode:5} {tool:9} median {seconds:6.2f} s   peak memory {mib:7.1f} MiB")
        time_ratio = medians["prepress"][0] / medians["hugo"][0]
        memory_ratio = medians["prepress"][1] / medians["hugo"][1]
        print(f"{mode:5} prepress / hugo: time {time_ratio:.2f}x, peak memory {memory_ratio:.2f}x ({args.n} lectures, {args.runs} runs each, {os.cpu_count()} cores, in {args.work})")

    def size(folder: Path) -> int:
        return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())

    if out_hugo.exists() and out_prepress.exists():
        hugo_bytes, prepress_bytes = size(out_hugo), size(out_prepress)
        print(f"output bytes: prepress {prepress_bytes / 2**20:.1f} MiB, hugo {hugo_bytes / 2**20:.1f} MiB, ratio {prepress_bytes / hugo_bytes:.2f}x")


if __name__ == "__main__":
    main()
