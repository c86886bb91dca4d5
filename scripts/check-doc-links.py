#!/usr/bin/env python3
"""Fails when README.md, results/README.md or a DocC article names a repository path that does
not exist: Markdown links to local files, and `results/...` paths in code spans.

usage: scripts/check-doc-links.py
"""
import glob, os, re, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
docs = ["README.md", "results/README.md"] + sorted(
    os.path.relpath(p, root) for p in glob.glob(os.path.join(root, "Sources/*/*.docc/*.md")))
bad, checked = [], 0
for doc in docs:
    text = open(os.path.join(root, doc), encoding="utf-8").read()
    base = os.path.dirname(os.path.join(root, doc))
    targets = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):            # [text](target)
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue                                              # URLs, anchors
        targets.append(os.path.join(base, target.split("#")[0]))
    for path in re.findall(r"`(results/[^`\s]*)`", text):          # `results/...` from the repo root
        if any(c in path for c in "<>*") or re.search(r"HOST|DATE|NAME|DIR|…", path):
            continue                                              # placeholders
        targets.append(os.path.join(root, path))
    for t in targets:
        checked += 1
        if not os.path.exists(t):
            bad.append(f"{doc}: {os.path.relpath(t, root)}")
if bad:
    sys.exit("error: missing link targets:\n  " + "\n  ".join(bad))
print(f"{checked} local links in {len(docs)} documents: all exist")
