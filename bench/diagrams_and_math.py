#!/usr/bin/env python3
"""What 1,000 diagrams and 1,000 formulas add to a build of the synthetic corpus.

Generates the corpus with ../shared/bench/gen_corpus.py (--layout plain), and a copy in
which every tenth lecture also has a Mermaid diagram (flowcharts, sequence, state and
class diagrams in turn, each with its own labels, so no two are alike) and a display
formula plus an inline one. Builds the two in turn, RUNS times each, and prints the
median wall time of each, the difference, and their ratio.

    python3 bench/diagrams_and_math.py [-n 10000] [--every 10] [--runs 5] [--clean]
                                       [--cold] [--work /tmp/prepress-bench]

--cold removes the course's drawings cache (.prepress-cache/) before each build
(untimed), so every diagram is drawn; without it, every build after the first takes the
drawings from the cache, as a rebuild on an author's machine does.

--clean removes the output before each build (untimed), so every build writes every
file; without it each build replaces the previous output. Put --work on a tmpfs
(/dev/shm/...) to take the disk's file creation out of the numbers.

Needs: a build of prepress with the dist profile (cargo build --profile dist) and /usr/bin/time.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

# The corpus and the timing are build_vs_hugo.py's: (seconds, peak KiB) per run.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_vs_hugo import REPO, generate, timed  # noqa: E402


def diagram(i: int) -> str:
    """One of four kinds of diagram, with labels of its own."""
    kind = i % 4
    if kind == 0:
        return (
            "flowchart LR\n"
            f"  C{i}[Client {i}] --> LB[Load balancer {i}]\n"
            f"  LB --> A[App {i}]\n"
            f"  A --> K[(Cache {i})]\n"
            f"  K -. miss .-> D[(Database {i})]\n"
            f"  A --> Q[[Queue {i}]]\n"
        )
    if kind == 1:
        return (
            "sequenceDiagram\n"
            f"  participant U as User {i}\n"
            "  participant S as Service\n"
            "  participant D as Store\n"
            f"  U->>S: request {i}\n"
            "  S->>D: read\n"
            "  D-->>S: rows\n"
            f"  S-->>U: response {i}\n"
        )
    if kind == 2:
        return (
            "stateDiagram-v2\n"
            f"  [*] --> Draft{i}\n"
            f"  Draft{i} --> Review\n"
            "  Review --> Published\n"
            f"  Review --> Draft{i}\n"
            "  Published --> [*]\n"
        )
    return (
        "classDiagram\n"
        f"  class Story{i} {{\n"
        "    +String title\n"
        "    +tell()\n"
        "  }\n"
        f"  class Answer{i}\n"
        f"  Story{i} <|-- Answer{i}\n"
    )


def formula(i: int) -> str:
    return f"$$\n\\sum_{{k=1}}^{{{i}}} k^2 = \\frac{{{i}({i}+1)(2 \\cdot {i}+1)}}{{6}}\n$$\n"


def enrich(plain: Path, rich: Path, every: int) -> tuple:
    """A copy of the corpus with a diagram and formulas in every `every`th lecture."""
    if rich.exists():
        shutil.rmtree(rich)
    shutil.copytree(plain, rich)
    lectures = sorted(p for p in (rich / "content").rglob("*.md") if p.name != "_index.md")
    diagrams = 0
    for i, path in enumerate(lectures):
        if i % every:
            continue
        with path.open("a", encoding="utf-8") as file:
            file.write(f"\n\n## Drawn\n\n```mermaid\n{diagram(i)}```\n\n")
            file.write(f"The cost is $O(n \\log n)$ for $n = {i}$:\n\n{formula(i)}")
        diagrams += 1
    return diagrams, 2 * diagrams


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=10_000, help="lectures in the corpus")
    parser.add_argument("--every", type=int, default=10, help="every how many lectures get a diagram")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--clean", action="store_true", help="remove the output before each build")
    parser.add_argument("--cold", action="store_true", help="remove the drawings cache before each build")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "prepress-bench")
    parser.add_argument("--prepress", type=Path, default=REPO / "target" / "dist" / "prepress")
    args = parser.parse_args()

    args.prepress = args.prepress.resolve()  # builds run in the corpus folder
    if not args.prepress.exists():
        sys.exit(f"{args.prepress} not found: run `cargo build --profile dist` first")
    plain = args.work / f"plain-{args.n}"
    rich = args.work / f"rich-{args.n}"
    generate("plain", args.n, plain)
    diagrams, formulas = enrich(plain, rich, args.every)
    print(f"{diagrams} diagrams and {formulas} formulas in {args.n} lectures", flush=True)

    results = {"plain": [], "rich": []}
    for run in range(args.runs):
        for name, corpus in (("plain", plain), ("rich", rich)):
            output = args.work / f"out-{name}"
            if args.clean and output.exists():
                shutil.rmtree(output)
            if args.cold and (corpus / ".prepress-cache").exists():
                shutil.rmtree(corpus / ".prepress-cache")
            results[name].append(timed([str(args.prepress), "build", "--output", str(output)], corpus)[0])
        print(f"run {run + 1}: plain {results['plain'][-1]:.2f} s, with diagrams and math {results['rich'][-1]:.2f} s", flush=True)

    plain_s = statistics.median(results["plain"])
    rich_s = statistics.median(results["rich"])
    build = "clean builds" if args.clean else "builds over the previous output"
    build += ", drawings cache removed before each" if args.cold else ", drawings cache kept"
    print(f"median: plain {plain_s:.2f} s, with diagrams and math {rich_s:.2f} s")
    print(
        f"added {rich_s - plain_s:+.2f} s, ratio {rich_s / plain_s:.3f} "
        f"({args.n} lectures, {args.runs} runs each, {build}, work in {args.work}, {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
