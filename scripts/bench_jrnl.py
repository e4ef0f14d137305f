#!/usr/bin/env python3
"""Kith against a peer, side by side in one run: jrnl (the Python journal CLI, from PyPI). The
same 10,000 entries are imported into each (jrnl --import of its text format; kith import jrnl
of jrnl's JSON export format); then, alternating, one entry is added to each (jrnl "TEXT";
kith journal add TEXT) and each is searched for a word with one line per hit on both sides
(jrnl -contains WORD --format short; kith journal search WORD --short). Whole commands, Kith
with its bundled plugins as a default install runs; medians with the spread of 3 imports and
15 adds and searches.

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
    # As a default install runs: Kith with its bundled plugins (found next to the binary).
    env = dict(os.environ, KITH_STORE=os.path.join(work, "kith.sqlite"), TZ="UTC")
    env.pop("KITH_BUNDLED_PLUGINS", None)
    jrnl = ["jrnl", "--config-file", config]
    imports = {"jrnl": [], "kith": []}
    for run in range(3):
        open(os.path.join(work, "journal.txt"), "w").close()
        for suffix in ["", "-wal", "-shm"]:
            if os.path.exists(env["KITH_STORE"] + suffix):
                os.remove(env["KITH_STORE"] + suffix)
        timed([kith, "init"], env)  # not timed: a new store, as a person has before importing
        imports["jrnl"].append(timed(jrnl + ["--import", "--file", os.path.join(work, "entries.txt")], env, input="y\n")[0])
        imports["kith"].append(timed([kith, "import", "jrnl", os.path.join(work, "entries.json")], env)[0])
    adds, searches = {"jrnl": [], "kith": []}, {"jrnl": [], "kith": []}
    outputs = {}
    for i in range(15):
        adds["jrnl"].append(timed(jrnl + [f"Added entry {i}: a walk after work."], env)[0])
        adds["kith"].append(timed([kith, "journal", "add", f"Added entry {i}: a walk after work."], env)[0])
        seconds, outputs["jrnl"] = timed(jrnl + ["-contains", "needle", "--format", "short"], env)
        searches["jrnl"].append(seconds)
        seconds, outputs["kith"] = timed([kith, "journal", "search", "needle", "--short"], env)
        searches["kith"].append(seconds)
    lines = {name: len(text.strip().splitlines()) for name, text in outputs.items()}
    if lines["jrnl"] != lines["kith"]:
        sys.exit(f"the searches printed {lines['jrnl']} and {lines['kith']} lines: not the same output")
    version = subprocess.run(['jrnl', '--version'], capture_output=True, text=True).stdout.split('\n')[0].strip()
    print(f"Peer: {version} against Kith (bundled plugins on), {count} entries, side by side")

    def row(label, pair, scale, unit):
        k, j = statistics.median(pair["kith"]), statistics.median(pair["jrnl"])
        spread = lambda xs: f"{min(xs) * scale:.0f}-{max(xs) * scale:.0f}"
        print(f"  {label}: kith {k * scale:.0f} {unit} ({spread(pair['kith'])}, {len(pair['kith'])} runs), "
              f"jrnl {j * scale:.0f} {unit} ({spread(pair['jrnl'])}): kith/jrnl {k / j:.2f}x")
    row(f"import of {count} entries", imports, 1e3, "ms")
    row(f"adding one entry to a journal of {count}", adds, 1e3, "ms")
    row(f"search for a word, one line per hit ({lines['kith']} lines each)", searches, 1e3, "ms")


if __name__ == "__main__":
    main()
