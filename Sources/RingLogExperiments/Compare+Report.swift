import RingLogBench
import RingLogReport
import Foundation

extension Compare {
    /// Writes summary.json, the SVG charts and report.md into the folder being written.
    func write(_ r: Report) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(r).write(to: URL(fileURLWithPath: folder + "/summary.json"))
        func save(_ name: String, _ svg: String) throws { try svg.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8) }
        let names = ["log": "log (RingLog)", "queue": "lock-free queue", "mutex-queue": "mutex queue"]

        try save("throughput-by-batch.svg", SVGChart.lines(
            title: "1 producer → 1 consumer, 100 B messages", xLabel: "batch size (messages per produce / poll)", yLabel: "msg/s (median, min–max)",
            series: ["log", "queue", "mutex-queue"].map { k in
                SVGChart.Series(name: names[k]!, points: zip(r.batches, r.throughputByBatch[k]!).map { (Double($0), $1.median) },
                                ranges: r.throughputByBatch[k]!.map { ($0.min, $0.max) })
            }, logX: true))
        try save("fanout-delivered.svg", SVGChart.lines(
            title: "Fan-out: messages delivered per second over all K subscriptions", xLabel: "subscriptions K", yLabel: "delivered msg/s",
            series: ["log", "queue"].map { k in
                SVGChart.Series(name: names[k]!, points: zip(r.fanout, r.fanoutDelivered[k]!).map { (Double($0), $1.median) },
                                ranges: r.fanoutDelivered[k]!.map { ($0.min, $0.max) })
            }, logX: true))
        try save("fanout-memory.svg", SVGChart.bars(
            title: "Fan-out: message storage allocated", yLabel: "MiB",
            categories: r.fanout.map { "K=\($0)" },
            series: ["log", "queue"].map { k in (names[k]!, r.fanoutStorageBytes[k]!.map { Double($0) / 1_048_576 }) }))
        try save("slow-consumer-producer-rate.svg", SVGChart.lines(
            title: "Producer rate with one slow subscription (2 µs/msg)", xLabel: "seconds", yLabel: "published msg/s",
            series: ["log-overwrite", "log-block", "queue"].map { k in
                SVGChart.Series(name: k, points: r.slowConsumer[k]!.enumerated().map { (Double($0.offset + 1) * r.slowConsumerWindowSeconds, $0.element) })
            }))
        if let distributions = r.latencyDistributionAt1M {
            try save("latency-1M.svg", SVGChart.percentileDistribution(
                title: "End-to-end latency distribution at 1 M msg/s offered",
                series: ["log", "queue", "mutex-queue"].compactMap { k in distributions[k].map { (names[k]!, $0) } }))
        }
        try report(r).write(toFile: folder + "/report.md", atomically: true, encoding: .utf8)
    }

    func realSystemsSection(_ r: Report, logT: Spread) -> String {
        guard systems else { return "" }
        var s = "## 7. Real systems\n\nRedis, NATS and RabbitMQ run as servers over loopback (RabbitMQ is the real queue: a fanout exchange with one queue per subscription); the Kafka mock cluster runs inside this process but speaks the Kafka protocol over loopback sockets, and so does `ringlog serve` (RingLog's partition logs behind the Kafka protocol), reached by the same librdkafka driver; RingLog's log and queues run in process. The Kafka mock keeps only ~5 MiB per partition, so its producers are paced to keep consumers within reach, and its group join (~3 s) falls in the warm-up.\n\n"
        if r.realSystems.isEmpty { s += "None ran.\n" }
        let rows = r.realSystems.sorted { $0.value["consume1p1c"]! > $1.value["consume1p1c"]! }
        if !rows.isEmpty {
            s += "| system | 1P1C published / consumed msg/s | fan-out 4: delivered msg/s | e2e p50 / p99 µs at 10 k msg/s | publish p99 µs at 10 k msg/s | late subscriber got (of sent), first message after, replay msg/s | keyed order, 2 competing consumers: inversions / received |\n|---|---|---|---|---|---|---|\n"
            s += "| RingLog log (in process, for scale) | – / \(SVGChart.format(logT.median)) | see §2 | see §1 (at 1 M msg/s) | – | see §3 | see §6 |\n"
        }
        for (name, m) in rows {
            let replay: String
            if let late = m["replayLate"], let sent = m["replaySent"] {
                let firstAfter = m["replayFirstSeconds"]! < 0 ? "nothing arrived" : String(format: "%.2f s", m["replayFirstSeconds"]!)
                replay = "\(Int(late)) of \(Int(sent)), \(firstAfter)" + (m["replayRate"]! > 0 ? ", \(SVGChart.format(m["replayRate"]!))" : "")
            } else { replay = "–" }
            let keyed = m["keyedInversions"].map { "\(Int($0)) / \(Int(m["keyedReceived"]!))" + (m["keyedConsumersUsed"].map { $0 < 2 ? " (only \(Int($0)) consumer got messages)" : "" } ?? "") } ?? "not run"
            s += "| \(name) | \(SVGChart.format(m["publish1p1c"]!)) / \(SVGChart.format(m["consume1p1c"]!)) | \(SVGChart.format(m["fanout4Delivered"]!)) | "
                + String(format: "%.0f / %.0f", m["p50us10k"]!, m["p99us10k"]!) + " | " + (m["publishP99us10k"].map { String(format: "%.0f", $0) } ?? "–")
                + " | \(replay) | \(keyed) |\n"
        }
        if !rows.isEmpty {
            s += "\nThe seed's throughput row, measured (consumed msg/s at 1P1C, batch 64): RingLog's log in process \(SVGChart.format(logT.median)) vs "
                + rows.map { "\($0.key) \(SVGChart.format($0.value["consume1p1c"]!)) (\(String(format: "%.0f", logT.median / max($0.value["consume1p1c"]!, 1)))× fewer)" }.joined(separator: ", ") + ".\n\n"
            s += "How each system's late subscriber attaches (the replay column), and what did not run:\n\n"
            for (name, notes) in r.realSystemsNotes.sorted(by: { $0.key < $1.key }) {
                s += "- \(name): " + notes.joined(separator: "; ") + "\n"
            }
            s += "\nKeyed order: 16 keys round-robin, 4 partitions where the system has them, two consumers in one subscription. A Kafka-style log assigns each partition to one consumer, so a key's messages stay in order; systems whose consumers compete for single messages (one stream or queue per subscription) interleave them: an inversion is a message processed after a later message of its key.\n\n"
        }
        for skip in r.realSystemsSkipped { s += "Not run: \(skip)\n" }
        return s + "\n"
    }

    func report(_ r: Report) -> String {
        func f(_ v: Double) -> String { SVGChart.format(v) }
        func spread(_ s: Spread) -> String { "\(f(s.median)) (\(f(s.min))–\(f(s.max)))" }
        let b64 = r.batches.firstIndex(of: 64) ?? r.batches.count - 1
        let logT = r.throughputByBatch["log"]![b64], queueT = r.throughputByBatch["queue"]![b64], mutexT = r.throughputByBatch["mutex-queue"]![b64]
        let k4 = r.fanout.firstIndex(of: 4)!
        let logK4 = r.fanoutDelivered["log"]![k4].median, queueK4 = r.fanoutDelivered["queue"]![k4].median
        let slowLost = r.slowConsumerLost["log-overwrite"] ?? [0, 0]
        let avg = { (v: [Double]) -> Double in v.isEmpty ? 0 : v.reduce(0, +) / Double(v.count) }
        let logIdle = r.competingConsumers["log"]!.filter { $0 == 0 }.count
        let queueIdle = r.competingConsumers["queue"]!.filter { $0 == 0 }.count
        let keyedLog = r.keyedOrder["log"]!, keyedQueue = r.keyedOrder["queue"]!
        let maxRateLog = r.maxRate16Partitions["log"]!
        let lat = r.latencyAt1M["log"]!
        var s = """
        # RingLog compare: Kafka-style log vs queue, measured

        Machine: \(r.machine.cpuModel), \(r.machine.logicalCPUs) logical CPUs\(r.machine.availableCPUs.map { $0 == r.machine.logicalCPUs ? "" : " (\($0) usable by the process)" } ?? ""), \(r.machine.numaNodes) NUMA node(s), kernel \(r.machine.kernel).
        Mode: \(r.full ? "--full" : "default (short runs)"); throughputs are medians of \(r.full ? 5 : 3) interleaved repeats with (min–max)
        (in the default mode the fan-out points other than K = 4 are single runs). This host moves its vCPUs, so
        single runs swing 2–10×: compare medians, and only within one report.
        Every run verified itself (order per partition for the log, no loss, no duplicate, payload CRC32C): \(r.allVerified ? "**all verified**" : "**NOT all verified**: \(r.unverified.joined(separator: ", "))").
        The OMB result file of every run is in `runs/`; the numbers below are in `summary.json`.

        ## The seed's table, measured on this machine

        | Feature | Log (RingLog, Kafka semantics) | Queue (RabbitMQ/SQS semantics) |
        |---|---|---|
        | Model | Partitioned log; records have dense offsets; consumers keep positions | Delete-on-consume queue; a message goes to one consumer and its slot is freed |
        | Retention | Records stay after consumption: a group joining after \(Int(r.replay["records"]!)) records were consumed read **\(Int(r.replay["logLateGroup"]!))** of them | Gone once consumed: a consumer arriving after the first drained the queue got **\(Int(r.replay["queueLateConsumer"]!))** |
        | Replay | From any offset: the late group replayed at \(f(r.replay["logReplayPerSecond"]!)) msg/s | None (nothing is left to replay) |
        | Throughput (1 producer → 1 consumer, batch \(r.batches[b64]), 100 B) | \(spread(logT)) msg/s | lock-free \(spread(queueT)) msg/s; mutex \(spread(mutexT)) msg/s |
        | Consumer groups / fan-out (K = 4) | One copy, 4 cursors: \(f(logK4)) msg/s delivered, \(f(Double(r.fanoutStorageBytes["log"]![k4]) / 1_048_576)) MiB | 4 copies: \(f(queueK4)) msg/s delivered, \(f(Double(r.fanoutStorageBytes["queue"]![k4]) / 1_048_576)) MiB |
        | Ordering | Within a partition: \(keyedLog[0]) per-key inversions in \(keyedLog[1]) messages (2 consumers, 16 keys) | Not guaranteed: \(keyedQueue[0]) per-key inversions in \(keyedQueue[1]) messages with 2 competing consumers |

        In process, both are in the millions per second: the seed's "millions vs thousands" row compares a
        broker over a network with one process; here both sides are in-process and the gap is what the
        semantics cost, not the transport.

        ## 1. One producer, one consumer

        ![throughput by batch](throughput-by-batch.svg)

        | batch | log msg/s | lock-free queue msg/s | mutex queue msg/s |
        |---|---|---|---|

        """
        for (i, b) in r.batches.enumerated() {
            s += "| \(b) | \(spread(r.throughputByBatch["log"]![i])) | \(spread(r.throughputByBatch["queue"]![i])) | \(spread(r.throughputByBatch["mutex-queue"]![i])) |\n"
        }
        s += """

        Latency at 1 M msg/s offered (open loop, measured from the intended send time; batch = what is due):

        ![latency](latency-1M.svg)

        | driver | e2e p50 µs | p99 µs | p99.9 µs | max µs | publish p99 µs |
        |---|---|---|---|---|---|

        """
        for k in ["log", "queue", "mutex-queue"] {
            let l = r.latencyAt1M[k]!
            s += String(format: "| %@ | %.2f | %.2f | %.2f | %.1f | %.2f |\n", k, l["p50us"]!, l["p99us"]!, l["p999us"]!, l["maxus"]!, l["publishP99us"]!)
        }
        s += """

        OMB's `max-rate-1-topic-16-partitions-100b` shape (1 producer, 16 partitions, 1 consumer, batch 64):
        log \(spread(maxRateLog)) msg/s; lock-free queue \(spread(r.maxRate16Partitions["queue"]!)) msg/s.

        The mutex queue in these runs uses glibc's pthread mutex (ThreadSanitizer understands it). Both
        locks measured, one message per lock acquisition, messages per second:
        1 producer + 1 consumer: pthread \(spread(r.lockOpsPerSecond["pthread-1p1c"]!)), `Synchronization.Mutex` \(spread(r.lockOpsPerSecond["stdlib-1p1c"]!));
        2 producers + 2 consumers: pthread \(spread(r.lockOpsPerSecond["pthread-2p2c"]!)), `Synchronization.Mutex` \(spread(r.lockOpsPerSecond["stdlib-2p2c"]!)).

        ## 2. Fan-out to K subscriptions

        The log writes each message once and K groups read it; the queue copies it into K queues.
        With K + 1 threads on \(r.machine.availableCPUs ?? r.machine.logicalCPUs) usable CPUs the threads yield instead of spinning.

        ![fan-out delivered](fanout-delivered.svg) ![fan-out memory](fanout-memory.svg)

        | K | log delivered msg/s | queue delivered msg/s | log / queue | log storage MiB | queue storage MiB |
        |---|---|---|---|---|---|

        """
        for (i, K) in r.fanout.enumerated() {
            let l = r.fanoutDelivered["log"]![i], q = r.fanoutDelivered["queue"]![i]
            s += "| \(K) | \(spread(l)) | \(spread(q)) | \(String(format: "%.2f", l.median / max(q.median, 1))) | \(f(Double(r.fanoutStorageBytes["log"]![i]) / 1_048_576)) | \(f(Double(r.fanoutStorageBytes["queue"]![i]) / 1_048_576)) |\n"
        }
        if let rings = r.fanout4Rings, let byRing = r.fanout4ByRingDelivered, let bytes = r.fanout4ByRingStorageBytes {
            s += """

            K = 4 by ring size (the log's ring; each queue gets as many slots as that ring holds
            messages; both on 4 KiB pages at the larger size). Writing once matters more when the K
            copies no longer fit in the caches:

            | ring | log delivered msg/s | queue delivered msg/s | log / queue | log storage MiB | queue storage MiB |
            |---|---|---|---|---|---|

            """
            for (i, ring) in rings.enumerated() {
                let l = byRing["log"]![i], q = byRing["queue"]![i]
                s += "| \(ring >> 20) MiB | \(spread(l)) | \(spread(q)) | \(String(format: "%.2f", l.median / max(q.median, 1))) | \(f(Double(bytes["log"]![i]) / 1_048_576)) | \(f(Double(bytes["queue"]![i]) / 1_048_576)) |\n"
            }
        }
        s += """

        ## 3. Replay

        \(Int(r.replay["records"]!)) records were produced and consumed by a first group / consumer. Then a late
        group joined the log with `auto.offset.reset = earliest` and read \(Int(r.replay["logLateGroup"]!)) records
        (\(f(r.replay["logReplayPerSecond"]!)) msg/s); a late consumer on the queue found \(Int(r.replay["queueLateConsumer"]!)).

        ## 4. A slow consumer

        Two subscriptions, one of them spending 2 µs per message. Producer rate over time:

        ![slow consumer](slow-consumer-producer-rate.svg)

        | mode | mean producer msg/s | lost by the fast subscription | lost by the slow subscription |
        |---|---|---|---|

        """
        for k in ["log-overwrite", "log-block", "queue"] {
            let lost = r.slowConsumerLost[k] ?? [0, 0]
            s += "| \(k) | \(f(avg(r.slowConsumer[k]!))) | \(lost.first ?? 0) | \(lost.count > 1 ? lost[1] : 0) |\n"
        }
        s += """

        In overwrite mode the producer keeps its pace and the slow group loses what the ring overwrote
        (\(slowLost.count > 1 ? slowLost[1] : 0) messages; its consumer resets per `auto.offset.reset`). In block mode,
        and on the queue, the producer is held back to the slow consumer's pace and nothing is lost.

        ## 5. Competing consumers vs partitions

        Four consumers in one group on a 2-partition topic, and four competing consumers on one queue
        (messages each consumer received):

        | driver | per consumer | idle consumers |
        |---|---|---|
        | log | \(r.competingConsumers["log"]!.map(String.init).joined(separator: ", ")) | \(logIdle) |
        | queue | \(r.competingConsumers["queue"]!.map(String.init).joined(separator: ", ")) | \(queueIdle) |

        A log group uses at most as many consumers as partitions; a queue spreads over all of them.

        ## 6. Keyed ordering

        16 keys round-robin, 4 partitions, 2 consumers. A message is an inversion when a later message of
        its key was processed first (processing order from a global ticket).
        Log: \(keyedLog[0]) inversions in \(keyedLog[1]) messages. Queue: \(keyedQueue[0]) in \(keyedQueue[1]).

        \(realSystemsSection(r, logT: logT))\(cyclesSection(r))
        ## Targets

        | target | measured | met |
        |---|---|---|
        | log ≥ 10 M msg/s with the max-rate-1-topic-16-partitions-100b shape | \(spread(maxRateLog)) | \(maxRateLog.median >= 10_000_000 ? "yes" : "no") |
        | log e2e p99 ≤ 20 µs at 1 M msg/s offered | \(String(format: "%.2f", lat["p99us"]!)) µs (max \(String(format: "%.0f", lat["maxus"]!)) µs\((lat["stealMs"] ?? -1) >= 0 ? String(format: "; host steal %.0f ms during the run", lat["stealMs"]!) : "")) | \(lat["p99us"]! <= 20 ? "yes" : "no") |
        | fan-out K = 4: log ≥ 1.5 × queue delivered msg/s | \(fanoutTarget(r, logK4: logK4, queueK4: queueK4)) |

        """
        return s
    }

    /// "Where the cycles go": per run and role, the counters per message (`--counters`); empty
    /// when the run did not count.
    func cyclesSection(_ r: Report) -> String {
        guard let cycles = r.whereTheCyclesGo, !cycles.isEmpty else { return "" }
        let columns: [(String, String)] = [("task-clock", "CPU ns"), ("instructions", "instructions"), ("cycles", "cycles"),
                                           ("cache-misses", "cache misses"), ("L1-dcache-load-misses", "L1d load misses"),
                                           ("branch-misses", "branch misses"), ("context-switches", "context switches")]
        var s = "## Where the cycles go\n\nPer-thread performance counters over each run's measured phase, summed per role and divided by the messages that role sent or received then (the last repeat of each run). Hardware counters count user space only.\n\n"
        s += "| run | role | " + columns.map(\.1).joined(separator: " | ") + " | IPC | CPUs busy |\n"
        s += "|---|---|" + String(repeating: "---:|", count: columns.count + 2) + "\n"
        var reasons: [String] = []
        for label in cycles.keys.sorted() {
            let report = cycles[label]!
            for role in report.roles {
                let values = columns.map { c in role.perMessage[c.0].map { CounterReport.format($0) } ?? "–" }
                s += "| \(label) | \(role.role) | " + values.joined(separator: " | ")
                    + " | \(role.instructionsPerCycle.map { String(format: "%.2f", $0) } ?? "–") | \(role.cpusBusy.map { String(format: "%.2f", $0) } ?? "–") |\n"
            }
            for reason in report.unavailable where !reasons.contains(reason) { reasons.append(reason) }
        }
        if !reasons.isEmpty { s += "\n" + reasons.map { "- \($0)" }.joined(separator: "\n") + "\n" }
        return s + "\n"
    }

    /// The fan-out target's row: the 1 MiB figure, and each larger ring's, each with its verdict.
    func fanoutTarget(_ r: Report, logK4: Double, queueK4: Double) -> String {
        var measured = "\(String(format: "%.2f", logK4 / max(queueK4, 1)))× (1 MiB rings)"
        var met = logK4 >= 1.5 * queueK4 ? "yes" : "no"
        if let rings = r.fanout4Rings, let byRing = r.fanout4ByRingDelivered {
            for (i, ring) in rings.enumerated() where i > 0 {
                let ratio = byRing["log"]![i].median / max(byRing["queue"]![i].median, 1)
                measured += "; \(String(format: "%.2f", ratio))× (\(ring >> 20) MiB rings)"
                met += "; \(ratio >= 1.5 ? "yes" : "no")"
            }
        }
        return "\(measured) | \(met)"
    }
}
