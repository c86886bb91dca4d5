#!/usr/bin/env python3
"""The module graph, read from Package.swift (`swift package dump-package`), by layer.

Prints one line per target: its layer, its name, the package targets it depends on. Exits 1
when an arrow points up or sideways (a target depending on one in its own or a higher layer),
or when a target has no layer here. With --check FILE..., also exits 1 when a file's block between `<!-- module-graph -->` markers
differs from what it prints (README.md, the RingLog DocC overview).
"""
import json, subprocess, sys

# The layers, bottom to top (the rule: CLI -> experiments/report -> bench core -> engine/queue
# -> platform -> C shims; real-system drivers beside the report, each above the bench core; the
# Kafka wire codec beside the engine, which it does not know; the Kafka-protocol server's logic,
# RingLogServer, beside the bench core, above the codec).
LAYERS = [
    ("C", ["_RingLogCShims", "CHiredis", "CRdKafka", "CNats", "CRabbitMQ"]),
    ("platform", ["RingLogPlatform"]),
    ("engine, queue", ["RingLog", "RingLogQueue", "RingLogKafkaWire"]),
    ("bench core", ["RingLogBench", "RingLogThroughput", "RingLogServer"]),
    ("drivers, report", ["RingLogRedisDriver", "RingLogKafkaDriver", "RingLogNATSDriver", "RingLogRabbitMQDriver", "RingLogReport"]),
    ("experiments", ["RingLogExperiments"]),
    ("CLI", ["ringlog"]),
]

def main():
    package = json.loads(subprocess.run(["swift", "package", "dump-package"], capture_output=True, text=True, check=True).stdout)
    rank = {name: i for i, (_, names) in enumerate(LAYERS) for name in names}
    lines, errors = [], []
    targets = [t for t in package["targets"] if t["type"] != "test"]
    for t in targets:
        if t["name"] not in rank:
            errors.append(f"{t['name']}: no layer in scripts/module-graph.py")
    for layer, (label, names) in reversed(list(enumerate(LAYERS))):
        for name in names:
            t = next((t for t in targets if t["name"] == name), None)
            if t is None:
                continue
            deps = []
            for d in t.get("dependencies", []):
                kind, value = next(iter(d.items()))
                if kind in ("byName", "target"):
                    dep = value[0]
                    deps.append(dep)
                    if rank.get(dep, 99) >= layer:
                        errors.append(f"{name} ({label}) -> {dep}: points up or sideways")
            lines.append(f"{label:<16} {name:<22} -> {', '.join(deps) if deps else '(nothing)'}")
    text = "\n".join(lines)
    print(text)
    if len(sys.argv) >= 3 and sys.argv[1] == "--check":
        for path in sys.argv[2:]:
            doc = open(path).read()
            start, end = "<!-- module-graph -->\n```\n", "\n```\n<!-- /module-graph -->"
            if start not in doc or end not in doc:
                errors.append(f"{path}: no module-graph block")
            elif doc.split(start, 1)[1].split(end, 1)[0] != text:
                errors.append(f"{path}: the module graph block is out of date (run scripts/module-graph.py)")
    for e in errors:
        print("error:", e, file=sys.stderr)
    sys.exit(1 if errors else 0)

main()
