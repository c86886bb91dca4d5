import RingLog
import RingLogKafkaWire
import RingLogPlatform
#if canImport(Glibc)
import Glibc
#endif

/// The Kafka wire protocol over RingLog's engine, without the sockets: `reply(to:connection:)`
/// takes one request frame (the bytes after its size prefix) and says what to send back.
/// `KafkaServer` puts it behind SwiftNIO; tests and the callgrind probe call it directly.
///
/// Storage: one engine record per Kafka record. A partition is a `PartitionLog` whose dense
/// offsets are the Kafka offsets; a produced RecordBatch v2 is validated (magic 2, CRC-32C,
/// no compression, dense offset deltas, size against the ring), then its records are appended
/// in one engine batch (all or nothing) with key, value, headers and timestamp (ms × 10⁶ ns);
/// a fetch copies records out (`PartitionLog.fetch`, the read contract's validated copy) and
/// encodes them as RecordBatch v2 again. So the bytes a consumer gets are not the producer's
/// bytes (CRC and batch boundaries differ) but carry the same records; a null value (a
/// tombstone) comes back null, a null header value empty (the engine's headers have no null).
/// An idempotent producer's batches are checked against its sequence per partition
/// (`_ProducerSequences`): a retry is answered with its first append's offset, not appended again.
///
/// Thread-safety: every member may be called from any thread (every event loop at once).
public final class KafkaBroker: Sendable {
    /// The server's settings.
    public let configuration: KafkaServerConfiguration
    /// The topics and their partitions.
    public let eventLog = EventLog()
    /// Where the group APIs go.
    public let groups: any GroupRequestHandling
    /// Where the broker's log lines go (one line per event worth telling an operator).
    let log: @Sendable (String) -> Void
    /// Long-polling fetches waiting for records, by partition.
    let _watchers = _FetchWatchers()
    /// Deferred replies not answered yet (failed at shutdown).
    let _pending = _PendingReplies()
    /// The number of partitions over all topics; taken to create a topic (creation is
    /// serialized, lookups are not).
    let _partitionCount = LockedValue<Int>(0)
    /// `block` retention: one reader per partition, at the lowest offset the groups committing
    /// on it committed (the log start until one does), so the ring refuses appends once full
    /// instead of dropping records a group has not consumed.
    let _anchors = LockedValue<[TopicPartition: _RetentionAnchor]>([:])
    /// Idempotent producers: the IDs handed out and each one's sequences per partition.
    let _producerSequences = _ProducerSequences()

    /// A broker with no topics.
    /// - Parameters:
    ///   - configuration: the limits, retention and partition defaults the broker serves with.
    ///   - groups: the group coordinator (default: every group API answers COORDINATOR_NOT_AVAILABLE).
    ///   - log: receives the broker's log lines (default: standard error).
    public init(configuration: KafkaServerConfiguration = .init(), groups: any GroupRequestHandling = UnavailableGroupCoordinator(),
                log: @escaping @Sendable (String) -> Void = KafkaBroker.standardErrorLog) {
        self.configuration = configuration
        self.groups = groups
        self.log = log
    }

    /// Writes `line` and a newline to standard error.
    public static let standardErrorLog: @Sendable (String) -> Void = { line in
        var text = "ringlog serve: " + line + "\n"
        text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }

    /// Fails every deferred reply not answered yet, and every later one: their connections
    /// close. `KafkaServer.shutdown()` calls it before it stops the event loops.
    public func failPendingReplies() {
        _pending.failAll()
    }

    /// Partition `index` of `topic`, or nil when either does not exist.
    func _partition(_ topic: String, _ index: Int32) -> PartitionLog? {
        guard let t = try? eventLog.topic(topic) else { return nil }
        return try? t.partition(Int(index))
    }

    /// Creates `name` with `partitions` partitions unless it exists.
    /// - Returns: the topic and whether this call created it, or the Kafka error and message.
    func _createTopic(_ name: String, partitions: Int) -> Result<(topic: Topic, created: Bool), _KafkaFailure> {
        _partitionCount.withLock { count -> Result<(topic: Topic, created: Bool), _KafkaFailure> in
            if let existing = try? eventLog.topic(name) { return .success((existing, false)) }
            guard (1...TopicConfiguration.maximumPartitions).contains(partitions) else {
                return .failure(_KafkaFailure(code: .invalidPartitions,
                                            message: "partitions must be in 1...\(TopicConfiguration.maximumPartitions), got \(partitions)"))
            }
            guard count + partitions <= configuration.maxPartitions else {
                return .failure(_KafkaFailure(code: .policyViolation, message:
                    "\(partitions) more partition(s) would pass --max-partitions \(configuration.maxPartitions) (\(count) held)"))
            }
            do throws(RingLogError) {
                let topic = try eventLog.createTopic(name, configuration: TopicConfiguration(
                    partitions: partitions, partition: configuration.partitionConfiguration))
                count += partitions
                if configuration.retention == .block {
                    var anchors: [(TopicPartition, _RetentionAnchor)] = []
                    for i in 0..<partitions {
                        anchors.append((TopicPartition(name, i), _RetentionAnchor(reader: try topic.partition(i).makeReader(startingAt: .earliest))))
                    }
                    _anchors.withLock { for (key, anchor) in anchors where $0[key] == nil { $0[key] = anchor } }
                }
                log("created topic \(name) with \(partitions) partition(s)")
                return .success((topic, true))
            } catch {
                if case .invalidConfiguration(let why) = error, why.hasPrefix("topic name") {
                    return .failure(_KafkaFailure(code: .invalidTopic, message: why))
                }
                return .failure(_KafkaFailure(code: .unknownServerError, message: error.description))
            }
        }
    }
}
