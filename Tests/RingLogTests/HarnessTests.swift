import Testing
import Foundation
import RingLog
import RingLogBench
import RingLogReport
import RingLogExperiments
import RingLogThroughput
import RingLogPlatform

@Suite("Harness: workloads, results, verification", .serialized)
struct HarnessTests {
    // The shapes of OMB's shipped workload files.
    static let oneTopic16Partitions1kb = """
    name: 1 topic / 16 partitions / 1Kb
    topics: 1
    partitionsPerTopic: 16
    messageSize: 1024
    payloadFile: "payload/payload-1Kb.data"
    subscriptionsPerTopic: 1
    consumerPerSubscription: 1
    producersPerTopic: 1
    producerRate: 50000
    consumerBacklogSizeGB: 0
    testDurationMinutes: 15
    """
    static let maxRate = """
    name: max-rate-1-topic-16-partitions-100b
    topics: 1
    partitionsPerTopic: 16
    messageSize: 100
    useRandomizedPayloads: true
    randomBytesRatio: 0.5
    randomizedPayloadPoolSize: 1000
    subscriptionsPerTopic: 1
    consumerPerSubscription: 1
    producersPerTopic: 1
    producerRate: 10000000
    consumerBacklogSizeGB: 0
    testDurationMinutes: 5
    """
    static let tenTopics = """
    name: 1m-10-topics-16-partitions-100b
    topics: 10
    partitionsPerTopic: 16
    messageSize: 100
    payloadFile: "payload/payload-100b.data"
    subscriptionsPerTopic: 1
    consumerPerSubscription: 16
    producersPerTopic: 16
    producerRate: 1000000
    consumerBacklogSizeGB: 0
    testDurationMinutes: 15
    """
    static let backlog = """
    name: backlog-1-topic-16-partitions-1kb
    topics: 1
    partitionsPerTopic: 16
    keyDistributor: "RANDOM_NANO"
    messageSize: 1024
    payloadFile: "payload/payload-1Kb.data"
    subscriptionsPerTopic: 1
    consumerPerSubscription: 16
    producersPerTopic: 16
    producerRate: 100000
    consumerBacklogSizeGB: 100
    backlogDrainRatio: 0.5
    testDurationMinutes: 5
    warmupDurationMinutes: 0
    someFieldOMBDoesNotKnow: 7
    """

    @Test("OMB's shipped workload shapes parse, every field read, unknown fields ignored")
    func ombShapesParse() throws {
        let a = try Workload.parse(yaml: Self.oneTopic16Partitions1kb)
        #expect(a.name == "1 topic / 16 partitions / 1Kb" && a.topics == 1 && a.partitionsPerTopic == 16 && a.messageSize == 1024)
        #expect(a.payloadFile == "payload/payload-1Kb.data" && a.producerRate == 50_000 && a.testDurationMinutes == 15)
        #expect(a.warmupDurationMinutes == 1 && a.keyDistributor == .noKey, "OMB's defaults")
        let b = try Workload.parse(yaml: Self.maxRate)
        #expect(b.useRandomizedPayloads && b.randomBytesRatio == 0.5 && b.randomizedPayloadPoolSize == 1000 && b.producerRate == 10_000_000)
        let c = try Workload.parse(yaml: Self.tenTopics)
        #expect(c.topics == 10 && c.producersPerTopic == 16 && c.consumerPerSubscription == 16 && c.subscriptionsPerTopic == 1)
        let d = try Workload.parse(yaml: Self.backlog)
        #expect(d.keyDistributor == .randomNano && d.consumerBacklogSizeGB == 100 && d.backlogDrainRatio == 0.5 && d.warmupDurationMinutes == 0)
        let e = try Workload.parse(yaml: Self.maxRate + "\nkeyDistributor: KEY_ROUND_ROBIN\nbatchSize: 8\nretention: overwrite\nringCapacity: 65536\nwaitStrategy: yield\npin: true\ndriver: mutex-queue\n")
        #expect(e.keyDistributor == .keyRoundRobin)
        #expect(e.ringlog.batchSize == 8 && e.ringlog.retention == .overwrite && e.ringlog.ringCapacity == 65536)
        #expect(e.ringlog.waitStrategy == .yield && e.ringlog.pin && e.ringlog.driver == .mutexQueue)
        let f = try Workload.parse(yaml: Self.maxRate + "\nkeyDistributor: SOMETHING_NEW\n")
        #expect(f.keyDistributor == .noKey, "unknown enum values fall back to the default, as OMB")
    }

    @Test("bad workloads get errors naming the field and the rule")
    func badWorkloadsAreRejected() {
        #expect(throws: WorkloadError.invalidYAML(source: "<yaml>", reason: "the document must be a mapping of field names to values, found a list")) { try Workload.parse(yaml: "- 1\n- 2") }
        #expect(throws: WorkloadError.missingField(source: "<yaml>", field: "topics")) { try Workload.parse(yaml: "name: x\npartitionsPerTopic: 1") }
        #expect(throws: WorkloadError.wrongType(source: "<yaml>", field: "topics", expected: "an integer", found: "'many'")) {
            try Workload.parse(yaml: Self.maxRate.replacingOccurrences(of: "topics: 1", with: "topics: many"))
        }
        #expect(throws: WorkloadError.self) { try Workload.parse(yaml: Self.maxRate.replacingOccurrences(of: "messageSize: 100", with: "messageSize: 8")) }
        #expect(throws: WorkloadError.self) { try Workload.parse(yaml: Self.maxRate.replacingOccurrences(of: "partitionsPerTopic: 16", with: "partitionsPerTopic: 0")) }
        #expect(throws: WorkloadError.self) { try Workload.parse(yaml: Self.maxRate + "\nretention: sometimes\n") }
        #expect(throws: WorkloadError.self) { try Workload.parse(yaml: Self.maxRate + "\ndriver: pulsar\n") }
        #expect(throws: WorkloadError.self) { try Workload.parse(yaml: Self.maxRate + "\nringCapacity: 5000\n") }
        #expect(throws: WorkloadError.self) { try Workload.parse(yaml: "topics: [1") }
        #expect(throws: WorkloadError.invalidValue(source: "<yaml>", field: "bootstrapServers", value: "broker1", rule: "host:port[,host:port...]")) {
            try Workload.parse(yaml: Self.maxRate + "\nbootstrapServers: broker1\n")
        }
        #expect(throws: WorkloadError.invalidValue(source: "<yaml>", field: "hugePages", value: "always", rule: "never, preferred or required")) {
            try Workload.parse(yaml: Self.maxRate + "\nhugePages: always\n")
        }
        #expect(throws: WorkloadError.self) { try Workload.parse(yaml: Self.maxRate + "\nkafkaProducer: acks\n") }
        let kafka = try? Workload.parse(yaml: Self.maxRate + "\nbootstrapServers: a:9092,b:9093\nkafkaProducer: acks=1, linger.ms=5\n")
        #expect(kafka?.ringlog.bootstrapServers == "a:9092,b:9093")
        #expect(kafka?.ringlog.kafkaProducerSettings.map { "\($0.0)=\($0.1)" } == ["acks=1", "linger.ms=5"])
        #expect(throws: WorkloadError.unreadable(path: "/nonexistent/w.yaml", reason: "no such file")) { try Workload.load(path: "/nonexistent/w.yaml") }
    }

    @Test("the verifier catches a planted loss, duplicate, reorder and corruption")
    func verifierCatchesPlantedFaults() {
        func run(_ seqs: [UInt64], intact: Set<UInt64> = []) -> VerificationCounts {
            let v = Verifier(producers: 1, partitions: 1)
            for s in seqs { v.record(producer: 0, sequence: s, partition: 0, key: MessageHeader.noKey, intact: !intact.contains(s)) }
            return Verifier.merge([v], sent: [5], producers: 0..<1)
        }
        let clean = run([0, 1, 2, 3, 4])
        #expect(clean == { var c = VerificationCounts(); c.sent = 5; c.received = 5; return c }())
        #expect(clean.verified(lossless: true, ordered: true))
        #expect(run([0, 1, 3, 4]).lost == 1)
        #expect(run([0, 1, 2, 2, 3, 4]).duplicates == 1)
        #expect(run([0, 2, 1, 3, 4]).reordered == 1)
        #expect(run([0, 1, 2, 3, 4], intact: [2]).corrupted == 1)
        #expect(!run([0, 2, 1, 3, 4]).verified(lossless: true, ordered: true))
        #expect(run([0, 2, 1, 3, 4]).verified(lossless: true, ordered: false), "a queue does not promise order")
        #expect(!run([0, 1, 3, 4]).verified(lossless: true, ordered: true) && run([0, 1, 3, 4]).verified(lossless: false, ordered: true))
        // Two competing consumers that both got message 3: a duplicate across consumers.
        let a = Verifier(producers: 1, partitions: 1), b = Verifier(producers: 1, partitions: 1)
        for s: UInt64 in [0, 1, 3] { a.record(producer: 0, sequence: s, partition: 0, key: 0, intact: true) }
        for s: UInt64 in [2, 3, 4] { b.record(producer: 0, sequence: s, partition: 0, key: 0, intact: true) }
        let merged = Verifier.merge([a, b], sent: [5], producers: 0..<1)
        #expect(merged.duplicates == 1 && merged.lost == 0)
    }

    @Test("a short run of each driver verifies itself and writes OMB's fields with the right units", arguments: DriverKind.inProcess)
    func eachDriverRunsAndWritesOMBJSON(kind: DriverKind) throws {
        var w = try Workload.parse(yaml: Self.maxRate)
        let tsan = ThreadSanitizer.isEnabled // about 20x slower: offer less, check ranges loosely
        w.producerRate = tsan ? 20_000 : 200_000
        w.partitionsPerTopic = 4
        w.ringlog.ringCapacity = 1 << 16
        var options = RunOptions(workload: w, durationSeconds: 0.5, warmupSeconds: 0.1)
        options.windowSeconds = 0.25
        let result = try Runner.run(kind, options)
        #expect(result.verified, "\(kind): \(result.verification)")
        #expect(result.totalSent > (tsan ? 2_000 : 50_000) && result.totalReceived == result.totalSent)
        let omb = OMBResult(workload: w, run: result)
        let json = try JSONSerialization.jsonObject(with: omb.jsonData()) as! [String: Any]
        for field in ["workload", "driver", "messageSize", "topics", "partitions", "producersPerTopic", "consumersPerTopic",
                      "publishRate", "publishErrorRate", "consumeRate", "backlog", "publishLatencyAvg", "publishLatency50pct",
                      "publishLatency99pct", "publishLatency9999pct", "publishLatencyMax", "publishDelayLatency99pct",
                      "endToEndLatency50pct", "endToEndLatency999pct", "endToEndLatencyMax",
                      "aggregatedPublishLatency99pct", "aggregatedPublishDelayLatencyMax", "aggregatedEndToEndLatency9999pct",
                      "aggregatedPublishLatencyQuantiles", "aggregatedEndToEndLatencyQuantiles", "ringlog"] {
            #expect(json[field] != nil, "missing \(field)")
        }
        let ringlog = json["ringlog"] as! [String: Any]
        // Steal time over the measured phase: present (Linux has /proc/stat) and not negative.
        #expect(((ringlog["hostStealMilliseconds"] as? Double) ?? -1) >= 0)
        let rates = json["publishRate"] as! [Double]
        #expect(rates.count == 2, "one value per 0.25 s window")
        // Rates are msg/s (a window's count divided by its width), not messages per window. The
        // open-loop producer never exceeds what is offered.
        for (i, rate) in rates.enumerated() { #expect(abs(rate - Double(result.series[i].sent) / 0.25) < 1e-6) }
        // Exactly: over the measured windows it sends at most what fell due since the run began
        // (warm-up included: a producer the host held up in warm-up catches up in the first
        // window) plus one batch.
        let measuredSent = result.series.reduce(0) { $0 + $1.sent }
        let due = Double(w.producerRate) * (options.warmupSeconds + options.durationSeconds) + Double(w.ringlog.batchSize)
        #expect(Double(measuredSent) <= due, "sent \(measuredSent) in the measured windows, \(Int(due)) due")
        // Latencies in ms: an in-process hop takes µs (far more when the suite's other tests share
        // the cores), never 0 and never the 10^3–10^6 a value left in ns or µs would read.
        let p50 = json["aggregatedEndToEndLatency50pct"] as! Double
        let max = json["aggregatedEndToEndLatencyMax"] as! Double
        #expect(p50 > 0 && p50 <= max && (tsan || max < 10_000), "e2e p50 \(p50) ms, max \(max) ms")
        let text = String(decoding: try omb.jsonData(), as: UTF8.self)
        #expect(text.range(of: "\"workload\"")!.lowerBound < text.range(of: "\"publishRate\"")!.lowerBound, "OMB's field order")
        #expect(omb.csvRow.split(separator: ",").count == omb.csvHeader.split(separator: ",").count)
    }

    @Test("a late subscriber replays the log's history and gets nothing from a queue")
    func lateSubscriberReplaysTheLogNotTheQueue() throws {
        var w = Workload(name: "replay", topics: 1, partitionsPerTopic: 1, messageSize: 100)
        w.ringlog.ringCapacity = 1 << 22 // holds all 10,000 records
        let log = try Runner.replayProbe(.log, w, records: 10_000)
        #expect(log.sent == 10_000 && log.firstSubscriber == 10_000 && log.lateSubscriber == 10_000)
        #expect(log.how.contains("consumer group"))
        for kind in [DriverKind.queue, .mutexQueue] {
            let q = try Runner.replayProbe(kind, w, records: 10_000, joinSeconds: 0.2)
            #expect(q.sent == 10_000 && q.firstSubscriber == 10_000 && q.lateSubscriber == 0)
            #expect(q.secondsToFirstMessage == nil)
        }
        // A ring smaller than the history keeps only its tail: the late group gets what is retained.
        w.ringlog.ringCapacity = 1 << 16
        let short = try Runner.replayProbe(.log, w, records: 10_000)
        #expect(short.lateSubscriber > 0 && short.lateSubscriber < 10_000)
    }

    @Test("a backlog workload pauses consumers until the backlog is built, then drains it, losing nothing")
    func backlogWorkloadBuildsThenDrains() throws {
        var w = try Workload.parse(yaml: Self.maxRate)
        w.producerRate = ThreadSanitizer.isEnabled ? 20_000 : 100_000
        w.partitionsPerTopic = 2
        w.consumerBacklogSizeGB = 0.0005 // 5,000 messages of 100 B
        let result = try Runner.run(.log, RunOptions(workload: w, durationSeconds: 0.6, warmupSeconds: 0))
        #expect(result.verified && result.totalReceived == result.totalSent)
        let note = result.driverSettings["backlog"] ?? ""
        #expect(note.hasPrefix("target 5000 messages, peak "), "\(note)")
        let peak = Int(note.split(separator: " ")[4].trimmingCharacters(in: .punctuationCharacters)) ?? 0
        #expect(peak >= 5000, "consumers waited for the backlog: peak \(peak)")
    }
}
