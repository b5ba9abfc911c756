#!/usr/bin/env python3
"""Target 2 of the speed issue: `prepress build` after one lecture is edited, against
Hugo's clean build of the same corpus, alternating, in one run.

Each run edits one lecture of the prepress corpus (a sentence added to its body, or, on
every other run, its title changed), then builds with prepress over its previous output
(a build after an edit: see the guide's build cache page), then builds the Hugo corpus
clean with each Hugo given (output and resources removed first, untimed). prepress
must say it rendered only what the edit changed; a run where it built every page is
reported as such. The edited lecture is put back at the end.

    python3 bench/edit_build.py [-n 10000] [--runs 5] [--work /dev/shm/bench]
        [--hugo PATH]... [--prepress target/dist/prepress]

Where --work is decides disk or tmpfs. Needs hugo and /usr/bin/time, and the corpus
generator in ../shared/bench (see build_vs_hugo.py, whose corpora this shares).
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_vs_hugo import REPO, generate, hugo_label, timed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=10_000, help="lectures in the corpus")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "prepress-bench")
    parser.add_argument("--prepress", type=Path, default=REPO / "target" / "dist" / "prepress")
    parser.add_argument("--hugo", action="append", type=str, help="a Hugo binary (repeatable; default: hugo)")
    args = parser.parse_args()
    hugos = args.hugo or ["hugo"]
    args.prepress = args.prepress.resolve()  # builds run in the corpus folder
    if not args.prepress.exists():
        sys.exit(f"{args.prepress} not found: run `cargo build --profile dist` first")

    plain = args.work / f"plain-{args.n}"
    hugo = args.work / f"hugo-{args.n}"
    generate("plain", args.n, plain)
    generate("hugo", args.n, hugo)
    out_prepress = args.work / "out-prepress"
    out_hugo = args.work / "out-hugo"
    lectures = sorted((plain / "content").rglob("*.md"))
    edited = [path for path in lectures if not path.name.startswith("_")][len(lectures) // 2]
    original = edited.read_bytes()

    labels = {binary: hugo_label(binary) for binary in hugos}
    prepress_build = [str(args.prepress), "build", "--output", str(out_prepress)]

    def prepress_said() -> str:
        return subprocess.run(prepress_build, cwd=plain, capture_output=True, text=True, check=True).stderr

    def edit(run: int) -> None:
        text = original.decode()
        if run % 2:
            text = re.sub(r'^title: "(.*)"$', rf'title: "\1 (edit {run + 1})"', text, count=1, flags=re.M)
        else:
            text += f"\nA sentence added before run {run + 1}.\n"
        edited.write_bytes(text.encode())

    # The build the first edit starts from, untimed.
    for path in [out_prepress, *args.work.glob(".out-prepress.*")]:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    prepress_said()
    results = {"prepress": [], **{labels[b]: [] for b in hugos}}
    try:
        for run in range(args.runs):
            edit(run)
            results["prepress"].append(timed(prepress_build, plain))
            for binary in hugos:
                for path in [out_hugo, hugo / "resources"]:
                    shutil.rmtree(path, ignore_errors=True)
                results[labels[binary]].append(timed([binary, "--quiet", "-s", str(hugo), "-d", str(out_hugo)], hugo))
            said = ", ".join(f"{tool} {runs[-1][0]:.2f} s" for tool, runs in results.items())
            print(f"run {run + 1} ({'title' if run % 2 else 'body'}): {said}", flush=True)
        # What a build after an edit says, once more, untimed.
        edited.write_bytes(original + b"\nOne more sentence.\n")
        last = [line for line in prepress_said().splitlines() if line.startswith("built ")]
        print(f"prepress says: {last[-1] if last else '?'}")
    finally:
        edited.write_bytes(original)

    medians = {tool: statistics.median(r[0] for r in runs) for tool, runs in results.items()}
    for tool, seconds in medians.items():
        print(f"{tool:12} median {seconds:6.2f} s")
    for binary in hugos:
        label = labels[binary]
        print(
            f"prepress after an edit / {label} clean: {medians['prepress'] / medians[label]:.3f}x "
            f"({args.n} lectures, {args.runs} runs, {os.cpu_count()} cores, in {args.work})"
        )


if __name__ == "__main__":
    main()
