#!/usr/bin/env python3
"""The floor of the write stage: a plain program that writes the tree a build wrote.

Reads the folders, file names and sizes of a built output (prepress's or anyone's) and
writes the same tree of the same sizes into a fresh folder, with one writer and with
WRITERS writers in parallel, each folder made once. No reads, no stats, no hashing: what
the disk costs for this many files and bytes, to set against a build's write stage.

    python3 bench/write_floor.py OUTPUT [--into /tmp/write-floor] [--writers 2] [--runs 3]
"""

import argparse
import os
import shutil
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def tree(output: Path) -> list:
    files = []
    for folder, _, names in os.walk(output):
        for name in names:
            path = Path(folder) / name
            if path.is_symlink():
                continue
            files.append((path.relative_to(output), path.stat().st_size))
    return files


def write_all(files: list, into: Path, writers: int) -> float:
    shutil.rmtree(into, ignore_errors=True)
    started = time.perf_counter()
    for folder in sorted({str(relative.parent) for relative, _ in files}):
        os.makedirs(into / folder, exist_ok=True)
    payload = b"x" * max((size for _, size in files), default=0)

    def write(entry):
        relative, size = entry
        with open(into / relative, "wb") as out:
            out.write(payload[:size])

    if writers == 1:
        for entry in files:
            write(entry)
    else:
        with ThreadPoolExecutor(writers) as pool:
            list(pool.map(write, files, chunksize=256))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", type=Path, help="a built output folder to copy the shape of")
    parser.add_argument("--into", type=Path, default=Path("/tmp/write-floor"))
    parser.add_argument("--writers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = tree(args.output)
    total = sum(size for _, size in files)
    print(f"{len(files)} files, {total / 2**20:.1f} MiB, into {args.into}")
    for writers in sorted({1, args.writers}):
        times = [write_all(files, args.into, writers) for _ in range(args.runs)]
        print(f"{writers} writer(s): median {statistics.median(times):.2f} s ({', '.join(f'{t:.2f}' for t in times)})")
    shutil.rmtree(args.into, ignore_errors=True)


if __name__ == "__main__":
    main()
