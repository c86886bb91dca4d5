#!/usr/bin/env python3
"""`ringlog serve` against librdkafka's mock cluster, the same librdkafka client on both sides.

Runs `ringlog bench --driver kafka` in interleaved pairs (mock cluster in process, then
`ringlog serve` as a separate process on loopback, the order alternating per pair) for two
workloads: one producer → one consumer at full speed (100 B), and the same at 50,000 msg/s
offered (end-to-end latency). Per run it records the consumed rate and the end-to-end p99 from
the OMB result, the client's CPU seconds (the bench process: for the mock this includes the
in-process broker) and the server's (from /proc/PID/stat), and the server's resident memory
after every run, so its growth with messages sent shows. Writes DIR/README.md, data.json and
the OMB results in DIR/runs/.

Needs a release build with the Kafka trait (librdkafka-dev):
    swift build -c release --traits Kafka --scratch-path .build-kafka-release
Usage: scripts/serve-vs-mock.py [--pairs N] [--duration S] [--binary PATH] [--out DIR]
"""
import argparse, datetime, json, os, platform, resource, signal, socket, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def proc_rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=int, default=5)
    ap.add_argument("--duration", type=float, default=5)
    ap.add_argument("--warmup", type=float, default=4, help="seconds; covers the group join (about 3 s on both)")
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build-kafka-release", "release", "ringlog"))
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    if args.pairs < 1 or args.duration <= 0 or args.warmup < 0:
        sys.exit("error: --pairs must be positive, --duration positive, --warmup not negative")
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"error: no ringlog binary at {args.binary}: swift build -c release --traits Kafka --scratch-path .build-kafka-release")
    out = args.out or os.path.join(ROOT, "results", f"serve-vs-mock-{socket.gethostname()}-{datetime.date.today().isoformat()}")
    os.makedirs(os.path.join(out, "runs"), exist_ok=True)
    base = open(os.path.join(ROOT, "workloads", "1p1c-max-rate-100b.yaml")).read()
    workloads = {"max-rate": os.path.join(out, "1p1c-max-rate-100b.yaml"), "50k": os.path.join(out, "1p1c-50k-per-s-100b.yaml")}
    open(workloads["max-rate"], "w").write(base)
    open(workloads["50k"], "w").write(base.replace("name: 1p1c-max-rate-100b", "name: 1p1c-50k-per-s-100b")
                                      .replace("producerRate: 0", "producerRate: 50000"))

    port = free_port()
    server = subprocess.Popen([args.binary, "serve", "--listen", f"127.0.0.1:{port}", "--partitions", "1",
                               "--ring-capacity", str(1 << 24)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    first = server.stdout.readline().strip()
    if server.poll() is not None or "listening" not in first:
        sys.exit(f"error: ringlog serve did not start: {first}")
    rss_start = proc_rss_mib(server.pid)
    runs = []
    try:
        for pair in range(args.pairs):
            for kind in ["max-rate", "50k"]:
                order = ["mock", "serve"] if pair % 2 == 0 else ["serve", "mock"]
                for system in order:
                    name = f"{pair + 1:02d}-{kind}-{system}"
                    cmd = [args.binary, "bench", workloads[kind], "--driver", "kafka", "--duration", str(args.duration),
                           "--warmup", str(args.warmup), "-o", os.path.join(out, "runs", name + ".json")]
                    if system == "serve":
                        cmd += ["--bootstrap-servers", f"127.0.0.1:{port}"]
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    server_before = proc_cpu_seconds(server.pid)
                    started = time.monotonic()
                    r = subprocess.run(cmd, capture_output=True, text=True)
                    wall = time.monotonic() - started
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    if r.returncode != 0:
                        sys.exit(f"error: {name} failed ({r.returncode}):\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
                    omb = json.load(open(os.path.join(out, "runs", name + ".json")))
                    run = {"name": name, "workload": kind, "system": system, "wallSeconds": wall,
                           "consumeRate": omb["ringlog"]["aggregateConsumeRate"],
                           "e2eP99us": omb["aggregatedEndToEndLatency99pct"] * 1000,
                           "e2eP50us": omb["aggregatedEndToEndLatency50pct"] * 1000,
                           "verified": omb["ringlog"]["verified"],
                           "clientCPUSeconds": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
                           "serverCPUSeconds": proc_cpu_seconds(server.pid) - server_before if system == "serve" else 0.0,
                           "serverRSSMiB": proc_rss_mib(server.pid), "sent": omb["ringlog"]["totalSent"]}
                    runs.append(run)
                    print(f"{name}: {run['consumeRate'] / 1e3:8.1f} k msg/s, e2e p99 {run['e2eP99us']:9.1f} µs, client CPU "
                          f"{run['clientCPUSeconds']:.1f} s, server CPU {run['serverCPUSeconds']:.1f} s, server RSS "
                          f"{run['serverRSSMiB']:.0f} MiB, verified {run['verified']}", flush=True)
                    if not run["verified"]:
                        sys.exit(f"error: {name} failed its verification")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()

    def side(kind, system, key):
        return [r[key] for r in runs if r["workload"] == kind and r["system"] == system]

    def ratios(kind, key):
        return [s / m for s, m in zip(side(kind, "serve", key), side(kind, "mock", key))]

    def fmt(v, scale=1, digits=1):
        return f"{statistics.median(v) / scale:.{digits}f} ({min(v) / scale:.{digits}f}-{max(v) / scale:.{digits}f})"

    machine = {"cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown"),
               "cpus": os.cpu_count(), "kernel": platform.release()}
    try:
        build = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    except OSError:
        build = "unknown"
    command = "scripts/serve-vs-mock.py " + " ".join(sys.argv[1:])
    json.dump({"command": command, "machine": machine, "build": build, "runs": runs, "serverRSSAtStartMiB": rss_start},
              open(os.path.join(out, "data.json"), "w"), indent=2)
    sent = sum(r["sent"] for r in runs if r["system"] == "serve")
    lines = [
        "# `ringlog serve` vs librdkafka's mock cluster, one librdkafka client",
        "",
        f"- Command: `{command}`; build {build}; {machine['cpu']}, {machine['cpus']} CPUs, Linux {machine['kernel']}",
        "- `ringlog bench --driver kafka` (Debian's librdkafka through the project's Kafka driver, OMB's producer "
        "settings with idempotence, the same against both, one consumer group), interleaved pairs, the order alternating; "
        "the mock cluster runs inside the bench process, `ringlog serve` is a separate process on loopback (1 partition, "
        "16 MiB ring, overwrite retention).",
        f"- {args.pairs} pairs per workload, {args.duration} s measured after {args.warmup} s of warm-up; every run verified "
        "(no loss, no duplicate, per-partition order).",
        "- CPU: the bench process's user + system seconds per run (for the mock, the broker too) and the server's.",
        "",
        "| workload | figure | mock cluster | ringlog serve | serve / mock (median of pairs, min-max) |",
        "|---|---|---:|---:|---:|",
        f"| 1P1C max rate, 100 B | consumed k msg/s | {fmt(side('max-rate', 'mock', 'consumeRate'), 1e3)} | "
        f"{fmt(side('max-rate', 'serve', 'consumeRate'), 1e3)} | {fmt(ratios('max-rate', 'consumeRate'), digits=2)} |",
        f"| 1P1C max rate, 100 B | client CPU s / server CPU s | {fmt(side('max-rate', 'mock', 'clientCPUSeconds'))} / – | "
        f"{fmt(side('max-rate', 'serve', 'clientCPUSeconds'))} / {fmt(side('max-rate', 'serve', 'serverCPUSeconds'))} | |",
        f"| 50,000 msg/s offered | e2e p99 µs | {fmt(side('50k', 'mock', 'e2eP99us'))} | {fmt(side('50k', 'serve', 'e2eP99us'))} | "
        f"{fmt(ratios('50k', 'e2eP99us'), digits=2)} |",
        f"| 50,000 msg/s offered | e2e p50 µs | {fmt(side('50k', 'mock', 'e2eP50us'))} | {fmt(side('50k', 'serve', 'e2eP50us'))} | |",
        "",
        f"Server resident memory: {rss_start:.0f} MiB at start; after each run "
        + ", ".join(f"{r['serverRSSMiB']:.0f}" for r in runs if r["system"] == "serve")
        + f" MiB ({sent:,} messages sent to it in all).",
    ]
    open(os.path.join(out, "README.md"), "w").write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
