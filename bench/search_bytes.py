#!/usr/bin/env python3
"""Bytes a browser downloads before the search page shows its first results.

Serves a built site (default: the 10,000-lecture corpus built by prepress) with Python's
HTTP server on 127.0.0.1, opens /search/?q=WORD in headless Chromium (which runs the
page's script), reads from the server's log every file the browser asked for, and sums
their sizes, raw and gzipped (what a static host that compresses would send).

    python3 bench/search_bytes.py [--site /tmp/prepress-bench/out-prepress] [--query memoization]

A course in another language: make it with gen_language_corpus.py (--language zh or ru),
build it, and give a query in that language (`--query 负载均衡`, `--query собеседованиях`).
"""

import argparse
import gzip
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, unquote, urlparse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=Path(tempfile.gettempdir()) / "prepress-bench" / "out-prepress")
    parser.add_argument("--query", default="memoization")
    parser.add_argument("--port", type=int, default=18777)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not chromium:
        sys.exit("needs Chromium (apt-get install chromium)")
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(args.port), "--bind", "127.0.0.1"],
                              cwd=args.site, stdout=log, stderr=log)
    time.sleep(1)
    try:
        with tempfile.TemporaryDirectory() as profile:
            dom = subprocess.run(
                [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={profile}", "--virtual-time-budget=15000", "--dump-dom",
                 f"http://127.0.0.1:{args.port}/search/?q={quote(args.query)}"],
                capture_output=True, text=True, timeout=120).stdout
    finally:
        server.terminate()
        server.wait()
    results = dom.count("class=\"search-result\"")
    status = re.search(r"id=\"search-status\"[^>]*>([^<]*)<", dom)
    print("status:", status.group(1) if status else "?")
    paths = []
    for line in Path(log.name).read_text().splitlines():
        match = re.search(r'"GET (\S+) HTTP', line)
        if match:
            path = unquote(urlparse(match.group(1)).path)
            paths.append(path)
            print("  GET", path)
    raw = compressed = 0
    for path in paths:
        file = args.site / path.lstrip("/")
        if file.is_dir() or path.endswith("/"):
            file = file / "index.html"
        if not file.is_file():
            continue
        data = file.read_bytes()
        raw += len(data)
        compressed += len(gzip.compress(data, 6))
    print(f"{results} results shown for '{args.query}'; {len(paths)} requests; "
          f"{raw / 1024:.0f} KiB raw, {compressed / 1024:.0f} KiB gzipped before the results were shown")
    index = sum(f.stat().st_size for f in (args.site / "search-index").rglob("*") if f.is_file())
    print(f"whole search index on disk: {index / 1024 / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
