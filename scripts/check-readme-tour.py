#!/usr/bin/env python3
"""Fails when README.md's API tour differs from the code compiled by ReadmeTourTests.swift."""
import os, re, sys, textwrap

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
test = open(os.path.join(root, "Tests/RingLogTests/ReadmeTourTests.swift")).read()
m = re.search(r"// README-TOUR-BEGIN\n(.*?)\n[ \t]*// README-TOUR-END", test, re.S)
readme = open(os.path.join(root, "README.md")).read()
r = re.search(r"<!-- tour:begin -->\n```swift\n(.*?)\n```\n<!-- tour:end -->", readme, re.S)
if not m or not r:
    sys.exit("error: tour markers missing in README.md or ReadmeTourTests.swift")
compiled = textwrap.dedent(m.group(1)).strip()
shown = r.group(1).strip()
body = "\n".join(l for l in shown.splitlines() if l.strip() not in ("import RingLog", ""))
if body != "\n".join(l for l in compiled.splitlines() if l.strip()):
    sys.exit("error: README.md's API tour differs from Tests/RingLogTests/ReadmeTourTests.swift")
print("README API tour matches the compiled test")
