import Foundation
import Testing
import RingLog
import RingLogPlatform
@testable import RingLogBench
@testable import RingLogReport
import RingLogExperiments
import RingLogThroughput

/// A driver whose producers never get a message accepted: the system pushes back forever, or
/// (`throwing`) every send fails.
final class _RefusingDriver<Inner: BenchmarkDriver>: BenchmarkDriver {
    let inner: Inner
    let throwing: Bool
    init(_ inner: Inner, throwing: Bool = false) {
        self.inner = inner
        self.throwing = throwing
    }
    var name: String { inner.name }
    var settings: [String: String] { inner.settings }
    func createTopic(index: Int, partitions: Int, numaNode: Int?) throws { try inner.createTopic(index: index, partitions: partitions, numaNode: numaNode) }
    func makeProducer(topic: Int, index: Int) throws -> Producer { Producer(throwing: throwing) }
    func makeConsumer(topic: Int, subscription: Int, index: Int) throws -> Inner.Consumer { try inner.makeConsumer(topic: topic, subscription: subscription, index: index) }
    func makeLateConsumer(topic: Int) throws -> Inner.Consumer { try inner.makeLateConsumer(topic: topic) }
    var lateSubscriber: String { inner.lateSubscriber }
    var storageBytes: Int { inner.storageBytes }
    var ordersPerPartition: Bool { inner.ordersPerPartition }
    var lossless: Bool { false }
    func shutdown() { inner.shutdown() }
    struct Producer: DriverProducer {
        let throwing: Bool
        mutating func send(count: Int, size: Int, messages: inout MessageBatch) throws -> Int {
            if throwing { throw HarnessError.driver("the system refused the batch") }
            return 0
        }
    }
}

/// Verdicts and figures that must not look right when they are not.
@Suite("Harness: verdicts, windows, and what a run can hold", .serialized)
struct HarnessVerdictTests {
    static func workload(topics: Int = 1) -> Workload {
        var w = Workload(name: "verdict", topics: topics, partitionsPerTopic: 2, messageSize: 100, producerRate: 20_000)
        w.ringlog.ringCapacity = 1 << 16
        return w
    }

    @Test func aRunThatSentNothingIsNotVerified() throws {
        let driver = _RefusingDriver(LogDriver(ringCapacity: 1 << 16, retention: .overwrite, waitStrategy: .spinThenYield(spins: 64),
                                               producersPerTopic: 1, keys: KeyTable()))
        let r = try Runner.run(driver, RunOptions(workload: Self.workload(), durationSeconds: 0.2, warmupSeconds: 0), spin: false)
        #expect(r.totalSent == 0 && r.totalReceived == 0)
        #expect(!r.verified, "a run with nothing to verify said verified")
        #expect(r.driverSettings["failures"]?.contains("nothing to verify") == true)
    }

    @Test func aSendThatFailsInWarmUpIsCountedAndNamed() throws {
        let driver = _RefusingDriver(LogDriver(ringCapacity: 1 << 16, retention: .block, waitStrategy: .spinThenYield(spins: 64),
                                               producersPerTopic: 1, keys: KeyTable()), throwing: true)
        let r = try Runner.run(driver, RunOptions(workload: Self.workload(), durationSeconds: 0.2, warmupSeconds: 0.1), spin: false)
        #expect(r.sendErrors == 1, "the producer's one failed send, made in warm-up")
        #expect(!r.verified)
        #expect(r.driverSettings["failures"]?.contains("the system refused the batch") == true)
        let json = try JSONSerialization.jsonObject(with: OMBResult(workload: Self.workload(), run: r).jsonData()) as! [String: Any]
        #expect((json["ringlog"] as! [String: Any])["sendErrors"] as? Int == 1)
    }

    @Test func aLastWindowCutShortIsRatedOverItsOwnSpan() throws {
        var o = RunOptions(workload: Self.workload(), durationSeconds: 0.5, warmupSeconds: 0.1)
        o.windowSeconds = 0.3
        let r = try Runner.run(.log, o)
        #expect(r.series.count == 2)
        #expect(abs(r.series[0].seconds - 0.3) < 1e-9 && abs(r.series[1].seconds - 0.2) < 1e-9)
        let omb = OMBResult(workload: o.workload, run: r)
        for (i, wnd) in r.series.enumerated() { #expect(abs(omb.publishRate[i] - Double(wnd.sent) / wnd.seconds) < 1e-6) }
        // A window far wider than the run is the run.
        o.windowSeconds = 3600
        let wide = try Runner.run(.log, o)
        #expect(wide.series.count == 1 && abs(wide.series[0].seconds - 0.5) < 1e-9)
        #expect(abs(OMBResult(workload: o.workload, run: wide).publishRate[0] - Double(wide.series[0].sent) / 0.5) < 1e-6)
    }

    @Test func topicsAreVerifiedEachAgainstTheirOwnProducers() throws {
        var w = Self.workload(topics: 3)
        w.producersPerTopic = 2
        let r = try Runner.run(.log, RunOptions(workload: w, durationSeconds: 0.3, warmupSeconds: 0.1))
        #expect(r.verified, "\(r.verification)")
        #expect(r.verification.count == 3)
        for v in r.verification { #expect(v.sent > 0 && v.received == v.sent && v.lost == 0 && v.corrupted == 0) }
    }

    @Test func aBatchThatCanNeverBeAppendedIsRefusedNamingWhatFits() {
        var w = Self.workload()
        w.messageSize = 65536
        w.ringlog.ringCapacity = 1 << 22
        #expect(throws: WorkloadError.self) { try LogDriver.checkFits(w) }
        #expect(throws: WorkloadError.self) { try Runner.run(.log, RunOptions(workload: w, durationSeconds: 0.2, warmupSeconds: 0)) }
        do { try LogDriver.checkFits(w) } catch {
            #expect(error.description.contains("batchSize (--batch) 31 or less") && error.description.contains("ringCapacity (--ring-capacity) 16777216"), "\(error)")
        }
        w.ringlog.batchSize = 31
        #expect(throws: Never.self) { try LogDriver.checkFits(w) }
        w.messageSize = 1 << 20
        w.ringlog.ringCapacity = 1 << 20
        #expect(throws: WorkloadError.self) { try LogDriver.checkFits(w) }
    }

    @Test("runs the machine cannot hold are refused, naming the largest part", arguments: [
        ("partitions", "rings"), ("pool", "payload pool"), ("long", "verifiers"), ("windows", "latency windows"),
    ])
    func oversizedRunsAreRefusedBeforeAllocating(shape: String, term: String) {
        var w = Self.workload()
        var o = RunOptions(workload: w, durationSeconds: 10, warmupSeconds: 0)
        switch shape {
        case "partitions": w.partitionsPerTopic = 4096; w.ringlog.ringCapacity = 1 << 30
        case "pool": w.messageSize = 1 << 20; w.useRandomizedPayloads = true; w.randomizedPayloadPoolSize = 100_000
        case "long": w.producerRate = 0; o.durationSeconds = 86_400
        default: o.durationSeconds = 86_400; o.windowSeconds = 0.1
        }
        o.workload = w
        let footprint = RunFootprint(kind: .log, options: o)
        #expect(footprint.terms.max { $0.bytes < $1.bytes }?.name == term)
        let error: WorkloadError?
        do { try footprint.check(available: 24 << 30); error = nil } catch let e { error = e }
        guard case .tooLarge(_, let reason)? = error else { Issue.record("\(shape) was not refused"); return }
        #expect(reason.contains("the largest part is \(term)"), "\(reason)")
    }

    @Test func theFootprintGrowsLinearlyInTopics() {
        func bytes(_ topics: Int) -> Double {
            RunFootprint(kind: .log, options: RunOptions(workload: Self.workload(topics: topics), durationSeconds: 1, warmupSeconds: 0)).totalBytes
        }
        let ratio = (bytes(1000) - bytes(500)) / (bytes(500) - bytes(250))
        #expect(abs(ratio - 2) < 0.01, "doubling topics should double the added bytes, got \(ratio)")
        #expect(throws: Never.self) {
            try RunFootprint(kind: .log, options: RunOptions(workload: Self.workload(), durationSeconds: 1, warmupSeconds: 0)).check(available: 1 << 30)
        }
    }

    @Test func aBacklogNoDriverCanHoldIsRefusedAndOneNotBuiltInTimeEndsTheRun() throws {
        var w = Self.workload()
        w.partitionsPerTopic = 1
        w.producerRate = 100_000
        w.consumerBacklogSizeGB = 0.001 // 10,000 messages: more than a 64 KiB ring or its queue holds
        for kind in [DriverKind.log, .queue, .mutexQueue] {
            #expect(throws: WorkloadError.self) { try Runner.checkSettings(kind: kind, w) }
        }
        // A backlog that fits but cannot be built in so short a run: the producer blocks on the
        // ring while consumers wait for the backlog; the run still ends, and says why it failed.
        w.ringlog.ringCapacity = 1 << 22
        w.producerRate = 1_000
        w.consumerBacklogSizeGB = 0.0002 // 2,000 messages at 1,000 msg/s: 2 s to build
        let started = Date()
        let r = try Runner.run(.log, RunOptions(workload: w, durationSeconds: 0.3, warmupSeconds: 0))
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(!r.verified && r.driverSettings["failures"]?.contains("was not built before the run ended") == true)
    }

    @Test func unknownFieldsAndEnumValuesAreReadAsOMBDoesAndNoted() throws {
        let yaml = WorkloadInputTests.base.replacingOccurrences(of: "partitionsPerTopic: 1", with: "partitionPerTopic: 4\npartitionsPerTopic: 1")
            + "\nkeyDistributor: FOO\n"
        let w = try Workload.parse(yaml: yaml)
        #expect(w.keyDistributor == .noKey && w.partitionsPerTopic == 1)
        #expect(w.notes.count == 2)
        #expect(w.notes.contains { $0.contains("'FOO'") } && w.notes.contains { $0.contains("did you mean 'partitionsPerTopic'") })
    }

    @Test func settingsOnlyAnotherDriverHonoursAreRefused() {
        var w = Self.workload()
        w.ringlog.retention = .overwrite
        #expect(throws: WorkloadError.self) { try Runner.checkSettings(kind: .queue, w) }
        #expect(throws: Never.self) { try Runner.checkSettings(kind: .log, w) }
        w.ringlog.retention = .block
        w.ringlog.hugePages = .required
        #expect(throws: WorkloadError.self) { try Runner.checkSettings(kind: .mutexQueue, w) }
        w.ringlog.hugePages = .preferred
        w.ringlog.bootstrapServers = "localhost:9092"
        #expect(throws: WorkloadError.self) { try Runner.checkSettings(kind: .log, w) }
    }
}

@Suite("Driver registry")
struct DriverRegistryTests {
    @Test("a real system the build lacks is refused by name, with how to build it in, before anything runs")
    func unregisteredSystemIsRefusedWithItsBuildHint() throws {
        _ = registeredDrivers
        for kind in [DriverKind.redis, .kafka, .nats, .rabbitmq] where DriverRegistry.factory(for: kind) == nil {
            let w = Workload(name: "absent", topics: 1, partitionsPerTopic: 1, messageSize: 100)
            #expect { try Runner.run(kind, RunOptions(workload: w, durationSeconds: 0.1, warmupSeconds: 0)) } throws: {
                "\($0)" == "the \(kind.rawValue) driver is not built in: \(kind.buildHint)"
            }
        }
        // The in-process drivers are never looked up in the registry.
        #expect(DriverRegistry.registeredKinds.allSatisfy { !DriverKind.inProcess.contains($0) })
    }
}
