import Foundation
import Yams
import RingLog
import RingLogPlatform

/// How producers pick message keys (OMB's `keyDistributor`).
public enum KeyDistributor: String, Sendable, CaseIterable {
    /// Null keys: partitions chosen by the sticky partitioner.
    case noKey = "NO_KEY"
    /// Cycles through 10,000 random 7-byte keys.
    case keyRoundRobin = "KEY_ROUND_ROBIN"
    /// Key index = |nanoTime % 10,000|.
    case randomNano = "RANDOM_NANO"
}

/// An OpenMessaging Benchmark workload, read unchanged from OMB's YAML, plus RingLog's own
/// optional knobs. Unknown fields are ignored, as OMB does.
public struct Workload: Sendable, Equatable {
    public var name: String
    public var topics: Int
    public var partitionsPerTopic: Int
    public var messageSize: Int
    public var payloadFile: String?
    public var useRandomizedPayloads: Bool
    public var randomBytesRatio: Double
    public var randomizedPayloadPoolSize: Int
    public var keyDistributor: KeyDistributor
    /// Independent subscriptions per topic (consumer groups): the fan-out factor.
    public var subscriptionsPerTopic: Int
    public var consumerPerSubscription: Int
    public var producersPerTopic: Int
    /// Aggregate target rate in msg/s; 0 = as fast as possible.
    public var producerRate: Int
    public var consumerBacklogSizeGB: Double
    public var backlogDrainRatio: Double
    public var testDurationMinutes: Double
    public var warmupDurationMinutes: Double
    /// RingLog's knobs (all optional in the YAML; CLI flags override them).
    public var ringlog: RingLogKnobs

    public init(name: String = "workload", topics: Int = 1, partitionsPerTopic: Int = 1, messageSize: Int = 100,
                payloadFile: String? = nil, useRandomizedPayloads: Bool = false, randomBytesRatio: Double = 0,
                randomizedPayloadPoolSize: Int = 0, keyDistributor: KeyDistributor = .noKey,
                subscriptionsPerTopic: Int = 1, consumerPerSubscription: Int = 1, producersPerTopic: Int = 1,
                producerRate: Int = 0, consumerBacklogSizeGB: Double = 0, backlogDrainRatio: Double = 1,
                testDurationMinutes: Double = 1, warmupDurationMinutes: Double = 1, ringlog: RingLogKnobs = .init()) {
        self.name = name
        self.topics = topics
        self.partitionsPerTopic = partitionsPerTopic
        self.messageSize = messageSize
        self.payloadFile = payloadFile
        self.useRandomizedPayloads = useRandomizedPayloads
        self.randomBytesRatio = randomBytesRatio
        self.randomizedPayloadPoolSize = randomizedPayloadPoolSize
        self.keyDistributor = keyDistributor
        self.subscriptionsPerTopic = subscriptionsPerTopic
        self.consumerPerSubscription = consumerPerSubscription
        self.producersPerTopic = producersPerTopic
        self.producerRate = producerRate
        self.consumerBacklogSizeGB = consumerBacklogSizeGB
        self.backlogDrainRatio = backlogDrainRatio
        self.testDurationMinutes = testDurationMinutes
        self.warmupDurationMinutes = warmupDurationMinutes
        self.ringlog = ringlog
    }

    /// The smallest message the harness can send: it stamps a header into every payload.
    public static let minimumMessageSize = MessageHeader.size

    /// Reads a workload file. The result's `name` is the `name` field (OMB keys results by the
    /// file's base name; `fileStem` gives that).
    /// - Throws: `WorkloadError` naming the file and the problem.
    public static func load(path: String) throws(WorkloadError) -> Workload {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .unreadable(path: path, reason: "not UTF-8 text") }
        var w = try parse(yaml: text, source: path)
        if let file = w.payloadFile, !file.hasPrefix("/") {
            // OMB resolves payload files relative to its working directory; try the workload's folder too.
            let beside = (path as NSString).deletingLastPathComponent + "/" + file
            if !FileManager.default.fileExists(atPath: file) && FileManager.default.fileExists(atPath: beside) { w.payloadFile = beside }
        }
        return w
    }

    /// Parses OMB workload YAML. - Throws: `WorkloadError` for bad YAML, a wrong type, a missing
    /// required field or an out-of-range value.
    public static func parse(yaml: String, source: String = "<yaml>") throws(WorkloadError) -> Workload {
        let node: Any?
        do { node = try Yams.load(yaml: yaml) } catch {
            throw .invalidYAML(source: source, reason: "\(error)".split(separator: "\n").first.map(String.init) ?? "parse error")
        }
        guard let map = node as? [String: Any] else { throw .invalidYAML(source: source, reason: "the top level is not a mapping") }
        var r = _FieldReader(map: map, source: source)
        var w = Workload()
        w.name = try r.string("name") ?? ((source as NSString).lastPathComponent as NSString).deletingPathExtension
        w.topics = try r.int("topics", required: true) ?? 1
        w.partitionsPerTopic = try r.int("partitionsPerTopic", required: true) ?? 1
        w.messageSize = try r.int("messageSize", required: true) ?? 100
        w.payloadFile = try r.string("payloadFile")
        w.useRandomizedPayloads = try r.bool("useRandomizedPayloads") ?? false
        w.randomBytesRatio = try r.double("randomBytesRatio") ?? 0
        w.randomizedPayloadPoolSize = try r.int("randomizedPayloadPoolSize") ?? 0
        if let k = try r.string("keyDistributor") {
            // OMB maps unknown enum values to the default.
            w.keyDistributor = KeyDistributor(rawValue: k) ?? .noKey
        }
        w.subscriptionsPerTopic = try r.int("subscriptionsPerTopic", required: true) ?? 1
        w.consumerPerSubscription = try r.int("consumerPerSubscription", required: true) ?? 1
        w.producersPerTopic = try r.int("producersPerTopic", required: true) ?? 1
        w.producerRate = try r.int("producerRate", required: true) ?? 0
        w.consumerBacklogSizeGB = try r.double("consumerBacklogSizeGB") ?? 0
        w.backlogDrainRatio = try r.double("backlogDrainRatio") ?? 1
        w.testDurationMinutes = try r.double("testDurationMinutes", required: true) ?? 1
        w.warmupDurationMinutes = try r.double("warmupDurationMinutes") ?? 1
        w.ringlog = try RingLogKnobs(reader: &r)
        try w.validate(source: source)
        return w
    }

    /// Checks every value's range. - Throws: `.invalidValue` naming the field.
    public func validate(source: String = "<workload>") throws(WorkloadError) {
        func check(_ ok: Bool, _ field: String, _ value: Any, _ rule: String) throws(WorkloadError) {
            if !ok { throw .invalidValue(source: source, field: field, value: "\(value)", rule: rule) }
        }
        try check((1...10_000).contains(topics), "topics", topics, "1...10000")
        try check((1...TopicConfiguration.maximumPartitions).contains(partitionsPerTopic), "partitionsPerTopic", partitionsPerTopic, "1...\(TopicConfiguration.maximumPartitions)")
        try check(messageSize >= Self.minimumMessageSize && messageSize <= 1 << 20, "messageSize", messageSize,
                  "\(Self.minimumMessageSize)...1048576 bytes (the harness stamps a \(Self.minimumMessageSize)-byte header into each payload)")
        try check((0...1).contains(randomBytesRatio), "randomBytesRatio", randomBytesRatio, "0...1")
        try check(randomizedPayloadPoolSize >= 0, "randomizedPayloadPoolSize", randomizedPayloadPoolSize, ">= 0")
        try check((1...64).contains(subscriptionsPerTopic), "subscriptionsPerTopic", subscriptionsPerTopic, "1...64")
        try check((1...256).contains(consumerPerSubscription), "consumerPerSubscription", consumerPerSubscription, "1...256")
        try check((1...256).contains(producersPerTopic), "producersPerTopic", producersPerTopic, "1...256")
        try check(producerRate >= 0, "producerRate", producerRate, ">= 0 (0 = as fast as possible)")
        try check(consumerBacklogSizeGB >= 0, "consumerBacklogSizeGB", consumerBacklogSizeGB, ">= 0")
        try check(consumerBacklogSizeGB == 0 || producerRate > 0, "consumerBacklogSizeGB", consumerBacklogSizeGB, "needs producerRate > 0 (as OMB)")
        try check((0...1).contains(backlogDrainRatio), "backlogDrainRatio", backlogDrainRatio, "0...1")
        try check(testDurationMinutes > 0, "testDurationMinutes", testDurationMinutes, "> 0")
        try check(warmupDurationMinutes >= 0, "warmupDurationMinutes", warmupDurationMinutes, ">= 0")
        try ringlog.validate(source: source)
    }
}

/// RingLog's own workload knobs: optional YAML fields under their own names, and CLI flags.
public struct RingLogKnobs: Sendable, Equatable {
    /// Messages per produce call and per poll.
    public var batchSize: Int = 64
    /// Log retention when the ring is full: `block` (lossless, default) or `overwrite`.
    public var retention: RetentionPolicy = .block
    /// Ring bytes per partition (log) / slots per queue are derived from it.
    public var ringCapacity: Int = 1 << 22
    /// `spin`, `yield`, `park`, or `auto` (spin when every thread has a core, else yield).
    public var waitStrategy: String = "auto"
    /// Log rings on 2 MiB hugetlb pages: `preferred` (default: when the `vm.nr_hugepages`
    /// pool has them, else base pages and the result says why), `required` or `never`.
    public var hugePages: HugePagePolicy = .preferred
    /// Pin threads to CPUs, placed by `placement`.
    public var pin: Bool = false
    /// `compact` (fill a node's cores first), `spread` (round-robin nodes) or a CPU list
    /// (`0,2,4-6`, each CPU below `CPUList.limit`, parsed strictly); consumers are placed first,
    /// then producers. `validate` checks the text; a listed CPU outside the process's affinity
    /// mask is refused when the run starts (`RunPlacement`), before any thread does.
    public var placement: String = "compact"
    /// `log`, `queue` (lock-free) or `mutex-queue`.
    public var driver: String = "log"
    /// Distinct keys `KEY_ROUND_ROBIN` cycles through (OMB: 10,000); fewer keys make per-key
    /// ordering effects visible in short runs.
    public var keyCount: Int = KeyTable.count
    /// Kafka driver: a real cluster's `bootstrap.servers` (`host:port,...`); nil: the
    /// `RINGLOG_KAFKA_BOOTSTRAP` environment variable, else librdkafka's in-process mock.
    public var bootstrapServers: String? = nil
    /// Kafka driver: producer properties over OMB's defaults, `key=value,key=value`
    /// (`acks=1,linger.ms=5,compression.type=lz4`).
    public var kafkaProducer: String = ""

    /// `kafkaProducer` as (property, value) pairs, in order.
    public var kafkaProducerSettings: [(String, String)] {
        kafkaProducer.split(separator: ",").compactMap { item in
            let parts = item.split(separator: "=", maxSplits: 1)
            return parts.count == 2 ? (parts[0].trimmingCharacters(in: .whitespaces), parts[1].trimmingCharacters(in: .whitespaces)) : nil
        }
    }

    public init() {}

    init(reader r: inout _FieldReader) throws(WorkloadError) {
        if let v = try r.int("batchSize") { batchSize = v }
        if let v = try r.string("retention") {
            guard let p = RetentionPolicy(rawValue: v) else {
                throw .invalidValue(source: r.source, field: "retention", value: v, rule: "overwrite or block")
            }
            retention = p
        }
        if let v = try r.int("ringCapacity") { ringCapacity = v }
        if let v = try r.string("waitStrategy") { waitStrategy = v }
        if let v = try r.string("hugePages") {
            guard let h = HugePagePolicy(rawValue: v) else {
                throw .invalidValue(source: r.source, field: "hugePages", value: v, rule: "never, preferred or required")
            }
            hugePages = h
        }
        if let v = try r.bool("pin") { pin = v }
        if let v = try r.string("placement") { placement = v }
        if let v = try r.string("driver") { driver = v }
        if let v = try r.int("keyCount") { keyCount = v }
        if let v = try r.string("bootstrapServers") { bootstrapServers = v }
        if let v = try r.string("kafkaProducer") { kafkaProducer = v }
    }

    func validate(source: String) throws(WorkloadError) {
        guard (1...4096).contains(batchSize) else { throw .invalidValue(source: source, field: "batchSize", value: "\(batchSize)", rule: "1...4096") }
        guard ringCapacity >= 4096, ringCapacity & (ringCapacity - 1) == 0, ringCapacity <= 1 << 30 else {
            throw .invalidValue(source: source, field: "ringCapacity", value: "\(ringCapacity)", rule: "a power of two in 4096...2^30")
        }
        guard (1...KeyTable.count).contains(keyCount) else {
            throw .invalidValue(source: source, field: "keyCount", value: "\(keyCount)", rule: "1...\(KeyTable.count)")
        }
        guard ["auto", "spin", "yield", "park"].contains(waitStrategy) else {
            throw .invalidValue(source: source, field: "waitStrategy", value: waitStrategy, rule: "auto, spin, yield or park")
        }
        do {
            _ = try PlacementPolicy(parsing: placement)
        } catch {
            let reason = if case .invalid(let e) = error { e.reason } else { error.description }
            let shown = placement.count > 64 ? String(placement.prefix(64)) + "…" : placement
            throw .invalidValue(source: source, field: "placement", value: "'\(shown)'",
                                rule: "compact, spread or a CPU list like 0,2-3 with CPUs below \(CPUList.limit): \(reason)")
        }
        if let servers = bootstrapServers {
            let ok = !servers.isEmpty && servers.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { item in
                guard let colon = item.lastIndex(of: ":"), colon != item.startIndex, let port = Int(item[item.index(after: colon)...]) else { return false }
                return (1...65_535).contains(port)
            }
            guard ok else { throw .invalidValue(source: source, field: "bootstrapServers", value: servers, rule: "host:port[,host:port...]") }
        }
        if !kafkaProducer.isEmpty {
            let items = kafkaProducer.split(separator: ",", omittingEmptySubsequences: false)
            guard items.allSatisfy({ $0.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).count == 2 && !$0.hasPrefix("=") }) else {
                throw .invalidValue(source: source, field: "kafkaProducer", value: kafkaProducer, rule: "librdkafka properties as key=value[,key=value...]")
            }
        }
        guard DriverKind(rawValue: driver) != nil else {
            throw .invalidValue(source: source, field: "driver", value: driver, rule: DriverKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }
}

/// What is wrong with a workload. The message names the file, the field and the rule.
public enum WorkloadError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalidYAML(source: String, reason: String)
    case missingField(source: String, field: String)
    case wrongType(source: String, field: String, expected: String, found: String)
    case invalidValue(source: String, field: String, value: String, rule: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "workload file '\(path)': \(reason)"
        case .invalidYAML(let source, let reason): return "\(source): not valid YAML: \(reason)"
        case .missingField(let source, let field): return "\(source): missing required field '\(field)'"
        case .wrongType(let source, let field, let expected, let found): return "\(source): field '\(field)' must be \(expected), found \(found)"
        case .invalidValue(let source, let field, let value, let rule): return "\(source): field '\(field)' = \(value) is out of range: \(rule)"
        }
    }
}

/// Typed access to a YAML mapping, with errors naming the field.
struct _FieldReader {
    let map: [String: Any]
    let source: String

    func describe(_ v: Any) -> String { "'\(v)' (\(type(of: v)))" }

    func raw(_ key: String, required: Bool) throws(WorkloadError) -> Any? {
        guard let v = map[key], !(v is NSNull) else {
            if required { throw .missingField(source: source, field: key) }
            return nil
        }
        return v
    }

    func int(_ key: String, required: Bool = false) throws(WorkloadError) -> Int? {
        guard let v = try raw(key, required: required) else { return nil }
        if let i = v as? Int { return i }
        if let d = v as? Double, d == d.rounded(), abs(d) < 1e15 { return Int(d) }
        throw .wrongType(source: source, field: key, expected: "an integer", found: describe(v))
    }

    func double(_ key: String, required: Bool = false) throws(WorkloadError) -> Double? {
        guard let v = try raw(key, required: required) else { return nil }
        if let d = v as? Double { return d }
        if let i = v as? Int { return Double(i) }
        throw .wrongType(source: source, field: key, expected: "a number", found: describe(v))
    }

    func bool(_ key: String, required: Bool = false) throws(WorkloadError) -> Bool? {
        guard let v = try raw(key, required: required) else { return nil }
        if let b = v as? Bool { return b }
        throw .wrongType(source: source, field: key, expected: "true or false", found: describe(v))
    }

    func string(_ key: String, required: Bool = false) throws(WorkloadError) -> String? {
        guard let v = try raw(key, required: required) else { return nil }
        if let s = v as? String { return s }
        if let i = v as? Int { return String(i) }
        throw .wrongType(source: source, field: key, expected: "a string", found: describe(v))
    }
}
