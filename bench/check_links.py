#!/usr/bin/env python3
"""Checks a built site folder: every href/src/action of every page (but 404.html, whose
URLs are from the server's root) that is not external must lead, relative to its page,
to a file in the folder (a folder URL to its index.html), and none may start with "/".
The same check as tests/suite/anywhere.rs, for outputs too large for the test suite
(the synthetic corpus):

    python3 ../shared/bench/gen_corpus.py --layout plain -n 1000 /tmp/c1k
    target/dist/prepress build --root /tmp/c1k
    python3 bench/check_links.py /tmp/c1k/output
"""

import re
import sys
from pathlib import Path

URL = re.compile(r'\s(?:href|src|action)="([^"]*)"')
EXTERNAL = ("#", "//", "http:", "https:", "mailto:", "data:", "blob:", "javascript:")


def main() -> None:
    output = Path(sys.argv[1]).resolve()
    checked, broken = 0, []
    for page in output.rglob("*.html"):
        relative = page.relative_to(output).as_posix()
        if relative == "404.html":
            continue
        for url in URL.findall(page.read_text(encoding="utf-8")):
            if url.startswith(EXTERNAL):
                continue
            checked += 1
            if url.startswith("/"):
                broken.append(f"{relative}: {url} is from the server's root")
                continue
            path = re.split(r"[?#]", url)[0]
            target = (page.parent / path).resolve()
            if path == "" or path.endswith("/"):
                target = target / "index.html"
            if output not in target.parents or not target.is_file():
                broken.append(f"{relative}: {url}")
    pages = sum(1 for _ in output.rglob("*.html"))
    print(f"{pages} pages, {checked} internal URLs, {len(broken)} broken")
    for line in broken[:50]:
        print("  " + line)
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
