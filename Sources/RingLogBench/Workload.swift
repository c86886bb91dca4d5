import Foundation
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
    /// What the reader accepted but a person may not expect, one sentence each: fields it
    /// ignored (OMB ignores unknown fields too) and enum values read as their default (as OMB
    /// does). `ringlog bench` prints them before it runs.
    public var notes: [String] = []

    /// Every field the reader knows: OMB's, then RingLog's knobs.
    public static let knownFields = [
        "name", "topics", "partitionsPerTopic", "messageSize", "payloadFile", "useRandomizedPayloads", "randomBytesRatio",
        "randomizedPayloadPoolSize", "keyDistributor", "subscriptionsPerTopic", "consumerPerSubscription", "producersPerTopic",
        "producerRate", "consumerBacklogSizeGB", "backlogDrainRatio", "testDurationMinutes", "warmupDurationMinutes",
        "batchSize", "retention", "ringCapacity", "waitStrategy", "hugePages", "pin", "placement", "driver", "keyCount",
        "bootstrapServers", "kafkaProducer",
    ]

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
    /// - Throws: `WorkloadError` naming the file and the problem: no such file, not a regular
    ///   file (a folder, a pipe, a device), larger than `WorkloadLimits.maximumFileBytes`, not
    ///   UTF-8, or anything `parse` refuses.
    public static func load(path: String) throws(WorkloadError) -> Workload {
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: path) } catch {
            throw .unreadable(path: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw .unreadable(path: path, reason: "not a regular file")
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size <= WorkloadLimits.maximumFileBytes else {
            throw .unreadable(path: path, reason: "\(size) bytes; a workload file is at most \(WorkloadLimits.maximumFileBytes) bytes")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path, reason: "cannot be read") }
        guard let text = String(data: data, encoding: .utf8) else { throw .unreadable(path: path, reason: "not UTF-8 text") }
        var w = try parse(yaml: text, source: path)
        if let file = w.payloadFile, !file.hasPrefix("/") {
            // OMB resolves payload files relative to its working directory; try the workload's folder too.
            let beside = (path as NSString).deletingLastPathComponent + "/" + file
            if !FileManager.default.fileExists(atPath: file) && FileManager.default.fileExists(atPath: beside) { w.payloadFile = beside }
        }
        return w
    }

    /// Parses OMB workload YAML: a mapping of plain field names to values. Unknown fields are
    /// ignored without being read (an alias bomb there costs nothing).
    /// - Throws: `WorkloadError` for bad YAML (with the parser's reason and where), a field
    ///   name that is not a plain scalar, a field given twice, a wrong type, a missing
    ///   required field or a value outside `WorkloadLimits`.
    /// - Complexity: O(text length).
    public static func parse(yaml: String, source: String = "<yaml>") throws(WorkloadError) -> Workload {
        var r = try _FieldReader(yaml: yaml, source: source)
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
            // OMB maps unknown enum values to the default; say so.
            w.keyDistributor = KeyDistributor(rawValue: k) ?? .noKey
            if KeyDistributor(rawValue: k) == nil {
                w.notes.append("keyDistributor '\(k)' is not \(KeyDistributor.allCases.map(\.rawValue).joined(separator: ", ")); it is read as NO_KEY, as OMB does")
            }
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
        for field in r.fields.keys.sorted() where !knownFields.contains(field) {
            let near = knownFields.min { _FieldReader.distance($0, field) < _FieldReader.distance($1, field) }
            let hint = near.map { _FieldReader.distance($0, field) <= 3 ? " (did you mean '\($0)'?)" : "" } ?? ""
            w.notes.append("field '\(field)' is not an OMB or RingLog field and was ignored\(hint)")
        }
        try w.validate(source: source)
        return w
    }

    /// Checks every value against `WorkloadLimits` (numbers must also be finite).
    /// - Throws: `.invalidValue` naming the field, its value and the rule.
    public func validate(source: String = "<workload>") throws(WorkloadError) {
        func check(_ ok: Bool, _ field: String, _ value: Any, _ rule: String) throws(WorkloadError) {
            if !ok { throw .invalidValue(source: source, field: field, value: "\(value)", rule: rule) }
        }
        typealias L = WorkloadLimits
        try check(L.topics.contains(topics), "topics", topics, "\(L.topics)")
        try check((1...TopicConfiguration.maximumPartitions).contains(partitionsPerTopic), "partitionsPerTopic", partitionsPerTopic, "1...\(TopicConfiguration.maximumPartitions)")
        try check(messageSize >= Self.minimumMessageSize && messageSize <= L.maximumMessageSize, "messageSize", messageSize,
                  "\(Self.minimumMessageSize)...\(L.maximumMessageSize) bytes (the harness stamps a \(Self.minimumMessageSize)-byte header into each payload)")
        try check(L.contains(0...1, randomBytesRatio), "randomBytesRatio", randomBytesRatio, "0...1")
        try check(L.randomizedPayloadPoolSize.contains(randomizedPayloadPoolSize), "randomizedPayloadPoolSize", randomizedPayloadPoolSize, "\(L.randomizedPayloadPoolSize)")
        try check(L.subscriptionsPerTopic.contains(subscriptionsPerTopic), "subscriptionsPerTopic", subscriptionsPerTopic, "\(L.subscriptionsPerTopic)")
        try check(L.consumersPerSubscription.contains(consumerPerSubscription), "consumerPerSubscription", consumerPerSubscription, "\(L.consumersPerSubscription)")
        try check(L.producersPerTopic.contains(producersPerTopic), "producersPerTopic", producersPerTopic, "\(L.producersPerTopic)")
        let threads = topics * (producersPerTopic + subscriptionsPerTopic * consumerPerSubscription)
        try check(L.threads.contains(threads), "topics", topics,
                  "topics × (producersPerTopic + subscriptionsPerTopic × consumerPerSubscription) = \(threads) threads; at most \(L.threads.upperBound)")
        try check(L.producerRate.contains(producerRate), "producerRate", producerRate, "\(L.producerRate) msg/s (0 = as fast as possible)")
        try check(L.contains(L.consumerBacklogSizeGB, consumerBacklogSizeGB), "consumerBacklogSizeGB", consumerBacklogSizeGB, "a finite number in \(L.consumerBacklogSizeGB)")
        try check(consumerBacklogSizeGB == 0 || producerRate > 0, "consumerBacklogSizeGB", consumerBacklogSizeGB, "needs producerRate > 0 (as OMB)")
        try check(L.contains(0...1, backlogDrainRatio), "backlogDrainRatio", backlogDrainRatio, "0...1")
        try check(L.contains(L.durationSeconds, testDurationMinutes * 60), "testDurationMinutes", testDurationMinutes,
                  "\(L.durationSeconds.lowerBound) seconds (a shorter run measures nothing) to \(Int(L.durationSeconds.upperBound / 60)) minutes")
        try check(L.contains(L.warmupSeconds, warmupDurationMinutes * 60), "warmupDurationMinutes", warmupDurationMinutes,
                  "0 to \(Int(L.warmupSeconds.upperBound / 60)) minutes")
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
        guard WorkloadLimits.batchSize.contains(batchSize) else {
            throw .invalidValue(source: source, field: "batchSize", value: "\(batchSize)", rule: "\(WorkloadLimits.batchSize)")
        }
        guard WorkloadLimits.ringCapacity.contains(ringCapacity), ringCapacity & (ringCapacity - 1) == 0 else {
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
    /// The run would need more memory than the machine can give (see `RunFootprint`).
    case tooLarge(source: String, reason: String)

    public var description: String {
        // Control characters from a file (a NUL, an escape sequence) are shown escaped, never sent to the terminal.
        String(String.UnicodeScalarView(_text.unicodeScalars.flatMap { c -> [Unicode.Scalar] in
            c.properties.generalCategory == .control && c != "\n" ? Array("\\u{\(String(c.value, radix: 16))}".unicodeScalars) : [c]
        }))
    }

    var _text: String {
        switch self {
        case .unreadable(let path, let reason): return "workload file '\(path)': \(reason)"
        case .invalidYAML(let source, let reason): return "\(source): not valid YAML: \(reason)"
        case .missingField(let source, let field): return "\(source): missing required field '\(field)'"
        case .wrongType(let source, let field, let expected, let found): return "\(source): field '\(field)' must be \(expected), found \(found)"
        case .invalidValue(let source, let field, let value, let rule): return "\(source): field '\(field)' = \(value) is out of range: \(rule)"
        case .tooLarge(let source, let reason): return "\(source): \(reason)"
        }
    }
}
