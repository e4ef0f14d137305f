#!/usr/bin/env python3
"""Counts, in a PNG screenshot, the pixels close to each given colour, and how many distinct
colours it has: enough to tell a rendered chart from a blank page. Used by Kith's tests after
headless Chromium has screenshotted an HTML report.

usage: screenshot_check.py FILE.png '#2a6f97' '#e07a5f' ...
"""
import json
import sys

from PIL import Image


def main():
    image = Image.open(sys.argv[1]).convert("RGB")
    targets = [tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in sys.argv[2:]]
    counts = [0] * len(targets)
    colours = set()
    for pixel in image.getdata():
        colours.add(pixel)
        for n, t in enumerate(targets):
            if all(abs(pixel[i] - t[i]) <= 24 for i in range(3)):
                counts[n] += 1
    json.dump({"width": image.width, "height": image.height, "distinct": len(colours),
               "matches": dict(zip(sys.argv[2:], counts))}, sys.stdout)


if __name__ == "__main__":
    main()
