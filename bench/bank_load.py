#!/usr/bin/env python3
"""What a learner waits for on a big question bank, in headless Chromium.

Serves a built site (OUTPUT_DIR, such as the output of a course made by
bench/gen_bank.py) with Python's HTTP server on a free 127.0.0.1 port, drives headless
Chromium through chromedriver over the W3C WebDriver protocol (plain HTTP, no
Selenium), and measures:

  first question   /questions/: time from navigation start until the first
                   `.question-card .question-text` has a layout box; /practice/: until
                   `#practice-question` has a box and a text other than "Loading…";
                   either only once the page has painted something.
                   The page is polled from outside (pageLoadStrategy "none") and the
                   time is the page's own performance.now() at the first poll that saw
                   it, so it is late by at most one poll (a few ms, more while the page's
                   main thread is busy and cannot answer).
  bytes before     navigation + resource timing entries whose responseEnd is at or
                   before that time: transferSize (what http.server sent, uncompressed)
                   and the gzip -6 size of the same files read from OUTPUT_DIR (what a
                   static host that compresses would send). A document still arriving
                   at that time counts up to the end of the first question's element
                   (what the parser must have read); its whole size is shown apart.
  also             first contentful paint, DOMContentLoaded, load, the JS heap and the
                   number of elements once loaded.
  filter           on /questions/, once loaded: set the principle select (or, with no
                   principles, topic, then section, then difficulty) to its first value
                   and dispatch `change`; time until the handler returned, until
                   [data-count] changed and the first shown card has a box, and until the
                   next frame. "reset" does the same back to "All".
  more             on /questions/, click the first `[data-more]` and time until more
                   cards are shown; skipped with a note when the page has none.
  output           the largest HTML file other than the print pages, and the whole
                   output against the note pages plus the search index.

Each run of each page gets a new browser (a new session and profile), so nothing
comes from a cache. --runs N repeats everything and prints medians (min-max).

    python3 bench/bank_load.py OUTPUT_DIR [--runs 3]

Needs `chromium` and `chromedriver` on PATH (or --chromium / --chromedriver).
Standard library only.
"""
import argparse
import gzip
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlparse

# A question counts as visible once it has a layout box and the page has painted
# (a forced layout can give it a box before the style sheets let anything paint).
POLL_FIRST = {
    "/questions/": """
        if (location.pathname !== arguments[0]) return null;
        if (!performance.getEntriesByType('paint').length) return null;
        const el = document.querySelector('.question-card:not([hidden]) .question-text');
        if (!el || !el.getClientRects().length || !el.textContent.trim()) return null;
        return {t: performance.now(), text: el.textContent.trim().slice(0, 80)};
    """,
    "/practice/": """
        if (location.pathname !== arguments[0]) return null;
        if (!performance.getEntriesByType('paint').length) return null;
        const el = document.getElementById('practice-question');
        if (!el || !el.getClientRects().length) return null;
        const text = el.textContent.trim();
        if (!text || text === 'Loading…' || text === 'Loading...') return null;
        return {t: performance.now(), text: text.slice(0, 80)};
    """,
}

# Where the first question is in a page's HTML, for a document still arriving.
MARKERS = {"/questions/": b'class="question-text"', "/practice/": b'id="practice-question"'}

COLLECT = """
    const nav = performance.getEntriesByType('navigation')[0];
    const paint = performance.getEntriesByType('paint')
        .find((e) => e.name === 'first-contentful-paint');
    const entries = [nav].concat(performance.getEntriesByType('resource')).map((e) => ({
        name: e.name, responseEnd: e.responseEnd, transferSize: e.transferSize,
        encodedBodySize: e.encodedBodySize, decodedBodySize: e.decodedBodySize}));
    return {
        entries,
        fcp: paint ? paint.startTime : null,
        dcl: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd,
        heap: performance.memory ? performance.memory.usedJSHeapSize : null,
        elements: document.getElementsByTagName('*').length,
    };
"""

# Set a select, dispatch `change`, wait for the count to change and the first shown
# card to have a box, then for the next frame. arguments: selector, value.
FILTER = """
    const done = arguments[arguments.length - 1];
    const sel = document.querySelector(arguments[0]);
    const countEl = document.querySelector('[data-count]');
    const before = countEl ? countEl.textContent : null;
    const t0 = performance.now();
    sel.value = arguments[1];
    sel.dispatchEvent(new Event('change', {bubbles: true}));
    const handler = performance.now() - t0;
    function check() {
        const changed = countEl ? countEl.textContent !== before : true;
        const first = document.querySelector('.question-card:not([hidden]) .question-text');
        if (changed && first && first.getClientRects().length) {
            const shown = performance.now() - t0;
            requestAnimationFrame(() => setTimeout(() => done({
                handler, shown, frame: performance.now() - t0,
                count: countEl ? countEl.textContent : null}), 0));
        } else if (performance.now() - t0 > 120000) {
            done({error: 'count did not change in 120 s', handler});
        } else {
            setTimeout(check, 2);
        }
    }
    check();
"""

MORE = """
    const done = arguments[arguments.length - 1];
    const button = Array.from(document.querySelectorAll('[data-more]'))
        .find((b) => b.getClientRects().length);
    if (!button) { done({none: true}); return; }
    const shownCards = () => document.querySelectorAll('.question-card:not([hidden])').length;
    const before = shownCards();
    const t0 = performance.now();
    button.click();
    const handler = performance.now() - t0;
    function check() {
        const now = shownCards();
        if (now > before) {
            const shown = performance.now() - t0;
            requestAnimationFrame(() => setTimeout(() => done({
                handler, shown, frame: performance.now() - t0, before, after: now}), 0));
        } else if (performance.now() - t0 > 120000) {
            done({error: 'no more cards in 120 s', handler});
        } else {
            setTimeout(check, 2);
        }
    }
    check();
"""

PICK_FILTER = """
    for (const name of ['principle', 'topic', 'section', 'difficulty', 'language']) {
        const sel = document.querySelector(
            'form.question-filters select[name="' + name + '"]');
        if (sel && sel.options.length > 1) {
            return {selector: 'form.question-filters select[name="' + name + '"]',
                    name, value: sel.options[1].value, options: sel.options.length - 1};
        }
    }
    return null;
"""


# --------------------------------------------------------------------------
# Processes and WebDriver
# --------------------------------------------------------------------------
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, what, timeout=20):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on port {port} in {timeout} s")


def stop(proc, group=False):
    if proc is None or proc.poll() is not None:
        return
    try:
        if group:
            os.killpg(proc.pid, signal.SIGTERM)
        else:
            proc.terminate()
        proc.wait(timeout=10)
    except (subprocess.TimeoutExpired, ProcessLookupError):
        try:
            if group:
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                proc.kill()
            proc.wait(timeout=10)
        except (subprocess.TimeoutExpired, ProcessLookupError):
            pass


class WebDriverError(RuntimeError):
    pass


class Driver:
    """The few W3C WebDriver commands this script needs, over urllib."""

    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.session = None

    def call(self, method, path, body=None, timeout=300):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                payload = json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as e:
            try:
                payload = json.loads(e.read())
            except ValueError:
                raise WebDriverError(f"{method} {path}: HTTP {e.code}") from None
        value = payload.get("value")
        if isinstance(value, dict) and "error" in value:
            raise WebDriverError(f"{method} {path}: {value['error']}: "
                                 f"{str(value.get('message', ''))[:300]}")
        return value

    def start(self, chromium):
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "pageLoadStrategy": "none",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--window-size=1280,900", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--disable-extensions",
                         "--enable-precise-memory-info"],
            },
        }}}
        value = self.call("POST", "/session", caps, timeout=120)
        self.session = value["sessionId"]
        self.call("POST", f"/session/{self.session}/timeouts",
                  {"script": 300000, "pageLoad": 300000})

    def quit(self):
        if self.session:
            try:
                self.call("DELETE", f"/session/{self.session}", timeout=60)
            except (WebDriverError, OSError):
                pass
            self.session = None

    def get(self, url):
        self.call("POST", f"/session/{self.session}/url", {"url": url})

    def js(self, script, *args):
        return self.call("POST", f"/session/{self.session}/execute/sync",
                         {"script": script, "args": list(args)})

    def js_async(self, script, *args):
        return self.call("POST", f"/session/{self.session}/execute/async",
                         {"script": script, "args": list(args)})


# --------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------
class Sizes:
    """Raw and gzipped sizes of the output's files, by URL path, computed once each."""

    def __init__(self, root):
        self.root = root
        self.cache = {}

    def file_for(self, url):
        path = unquote(urlparse(url).path)
        file = self.root / path.lstrip("/")
        if path.endswith("/") or file.is_dir():
            file = file / "index.html"
        return file

    def prefix(self, url, marker):
        """The file's bytes up to the end of the element that holds `marker`."""
        data = self.file_for(url).read_bytes()
        at = data.find(marker)
        if at < 0:
            return data
        end = data.find(b"</", at)
        end = data.find(b">", end) + 1 if end >= 0 else len(data)
        return data[:end]

    def gz(self, url):
        file = self.file_for(url)
        if file not in self.cache:
            if file.is_file():
                data = file.read_bytes()
                self.cache[file] = (len(data), len(gzip.compress(data, 6)))
            else:
                self.cache[file] = (0, 0)
        return self.cache[file]


def measure_page(driver, chromium, base, path, sizes, timeout, interact):
    """One cold load of `path` in a new browser; optionally the /questions/ interactions."""
    result = {}
    driver.start(chromium)
    try:
        driver.get(base + path)
        end = time.monotonic() + timeout
        first = None
        polls = 0
        while time.monotonic() < end:
            polls += 1
            try:
                first = driver.js(POLL_FIRST[path], path)
            except WebDriverError as e:
                # a poll that lands while the document is being replaced fails; go on
                if "invalid session" in str(e) or "no such window" in str(e):
                    raise
                first = None
            if first:
                break
            time.sleep(0.002)
        if not first:
            raise RuntimeError(f"{path}: no question visible in {timeout} s")
        result["first"] = first["t"]
        result["first_text"] = first["text"]
        result["polls"] = polls
        while time.monotonic() < end:
            if driver.js("return document.readyState") == "complete":
                break
            time.sleep(0.25)  # seldom, so as not to interrupt the parser much
        time.sleep(0.2)  # loadEventEnd is set once the load handlers have run
        info = driver.js(COLLECT)
        t = first["t"]
        raw = gz = n = 0
        doc_late = False
        for i, e in enumerate(info["entries"]):
            n += 1
            if i == 0 and e["responseEnd"] > t:
                # The document was still arriving: count what the parser must have
                # read, up to the end of the first question's element.
                doc_late = True
                prefix = sizes.prefix(e["name"], MARKERS[path])
                raw += len(prefix)
                gz += len(gzip.compress(prefix, 6))
                continue
            if e["responseEnd"] > t:
                n -= 1
                continue
            size = e["transferSize"] or e["encodedBodySize"]
            file_raw, file_gz = sizes.gz(e["name"])
            raw += size or file_raw
            gz += file_gz
        doc_raw, doc_gz = sizes.gz(info["entries"][0]["name"])
        result.update(raw=raw, gz=gz, requests=n, doc_late=doc_late, fcp=info["fcp"],
                      doc_raw=doc_raw, doc_gz=doc_gz,
                      dcl=info["dcl"], load=info["load"], heap=info["heap"],
                      elements=info["elements"])
        if interact:
            pick = driver.js(PICK_FILTER)
            if pick:
                result["filter_name"] = f"{pick['name']}={pick['value']}"
                r = driver.js_async(FILTER, pick["selector"], pick["value"])
                result["filter"] = r
                r = driver.js_async(FILTER, pick["selector"], "")
                result["reset"] = r
            else:
                result["filter_name"] = None
            result["more"] = driver.js_async(MORE)
    finally:
        driver.quit()
    return result


def html_kind(file):
    with open(file, "rb") as f:
        head = f.read(8192).decode("utf-8", "replace")
    m = re.search(r'<body[^>]*class="([^"]*)"', head)
    if not m:
        return "other"
    for c in m.group(1).split():
        if c.startswith("kind-"):
            return c[5:]
    return "other"


def output_summary(root):
    total = 0
    cats = {}
    largest = (0, None)
    notes = 0
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        top = rel_dir.split(os.sep)[0]
        for name in filenames:
            file = os.path.join(dirpath, name)
            size = os.path.getsize(file)
            total += size
            rel = os.path.relpath(file, root)
            if top == "print":
                cat = "print pages"
            elif top == "search-index":
                cat = "search index"
            elif top == "static":
                cat = "static"
            elif rel in ("questions.json", "questions.tsv"):
                cat = "questions.json + .tsv"
            elif name.endswith(".html"):
                kind = html_kind(file)
                if kind == "lecture":
                    cat = "note pages"
                    notes += 1
                elif kind == "section":
                    cat = "section pages"
                elif kind in ("questions", "practice", "loop", "progress"):
                    cat = f"/{kind}/"
                else:
                    cat = "other HTML"
            else:
                cat = "other files"
            c = cats.setdefault(cat, [0, 0])
            c[0] += 1
            c[1] += size
            if name.endswith(".html") and top != "print" and size > largest[0]:
                largest = (size, rel)
    return total, cats, largest, notes


def fmt_ms(values):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    med = statistics.median(values)
    if len(values) == 1:
        return f"{med:,.0f}"
    return f"{med:,.0f} ({min(values):,.0f}-{max(values):,.0f})"


def fmt_kib(values):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    return f"{statistics.median(values) / 1024:,.0f} KiB"


def mib(n):
    return f"{n / 1048576:,.1f} MiB"


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("output", type=Path, help="a built site (prepress's output folder)")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=300,
                    help="seconds to wait for a page's first question (default 300)")
    ap.add_argument("--chromium", default=None)
    ap.add_argument("--chromedriver", default=None)
    args = ap.parse_args()
    root = args.output.resolve()
    if not (root / "questions" / "index.html").is_file():
        sys.exit(f"{root}: no questions/index.html; is it a built course with questions?")
    chromium = args.chromium or shutil.which("chromium") or shutil.which("chromium-browser") \
        or shutil.which("google-chrome")
    chromedriver = args.chromedriver or shutil.which("chromedriver")
    if not chromium or not chromedriver:
        sys.exit("needs chromium and chromedriver (apt-get install chromium chromium-driver)")

    sizes = Sizes(root)
    server = driver_proc = None
    driver = None
    runs = {"/questions/": [], "/practice/": []}
    try:
        web_port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(web_port),
             "-d", str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port(web_port, server, "http.server")
        wd_port = free_port()
        driver_proc = subprocess.Popen(
            [chromedriver, f"--port={wd_port}", "--allowed-ips=127.0.0.1", "--log-level=OFF"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        wait_port(wd_port, driver_proc, "chromedriver")
        driver = Driver(wd_port)
        base = f"http://127.0.0.1:{web_port}"
        for run in range(args.runs):
            for path in runs:
                r = measure_page(driver, chromium, base, path, sizes, args.timeout,
                                 interact=(path == "/questions/"))
                runs[path].append(r)
                note = f"first question {r['first']:,.0f} ms"
                if "filter" in r:
                    note += f", filter {r['filter'].get('shown', float('nan')):,.0f} ms"
                print(f"  run {run + 1}/{args.runs} {path}: {note}", file=sys.stderr, flush=True)
    finally:
        if driver:
            driver.quit()
        stop(driver_proc, group=True)
        stop(server)

    # ---- report ----
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"site: {root}   runs: {args.runs} (medians, min-max)   "
          f"load average at the end: {load} on {os.cpu_count()} CPUs")
    print()
    rows = [
        ("first question visible, ms", lambda r: r["first"], fmt_ms),
        ("first contentful paint, ms", lambda r: r["fcp"], fmt_ms),
        ("DOMContentLoaded, ms", lambda r: r["dcl"], fmt_ms),
        ("load event, ms", lambda r: r["load"], fmt_ms),
        ("fetched before first question, raw", lambda r: r["raw"], fmt_kib),
        ("  the same, gzipped", lambda r: r["gz"], fmt_kib),
        ("  requests", lambda r: r["requests"], fmt_ms),
        ("the page's HTML, whole, raw", lambda r: r["doc_raw"], fmt_kib),
        ("  the same, gzipped", lambda r: r["doc_gz"], fmt_kib),
        ("JS heap once loaded, MiB", lambda r: r["heap"] and r["heap"] / 1048576,
         lambda v: fmt_ms(v) if any(v) else "-"),
        ("elements once loaded", lambda r: r["elements"], fmt_ms),
    ]
    width = 38
    print(f"{'':{width}} {'/questions/':>24} {'/practice/':>24}")
    for label, get, fmt in rows:
        cells = []
        for path in runs:
            cells.append(fmt([get(r) for r in runs[path]]))
        print(f"{label:{width}} {cells[0]:>24} {cells[1]:>24}")
    late = [p for p in runs if any(r["doc_late"] for r in runs[p])]
    if late:
        print(f"(the HTML of {', '.join(late)} was still arriving when the first question "
              f"showed: counted up to that question's element)")
    for path in runs:
        print(f"first question on {path}: \"{runs[path][0]['first_text']}\"")
    print()
    q = runs["/questions/"]
    name = q[0].get("filter_name")
    if name:
        for key, label in (("filter", f"filter {name}"), ("reset", "filter back to All")):
            res = [r[key] for r in q]
            errors = [x["error"] for x in res if "error" in x]
            if errors:
                print(f"/questions/ {label}: {errors[0]}")
                continue
            print(f"/questions/ {label}: handler {fmt_ms([x['handler'] for x in res])} ms, "
                  f"results shown {fmt_ms([x['shown'] for x in res])} ms, "
                  f"next frame {fmt_ms([x['frame'] for x in res])} ms "
                  f"({res[0]['count']} shown)")
    else:
        print("/questions/ filter: skipped (no filter select with a value)")
    more = [r["more"] for r in q]
    if any(m.get("none") for m in more):
        print("/questions/ more: skipped (the page has no visible [data-more] button)")
    elif any("error" in m for m in more):
        print(f"/questions/ more: {next(m['error'] for m in more if 'error' in m)}")
    else:
        print(f"/questions/ more: handler {fmt_ms([m['handler'] for m in more])} ms, "
              f"shown {fmt_ms([m['shown'] for m in more])} ms, next frame "
              f"{fmt_ms([m['frame'] for m in more])} ms "
              f"({more[0]['before']} -> {more[0]['after']} cards)")
    print()
    total, cats, largest, notes = output_summary(root)
    note_bytes = cats.get("note pages", [0, 0])[1]
    index_bytes = cats.get("search index", [0, 0])[1]
    print(f"largest HTML file (print pages aside): {largest[1]}, {mib(largest[0])}")
    print(f"output: {mib(total)}; note pages ({notes}) + search index: "
          f"{mib(note_bytes + index_bytes)}; output / that = "
          f"{total / max(1, note_bytes + index_bytes):.2f}x")
    for cat, (count, size) in sorted(cats.items(), key=lambda kv: -kv[1][1]):
        print(f"  {cat:24} {count:7,} files {mib(size):>12}")


if __name__ == "__main__":
    main()
