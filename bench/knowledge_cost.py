#!/usr/bin/env python3
"""What backlinks, link previews, tags and local graphs cost a clean build.

Makes the synthetic corpus (../shared/bench/gen_corpus.py, plain layout, which already
links lectures and tags them) into a vault-shaped variant: every third lecture gets a
nested tag in its front matter and an inline `#tag` in its text, every tenth embeds
another lecture (`![[name]]`, or one of its sections), and every seventh ends a
paragraph with a block id that another lecture links to (`[[name#^id]]`). Two copies
of the variant differ only in `course.toml`: one with the features on (the default),
one with `backlinks`, `link_previews`, `local_graph`, `graph_page` and `tag_pages`
off (a page's tags are then text, as before tags had pages). The same binary builds each copy in turn, clean (output,
staging and cache removed first, untimed), RUNS times, alternating, and the script
prints wall time, CPU time (user + sys) and peak memory, medians, and what the features
add.

    python3 bench/knowledge_cost.py [-n 10000] [--runs 7] [--work /dev/shm/kbench]
        [--binary target/dist/prepress] [--plain]

`--plain` measures the generator's corpus as it is, without the variant's additions.

Use a tmpfs for --work (the disk's file creation would hide the CPU's work). Needs
/usr/bin/time (apt-get install time).
"""

import argparse
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO.parent / "shared" / "bench" / "gen_corpus.py"
FEATURES_OFF = ("backlinks = false\nlink_previews = false\nlocal_graph = false\n"
                "graph_page = false\ntag_pages = false\n")
NESTED = ["system-design/storage", "system-design/caching", "coding/graphs",
          "coding/dynamic-programming", "behavioral/conflict", "behavioral/ownership"]


def vault_variant(plain: Path, out: Path) -> None:
    """The plain corpus with nested and inline tags, embeds and block ids added. Made in a
    folder beside `out` and renamed at the end, so a variant cut short is never reused.
    Each edit checks that it took: a change in the generator's format stops the script
    rather than measuring a corpus without the additions."""
    partial = out.with_name(out.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(plain, partial)
    lectures = sorted(p for p in (partial / "content").rglob("*.md") if p.name != "_index.md")
    # Wiki links name notes by file name, as Obsidian's do (titles repeat in the corpus).
    names = [path.stem for path in lectures]
    for n, path in enumerate(lectures):
        text = path.read_text(encoding="utf-8")
        head, body = text.split("\n---\n", 1)
        added = []
        if n % 3 == 0:
            tag = NESTED[n % len(NESTED)]
            head, tagged = re.subn(r"^tags: \[", f'tags: ["{tag}", ', head, count=1, flags=re.M)
            assert tagged, f"{path}: no `tags: [` line in its front matter"
            added.append(f"Filed under #{NESTED[(n + 1) % len(NESTED)]} as well.")
        if n % 10 == 0:
            other = names[(n * 7 + 3) % len(names)]
            part = "#Overview" if n % 20 == 0 else ""
            added.append(f"![[{other}{part}]]")
        if n % 7 == 0:
            assert "\n\n## " in body, f"{path}: no paragraph before a second heading"
            body = body.replace("\n\n## ", f" ^n{n}\n\n## ", 1)
            # The next lecture, read from the disk when its turn comes, links to it.
            linker = lectures[(n + 1) % len(lectures)]
            extra = f"\n\nSee [[{names[n]}#^n{n}|the point made there]].\n"
            linker.write_text(linker.read_text(encoding="utf-8") + extra, encoding="utf-8")
        if added:
            body = body.rstrip("\n") + "\n\n" + "\n\n".join(added) + "\n"
        path.write_text(head + "\n---\n" + body, encoding="utf-8")
    partial.rename(out)


def clean_build(binary: str, course: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MiB of one clean build of `course`."""
    output = course / "output"
    for leftover in [output, course / ".output.staging", course / ".output.cache"]:
        shutil.rmtree(leftover, ignore_errors=True)
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%e %U %S %M", binary, "build", "-q", "--root", str(course)],
        capture_output=True, text=True, check=True)
    wall, user, system, peak = done.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(peak) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--work", type=Path, default=Path("/dev/shm/kbench"))
    parser.add_argument("--binary", default=str(REPO / "target" / "dist" / "prepress"))
    parser.add_argument("--plain", action="store_true", help="the corpus without additions")
    args = parser.parse_args()
    plain = args.work / f"plain-{args.n}"
    if not plain.exists():
        subprocess.run([sys.executable, str(GENERATOR), "--layout", "plain", "-n", str(args.n),
                        str(plain)], check=True, stdout=subprocess.DEVNULL)
    kind = "plain" if args.plain else "vault"
    on, off = args.work / f"{kind}-on-{args.n}", args.work / f"{kind}-off-{args.n}"
    if not on.exists():
        if args.plain:
            shutil.copytree(plain, on)
        else:
            vault_variant(plain, on)
    if not off.exists():
        shutil.copytree(on, off)
        toml = off / "course.toml"
        # First, before any table the file may have.
        toml.write_text(FEATURES_OFF + toml.read_text(encoding="utf-8"), encoding="utf-8")
    results = {"off": [], "on": []}
    for run in range(args.runs):
        order = [("off", off), ("on", on)] if run % 2 == 0 else [("on", on), ("off", off)]
        for name, course in order:
            results[name].append(clean_build(args.binary, course))
    medians = {name: [statistics.median(run[i] for run in rows) for i in range(3)]
               for name, rows in results.items()}
    print(f"{args.n} lectures ({kind}), {args.runs} alternating clean builds each, {args.binary}")
    for name in ["off", "on"]:
        wall, cpu, peak = medians[name]
        print(f"  features {name:3}: wall {wall:.3f} s  cpu {cpu:.3f} s  peak {peak:.0f} MiB")
    (w0, c0, p0), (w1, c1, p1) = medians["off"], medians["on"]
    print(f"  they add: wall {100 * (w1 / w0 - 1):+.1f}%  cpu {100 * (c1 / c0 - 1):+.1f}%  "
          f"peak {p1 - p0:+.0f} MiB")


if __name__ == "__main__":
    main()
