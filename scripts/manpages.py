#!/usr/bin/env python3
"""Writes a man page (section 1) for kith and for each of its subcommands, from the
command tree swift-argument-parser describes (`kith --experimental-dump-help`), so the pages
never drift from the code. Usage: manpages.py KITH_BINARY OUTPUT_DIR"""
import json
import subprocess
import sys
from pathlib import Path


def roff(text):
    """Text safe inside a roff line: backslashes doubled, leading dots and quotes escaped."""
    text = (text or "").replace("\\", "\\\\").replace("-", "\\-")
    return "\n".join(("\\&" + line) if line.startswith((".", "'")) else line for line in text.splitlines())


def flag_names(arg):
    names = []
    for n in arg.get("names", []):
        names.append(("-" if n["kind"] == "short" else "--") + n["name"])
    return ", ".join(names)


def page(command, path):
    name = " ".join(path)
    lines = [f'.TH "{"-".join(path).upper()}" 1 "" "Kith" "Kith manual"', ".SH NAME",
             f"{roff(name)} \\- {roff(command.get('abstract', ''))}", ".SH SYNOPSIS", f".B {roff(name)}"]
    subs = [s for s in command.get("subcommands", []) if s.get("shouldDisplay", True)]
    if subs:
        lines.append("\\fISUBCOMMAND\\fR")
    if command.get("discussion"):
        lines += [".SH DESCRIPTION", roff(command["discussion"])]
    args = [a for a in command.get("arguments", []) if a.get("shouldDisplay", True)]
    if args:
        lines.append(".SH OPTIONS")
        for a in args:
            label = flag_names(a) if a.get("names") else "<" + a.get("valueName", "value") + ">"
            if a.get("kind") == "option":
                label += " <" + a.get("valueName", "value") + ">"
            lines += [".TP", f"\\fB{roff(label)}\\fR", roff(a.get("abstract", ""))]
    if subs:
        lines.append(".SH SUBCOMMANDS")
        for s in subs:
            lines += [".TP", f"\\fB{roff(s['commandName'])}\\fR", roff(s.get("abstract", "")),
                      f"See \\fB{'-'.join(path + [s['commandName']])}\\fR(1)."]
    lines += [".SH SEE ALSO", "The documentation in the docs/ folder of Kith's source."]
    return "\n".join(lines) + "\n"


def walk(command, path, out):
    (out / ("-".join(path) + ".1")).write_text(page(command, path), encoding="utf-8")
    count = 1
    for s in command.get("subcommands", []):
        if s.get("shouldDisplay", True) and s["commandName"] != "help":
            count += walk(s, path + [s["commandName"]], out)
    return count


def main():
    binary, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    tree = json.loads(subprocess.run([binary, "--experimental-dump-help"], check=True, capture_output=True, text=True).stdout)
    print(walk(tree["command"], ["kith"], out))


if __name__ == "__main__":
    main()
