#!/usr/bin/env python3
"""Kith against a peer: jrnl (the Python journal CLI, from PyPI). The same 10,000 entries are
imported into each (jrnl --import of its text format; kith import jrnl of jrnl's JSON export
format) and then searched for a word (jrnl -contains; kith journal search), medians of 9 runs.

usage: bench_jrnl.py KITH_BINARY [ENTRIES]
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def timed(args, env, **kw):
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, **kw)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(args[:3])} failed: {done.stderr[:500]}")
    return elapsed, done.stdout


def main():
    kith, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    work = tempfile.mkdtemp(prefix="kith-jrnl-")
    words = ["group", "sponsor", "walk", "craving", "sleep", "work", "family", "meeting"]
    entries, text = [], []
    for i in range(count):
        day = f"20{16 + i // 365 % 10:02d}-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}"
        title = f"Day {i}: {words[i % 8]} and {words[(i * 3) % 8]}."
        body = "Quiet evening." if i % 97 else "Felt the needle of an old craving, called Dee."
        entries.append({"title": title, "body": body, "date": day, "time": "21:00", "tags": [], "starred": False})
        text.append(f"[{day} 21:00] {title}\n{body}\n")
    with open(os.path.join(work, "entries.json"), "w") as f:
        json.dump({"tags": {}, "entries": entries}, f)
    with open(os.path.join(work, "entries.txt"), "w") as f:
        f.write("\n".join(text))
    config = os.path.join(work, "jrnl.yaml")
    with open(config, "w") as f:
        f.write(f"""colors: {{body: none, date: none, tags: none, title: none}}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: false
indent_character: '|'
journals:
  default:
    journal: {work}/journal.txt
linewrap: 79
tagsymbols: '@'
template: false
timeformat: '%Y-%m-%d %H:%M'
version: v4.6
""")
    open(os.path.join(work, "journal.txt"), "w").close()
    env = dict(os.environ, KITH_STORE=os.path.join(work, "kith.sqlite"), KITH_BUNDLED_PLUGINS="", TZ="UTC")
    jrnl = ["jrnl", "--config-file", config]
    jrnl_import, _ = timed(jrnl + ["--import", "--file", os.path.join(work, "entries.txt")], env, input="y\n")
    kith_import, _ = timed([kith, "import", "jrnl", os.path.join(work, "entries.json")], env)
    jrnl_search = statistics.median(timed(jrnl + ["-contains", "needle"], env)[0] for _ in range(9))
    kith_search = statistics.median(timed([kith, "journal", "search", "needle"], env)[0] for _ in range(9))
    version = subprocess.run(['jrnl', '--version'], capture_output=True, text=True).stdout.split('\n')[0].strip()
    print(f"Peer: {version} against Kith, {count} entries")
    print(f"  import: jrnl {jrnl_import:.2f} s, kith {kith_import:.2f} s: kith/jrnl {kith_import / jrnl_import:.2f}x")
    print(f"  search for a word: jrnl {jrnl_search * 1e3:.0f} ms, kith {kith_search * 1e3:.0f} ms: kith/jrnl {kith_search / jrnl_search:.2f}x")


if __name__ == "__main__":
    main()
