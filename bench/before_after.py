#!/usr/bin/env python3
"""Two builds of prepress on the same corpus, alternating in one run: the way to say what
a change to prepress gained, with the same machine's mood on both sides.

Each run builds with one binary, then the other (the order flips every run), each into
its own output folder. `--mode clean` removes the output and its staging folder and
cache first (untimed); `--mode edit` first gives one lecture a new sentence, and each
binary builds over its own last output (a build after an edit: what each says of one is
printed at the end). The edited lecture is put back at the end.

    python3 bench/before_after.py BEFORE AFTER [-n 10000] [--runs 7]
        [--mode edit|clean] [--work /dev/shm/bench]

BEFORE and AFTER are prepress binaries, for example a copy of `target/release/prepress`
built at the commit before the change and one built after it. Where --work is decides
disk or tmpfs. Shares the corpus of build_vs_hugo.py (`plain-N` under --work).
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_vs_hugo import generate, timed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("-n", type=int, default=10_000, help="lectures in the corpus")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--mode", choices=["edit", "clean"], default="edit")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "prepress-bench")
    args = parser.parse_args()
    binaries = {"before": args.before.resolve(), "after": args.after.resolve()}
    corpus = args.work / f"plain-{args.n}"
    generate("plain", args.n, corpus)
    outputs = {name: args.work / f"out-{name}" for name in binaries}
    lectures = sorted((corpus / "content").rglob("*.md"))
    edited = [path for path in lectures if not path.name.startswith("_")][len(lectures) // 2]
    original = edited.read_bytes()

    def remove(name: str) -> None:
        output = outputs[name]
        for path in [output, *args.work.glob(f".{output.name}.*")]:
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()

    def build(name: str) -> float:
        return timed([str(binaries[name]), "build", "--output", str(outputs[name])], corpus)[0]

    times = {name: [] for name in binaries}
    try:
        if args.mode == "edit":
            for name in binaries:
                remove(name)
                build(name)
        for run in range(args.runs):
            if args.mode == "edit":
                edited.write_bytes(original + f"\nA sentence added before run {run + 1}.\n".encode())
            order = list(binaries) if run % 2 == 0 else list(binaries)[::-1]
            for name in order:
                if args.mode == "clean":
                    remove(name)
                times[name].append(build(name))
            said = ", ".join(f"{name} {runs[-1]:.2f} s" for name, runs in times.items())
            print(f"run {run + 1}: {said}", flush=True)
        if args.mode == "edit":
            # What each says of a build after an edit, once more, untimed.
            edited.write_bytes(original + b"\nOne more sentence.\n")
            for name, binary in binaries.items():
                command = [str(binary), "build", "--output", str(outputs[name])]
                said = subprocess.run(command, cwd=corpus, capture_output=True, text=True, check=True).stderr
                last = [line for line in said.splitlines() if line.startswith("built ")]
                print(f"{name} says: {last[-1] if last else '?'}")
    finally:
        edited.write_bytes(original)
    medians = {name: statistics.median(runs) for name, runs in times.items()}
    for name, seconds in medians.items():
        print(f"{name:7} median {seconds:6.2f} s")
    print(
        f"after / before: {medians['after'] / medians['before']:.3f}x "
        f"({args.mode}, {args.n} lectures, {args.runs} runs, in {args.work})"
    )


if __name__ == "__main__":
    main()
