import RingLogPlatform

/// Kafka's `message.timestamp.type`.
public enum TimestampType: String, Sendable, CaseIterable {
    /// The producer's timestamp (or the append time when it gives none). Kafka's default.
    case createTime
    /// The partition stamps every record with the time of the append, once per batch.
    case logAppendTime
}
