import Foundation
import RingLog
import RingLogPlatform

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
