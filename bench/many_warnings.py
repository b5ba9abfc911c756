#!/usr/bin/env python3
"""Times `prepress check` and `prepress build` on courses whose one file holds N problems
of one kind (mojibake lines, broken #anchors, broken wiki links, MDX components), the
cases where each warning's position used to be counted from the start of the file.

    python3 bench/many_warnings.py [--prepress target/dist/prepress] [-n 100000]

Each course is made afresh in a temporary folder; each command runs once, timed by the
wall clock, with the output written to a tmpfs when /dev/shm exists.
"""

import argparse
import os
import shutil
import subprocess
import tempfile
import time

LINES = {
    "mojibake": lambda i: f"Line {i}: the cafÃ© opened at noon â€” busy.\n",
    "anchors": lambda i: f"See [part {i}](#nowhere-{i}).\n",
    "wiki": lambda i: f"See [[Missing note {i}]].\n",
    "mdx": lambda i: f"<Widget id=\"w{i}\" />\n",
}


def make_course(root, kind, n):
    os.makedirs(os.path.join(root, "content"))
    with open(os.path.join(root, "course.toml"), "w") as f:
        f.write('title = "Many warnings"\n')
    name = "notes.mdx.md" if kind == "mdx" else "notes.md"
    with open(os.path.join(root, "content", name), "w") as f:
        f.write("# Notes\n\n")
        for i in range(n):
            f.write(LINES[kind](i))


def timed(args):
    started = time.monotonic()
    done = subprocess.run(args, capture_output=True)
    return time.monotonic() - started, done


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--prepress", default="target/dist/prepress")
    parser.add_argument("-n", type=int, default=100_000)
    parser.add_argument("--kinds", nargs="*", default=list(LINES))
    options = parser.parse_args()
    prepress = os.path.abspath(options.prepress)
    base = "/dev/shm" if os.path.isdir("/dev/shm") else None
    for kind in options.kinds:
        root = tempfile.mkdtemp(prefix=f"many-{kind}-", dir=base)
        try:
            make_course(root, kind, options.n)
            size = os.path.getsize(os.path.join(root, "content", os.listdir(os.path.join(root, "content"))[0]))
            check, done = timed([prepress, "check", "--root", root])
            lines = done.stderr.count(b"\n")
            build, _ = timed([prepress, "build", "--root", root])
            print(f"{kind:9} n={options.n:>7} file {size / 1e6:5.1f} MB: check {check:6.2f} s "
                  f"({lines} lines of stderr), build {build:6.2f} s", flush=True)
        finally:
            shutil.rmtree(root)


if __name__ == "__main__":
    main()
