#!/usr/bin/env python3
"""RingLog's partition log vs a hand-written C SPSC ring, measured side by side.

Builds scripts/c-ring/spsc_ring.c with -O3 (baseline x86-64, the target swiftc uses) and the
`ringlog` release binary, then runs them as interleaved pairs (C then Swift, Swift then C on
alternate repeats) for each batch size, so both see the same host conditions. Reports, per batch
size, the median/min/max messages per second of each, and the median of the per-pair ratios
(Swift / C): on a host whose vCPUs move around, the paired ratio is the stable figure.

Both rings get the same capacity in bytes, swept over --ring-bytes: how the ring size compares
with the private caches changes both sides a lot (a ring near L2 size keeps last lap's lines in
the other core's cache, so rewriting them costs cross-core invalidations).

With --layouts, the same run also measures the C ring with per-message metadata laid out in
other ways (scripts/c-ring/layouts.c: `inline:16` is RingLog's frame layout for such records, 16
header bytes before each value, without RingLog's 64-byte alignment of each batch, and
`aligned:16` with it; `inline:40` its first layout; `side:M` and `batch:M` keep M
metadata bytes per message apart from the
values, written per message or per batch). Each is reported as a ratio to the plain C ring of the
same pair, which separates what a layout costs from what the language and the engine cost.

Usage: scripts/compare-c-ring.py [--repeats N] [--messages N] [--batches 1,8,64,256]
                                 [--ring-bytes 1048576,4194304,16777216] [--pin] [--readers each,batch]
                                 [--layouts inline:16,aligned:16,side:16,batch:16]
                                 [--out results/DIR] [--skip-build]
"""
import argparse, datetime, json, os, platform, socket, statistics, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw).stdout


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--messages", type=int, default=20_000_000)
    ap.add_argument("--batches", default="1,8,64,256")
    ap.add_argument("--ring-bytes", default="1048576,4194304,16777216",
                    help="ring capacities in bytes, powers of two, both rings alike")
    ap.add_argument("--pin", action="store_true", help="pin producer to CPU 0, consumer to CPU 1")
    ap.add_argument("--layouts", default="",
                    help="comma-separated C ring layouts to measure as well (see scripts/c-ring/layouts.c)")
    ap.add_argument("--readers", default="each",
                    help="comma-separated consumer APIs of this build (`ringlog throughput --reader`): the first is "
                         "the RingLog column, the others extra columns in the same pairs (each: pollEach, one pass; "
                         "batch: poll + a for loop over the batch)")
    ap.add_argument("--also", default="",
                    help="comma-separated NAME=PATH of other ringlog binaries (e.g. an older build) measured in the "
                         "same pairs, each reported as a ratio to the C ring")
    ap.add_argument("--yardstick", default=os.path.join(os.path.dirname(ROOT), "shared", "yardsticks", "spsc.c"),
                    help="the shared yardstick C ring (spsc.c), built from there and measured in the same pairs as a "
                         "second C column; RingLog's ratio is then also taken against the faster of the two C rings "
                         "in each pair ('' to leave it out)")
    ap.add_argument("--out", default=None, help="output folder (default results/spsc-vs-c-HOST-DATE)")
    ap.add_argument("--skip-build", action="store_true")
    args = ap.parse_args()
    try:
        batches = [int(b) for b in args.batches.split(",")]
        sizes = [int(b) for b in args.ring_bytes.split(",")]
    except ValueError as e:
        sys.exit(f"error: --batches and --ring-bytes take comma-separated integers ({e})")
    if args.repeats < 1 or args.messages < 1 or any(b < 1 for b in batches):
        sys.exit("error: --repeats, --messages and every batch must be positive")
    if any(z < 4096 or z & (z - 1) for z in sizes):
        sys.exit("error: every --ring-bytes value must be a power of two >= 4096")
    layouts = [l for l in args.layouts.split(",") if l]
    readers = [r for r in args.readers.split(",") if r]
    if not readers or any(r not in ("each", "batch") for r in readers):
        sys.exit(f"error: bad --readers '{args.readers}': want a comma-separated list of each, batch")
    others = []
    for item in [a for a in args.also.split(",") if a]:
        name, _, path = item.partition("=")
        if not name or not path or not os.access(path, os.X_OK):
            sys.exit(f"error: bad --also entry '{item}': want NAME=PATH of an executable ringlog binary")
        others.append((name, path))
    for l in layouts:
        kind, _, m = l.partition(":")
        if kind not in ("inline", "aligned", "side", "batch") or not m.isdigit() or int(m) % 8 or not 8 <= int(m) <= 256:
            sys.exit(f"error: bad layout '{l}': want inline:M, aligned:M, side:M or batch:M with M a multiple of 8 in 8...256")

    c_bin = os.path.join(ROOT, ".build", "spsc_ring")
    swift_bin = os.path.join(ROOT, ".build", "release", "ringlog")
    c_cmd = ["cc", "-O3", "-pthread", "-o", c_bin, os.path.join(ROOT, "scripts", "c-ring", "spsc_ring.c")]
    lab_bin = os.path.join(ROOT, ".build", "c-ring-layouts")
    lab_cmd = ["cc", "-O3", "-pthread", "-o", lab_bin, os.path.join(ROOT, "scripts", "c-ring", "layouts.c")]
    ys_bin = os.path.join(ROOT, ".build", "yardstick-spsc")
    ys_cmd = ["cc", "-O3", "-pthread", "-o", ys_bin, args.yardstick] if args.yardstick else None
    if ys_cmd and not os.path.exists(args.yardstick):
        sys.exit(f"error: the yardstick {args.yardstick} does not exist (give --yardstick PATH, or --yardstick '' to leave it out)")
    if not args.skip_build:
        os.makedirs(os.path.dirname(c_bin), exist_ok=True)
        print("building:", " ".join(c_cmd), flush=True)
        sh(c_cmd)
        if ys_cmd:
            print("building:", " ".join(ys_cmd), flush=True)
            sh(ys_cmd)
        if layouts:
            print("building:", " ".join(lab_cmd), flush=True)
            sh(lab_cmd)
        print("building: swift build -c release --product ringlog", flush=True)
        subprocess.run(["swift", "build", "-c", "release", "--product", "ringlog"], cwd=ROOT, check=True)

    def run_c(batch, size):
        out = sh([c_bin, str(batch), str(args.messages), "pin" if args.pin else "nopin", str(size)])
        return json.loads(out)

    def run_yardstick(batch, size):
        # One repetition per call (REPS=1), 64-byte messages, as many slots as the ring has bytes / 64;
        # it pins its producer to CPU 0 and its consumer to CPU 1 itself and verifies its checksum.
        out = sh([ys_bin, "64", str(batch), str(size // 64), str(args.messages)], env={**os.environ, "REPS": "1"})
        line = next(l for l in out.splitlines() if l.startswith("RESULT|") and "|Mmsg/s|" in l)
        return {"msgsPerSecond": float(line.split("|")[4]) * 1e6, "verified": True}

    def run_ringlog(binary, extra=()):
        def run(batch, size):
            cmd = [binary, "throughput", "--batch", str(batch), "--messages", str(args.messages),
                   "--capacity", str(size), *extra]
            if args.pin:
                cmd.append("--pin")
            return json.loads(sh(cmd).strip().splitlines()[-1])
        return run
    run_swift = run_ringlog(swift_bin, ["--reader", readers[0]])

    def run_layout(layout):
        def run(batch, size):
            cmd = [lab_bin, str(batch), str(args.messages), "pin" if args.pin else "nopin", str(size), layout]
            return json.loads(sh(cmd))
        return run

    keys = [(z, b) for z in sizes for b in batches]
    names = (["c", "swift"] + (["c yardstick"] if ys_cmd else []) + [f"ringlog reader={r}" for r in readers[1:]]
             + [f"c {l}" for l in layouts] + [f"ringlog {n}" for n, _ in others])
    runs = {k: {**{n: [] for n in names}, "ratio": [], **{f"{n} ratio": [] for n in names[2:]},
                **({"vs faster C": []} if ys_cmd else {})} for k in keys}
    for rep in range(args.repeats):
        for (z, b) in keys:
            order = ([("c", run_c), ("swift", run_swift)] + ([("c yardstick", run_yardstick)] if ys_cmd else [])
                     + [(f"ringlog reader={r}", run_ringlog(swift_bin, ["--reader", r])) for r in readers[1:]]
                     + [(f"c {l}", run_layout(l)) for l in layouts]
                     + [(f"ringlog {n}", run_ringlog(path)) for n, path in others])
            if rep % 2:
                order.reverse()
            pair = {}
            for name, fn in order:
                r = fn(b, z)
                if not r.get("verified"):
                    sys.exit(f"error: {name} run at batch {b}, ring {z} failed its checksum: {r}")
                pair[name] = r["msgsPerSecond"]
                runs[(z, b)][name].append(r["msgsPerSecond"])
            runs[(z, b)]["ratio"].append(pair["swift"] / pair["c"])
            if ys_cmd:
                runs[(z, b)]["vs faster C"].append(pair["swift"] / max(pair["c"], pair["c yardstick"]))
            for n in names[2:]:
                runs[(z, b)][f"{n} ratio"].append(pair[n] / pair["c"])
            extra = "".join(f"   {n} {pair[n] / pair['c']:.2f}" for n in names[2:])
            if ys_cmd:
                extra += f"   RingLog / faster C {pair['swift'] / max(pair['c'], pair['c yardstick']):.2f}"
            print(f"repeat {rep + 1}/{args.repeats} ring {z >> 10:>6} KiB batch {b:>3}: C {pair['c'] / 1e6:7.1f} M/s   "
                  f"RingLog {pair['swift'] / 1e6:7.1f} M/s   ratio {pair['swift'] / pair['c']:.2f}{extra}", flush=True)

    host = socket.gethostname()
    today = datetime.date.today().isoformat()
    out = args.out or os.path.join(ROOT, "results", f"spsc-vs-c-{host}-{today}")
    os.makedirs(out, exist_ok=True)
    try:
        build = sh(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"]).strip()
        if sh(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"]).strip():
            build += " with uncommitted changes"
    except (subprocess.CalledProcessError, OSError):
        build = "unknown (not a git checkout)"
    machine = {"host": host, "cpu": cpu_model(), "cpus": os.cpu_count(), "kernel": platform.release(), "build": build,
               "swift": sh(["swift", "--version"]).splitlines()[0],
               "cc": sh(["cc", "--version"]).splitlines()[0]}
    summary = {}
    for k in keys:
        summary[f"{k[0]}/{k[1]}"] = {m: {"median": statistics.median(v), "min": min(v), "max": max(v)}
                                     for m, v in runs[k].items()}
    command = "scripts/compare-c-ring.py " + " ".join(sys.argv[1:])
    doc = {"command": command, "date": today, "machine": machine, "messagesPerRun": args.messages,
           "repeats": args.repeats, "pinned": args.pin, "c_build": " ".join(c_cmd[:3]),
           "summary": summary, "runs": {f"{k[0]}/{k[1]}": v for k, v in runs.items()}}
    with open(os.path.join(out, "spsc-vs-c.json"), "w") as f:
        json.dump(doc, f, indent=2)
    lines = [
        "# RingLog partition log vs a hand-written C SPSC ring",
        "",
        f"- Command: `{command}`",
        f"- Date: {today}; machine: {machine['cpu']}, {machine['cpus']} CPUs, Linux {machine['kernel']}",
        f"- {machine['swift']}; {machine['cc']} (`-O3`, baseline x86-64); RingLog build: {machine['build']}",
        f"- One producer thread, one consumer thread, {args.messages:,} messages of 64 bytes per run, "
        f"{args.repeats} interleaved pairs per batch size, {'pinned to CPUs 0/1' if args.pin else 'unpinned'}.",
        "- Both rings get the same capacity in bytes (column 1).",
        "- RingLog: single-producer partition, block retention, full record framing "
        "(a 16-byte batch header with the base offset and timestamp, then per record an 8-byte header: "
        "length and flags, timestamp delta; every batch starts on a 64-byte boundary). "
        "Batch 1 appends with `PartitionLog.append(valueCapacity:)` (one record per call), larger batches "
        f"with `appendBatch` and one `append(count:valueCapacity:timestamp:writeValue:)` call; the consumer reads a registered reader with `{'pollEach' if readers[0] == 'each' else 'poll'}`"
        f"{' (one pass over the frames)' if readers[0] == 'each' else ' and a for loop over each batch'}.",
        "- C ring: 64-byte slots, cached indices, 128-byte padded counters.",
    ] + ([f"- `c yardstick`: the shared yardstick ring (`{os.path.relpath(args.yardstick, ROOT)}`, built with `{' '.join(ys_cmd[:3])}`), "
          "one repetition per run (REPS=1), 64-byte messages, as many slots as the ring's bytes / 64, producer on CPU 0 and consumer "
          "on CPU 1 (it pins itself); its column is its ratio to `scripts/c-ring`'s C ring, and `RingLog / faster C` is RingLog's "
          "ratio to whichever C ring was faster in that pair."] if ys_cmd else []) + [
        "- Both consumers fold all 8 words of every value into a checksum that is verified.",
    ] + ([f"- Other consumer APIs of this build in the same pairs: " + ", ".join(
        f"`ringlog reader={r}` ({'pollEach' if r == 'each' else 'poll + for loop'})" for r in readers[1:])] if readers[1:] else []) + (
        [f"- Other RingLog builds in the same pairs: " + ", ".join(f"`{n}` = {p}" for n, p in others)] if others else []) + ([f"- C layout columns (scripts/c-ring/layouts.c, the same C ring with M metadata bytes per message): "
          "`inline:M` M header bytes before each value in one ring (RingLog's frames at M = 16, without its 64-byte batch alignment; its first format at M = 40); "
          "`aligned:M` the same with every batch starting on a 64-byte boundary (RingLog's layout at M = 16); "
          "`side:M` in a separate array, written per message; `batch:M` in a separate array, written "
          "in one burst per batch. Ratio to the plain C ring of the same pair."] if layouts else []) + [
        "",
        "| ring | batch | C ring M msg/s median (min-max) | RingLog M msg/s median (min-max) | RingLog / C, median of pairs (min-max) |"
        + "".join(f" {n} / C |" for n in names[2:]) + (" RingLog / faster C |" if ys_cmd else ""),
        "|---:|---:|---:|---:|---:|" + "---:|" * (len(names) - 2) + ("---:|" if ys_cmd else ""),
    ]
    for (z, b) in keys:
        s = summary[f"{z}/{b}"]
        f = lambda k: f"{s[k]['median'] / 1e6:.1f} ({s[k]['min'] / 1e6:.1f}-{s[k]['max'] / 1e6:.1f})"
        lines.append(f"| {z >> 10} KiB | {b} | {f('c')} | {f('swift')} | {s['ratio']['median']:.2f} "
                     f"({s['ratio']['min']:.2f}-{s['ratio']['max']:.2f}) |"
                     + "".join(f" {s[n + ' ratio']['median']:.2f} ({s[n + ' ratio']['min']:.2f}-{s[n + ' ratio']['max']:.2f}) |"
                               for n in names[2:])
                     + (f" {s['vs faster C']['median']:.2f} ({s['vs faster C']['min']:.2f}-{s['vs faster C']['max']:.2f}) |" if ys_cmd else ""))
    with open(os.path.join(out, "README.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"\nwrote {out}/README.md and spsc-vs-c.json")


if __name__ == "__main__":
    main()
