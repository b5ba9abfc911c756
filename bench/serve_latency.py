#!/usr/bin/env python3
"""Time from saving a lecture to its new HTML being served by `prepress serve`.

Generates the synthetic corpus (../shared/bench/gen_corpus.py --layout plain), starts
`prepress serve` on it, then saves one lecture again and again (each time with a new
sentence) and measures, from the moment the file is written, how long until a GET of the
lecture's URL returns the new sentence. Prints the median and the spread, and serve's
resident memory (now and at its peak, from /proc) after the saves.

    python3 bench/serve_latency.py [-n 10000] [--saves 15] [--work /tmp/prepress-bench]

Needs a build of prepress with the dist profile (cargo build --profile dist).
"""

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO.parent / "shared" / "bench" / "gen_corpus.py"


def fetch(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path)
    body = connection.getresponse().read().decode("utf-8", "replace")
    connection.close()
    return body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--saves", type=int, default=15)
    parser.add_argument("--pause", type=float, default=0.4,
                        help="seconds between a save being served and the next save")
    parser.add_argument("--port", type=int, default=18765)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "prepress-bench")
    parser.add_argument("--prepress", type=Path, default=REPO / "target" / "dist" / "prepress")
    args = parser.parse_args()
    args.prepress = args.prepress.resolve()  # builds run in the corpus folder
    if not args.prepress.exists():
        sys.exit(f"{args.prepress} not found: run `cargo build --profile dist` first")
    corpus = args.work / f"plain-{args.n}"
    if not corpus.exists():
        subprocess.run([sys.executable, str(GENERATOR), "--layout", "plain", "-n", str(args.n), "--force", str(corpus)],
                       check=True, stdout=subprocess.DEVNULL)
    lecture = sorted((corpus / "content").glob("*/*.md"))[len(list((corpus / "content").glob("*/*.md"))) // 2]
    if lecture.name == "_index.md":
        lecture = next(p for p in lecture.parent.glob("*.md") if p.name != "_index.md")
    url = f"/{lecture.parent.name}/{lecture.stem}/"
    original = lecture.read_text()

    started = time.monotonic()
    server = subprocess.Popen([str(args.prepress), "serve", "--port", str(args.port)], cwd=corpus,
                              stderr=subprocess.PIPE, text=True)
    try:
        for line in server.stderr:
            if line.startswith("serving "):
                break
        print(f"serve started in {time.monotonic() - started:.2f} s ({args.n} lectures)")
        assert "Interview" in fetch(args.port, url) or fetch(args.port, url), url
        latencies = []
        for save in range(args.saves):
            marker = f"Benchmark sentence number {save} {os.getpid()}."
            text = original.replace("## Overview\n", f"## Overview\n\n{marker}\n", 1)
            time.sleep(args.pause)
            written = time.monotonic()
            lecture.write_text(text)
            while marker not in fetch(args.port, url):
                if time.monotonic() - written > 10:
                    sys.exit(f"save {save}: not served after 10 s")
                time.sleep(0.001)
            latencies.append((time.monotonic() - written) * 1000)
        latencies.sort()
        memory = {}
        with open(f"/proc/{server.pid}/status") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    memory[key] = int(value.split()[0]) / 1024
        print(f"serve's resident memory: {memory.get('VmRSS', 0):.0f} MiB now, "
              f"{memory.get('VmHWM', 0):.0f} MiB at its peak")
        print(f"save -> new HTML served: median {statistics.median(latencies):.1f} ms, "
              f"min {latencies[0]:.1f} ms, max {latencies[-1]:.1f} ms over {args.saves} saves of {url}, {args.pause} s apart")
    finally:
        lecture.write_text(original)
        server.send_signal(2)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
