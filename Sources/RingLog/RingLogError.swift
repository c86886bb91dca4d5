/// Every error the engine reports. Each names the value that was wrong; an operation that
/// throws leaves the partition exactly as it was.
public enum RingLogError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The ring capacity is not a power of two, or smaller than the page size, or too large.
    case invalidCapacity(requested: Int, reason: String)
    /// A configuration value other than the capacity is out of range.
    case invalidConfiguration(String)
    /// The system could not provide the memory a partition needs (its ring, mapped twice).
    case outOfMemory(bytes: Int, reason: String)
    /// An argument of a call is out of range (e.g. `maxRecords` below 1).
    case invalidArgument(String)
    /// One record (header, key, value and headers) is larger than the partition accepts.
    case recordTooLarge(size: Int, limit: Int)
    /// A batch reservation is larger than the partition accepts in one append.
    case batchTooLarge(size: Int, limit: Int)
    /// A record header's name is longer than 65,535 bytes or the headers together exceed the limit.
    case headerTooLarge(name: String, size: Int, limit: Int)
    /// The offset is below the log start (its record was dropped by retention, or was
    /// overwritten while it was being read) or above the high watermark.
    case offsetOutOfRange(requested: Int64, logStart: Int64, highWatermark: Int64)
    /// The partition was closed; no more appends.
    case closed
    /// All reader slots of the partition are taken.
    case tooManyReaders(limit: Int)
    /// `tryAppend` on a partition in `block` retention: the slowest reader has not released
    /// enough space.
    case full(needed: Int, available: Int)
    /// A batch appender ran out of its reserved bytes.
    case reservationExhausted(needed: Int, remaining: Int)
    /// No topic of that name exists.
    case unknownTopic(String)
    /// A topic of that name exists already.
    case topicExists(String)
    /// A partition number outside `0..<partitionCount` of the topic.
    case unknownPartition(topic: String, partition: Int, partitionCount: Int)
    /// `auto.offset.reset = none` and the group has no committed offset (or the committed
    /// offset is out of range) for the partition: seek before polling.
    case noValidOffset(topic: String, partition: Int, reason: String)
    /// The consumer does not own the partition (it is not, or not yet, assigned to it).
    case notAssigned(topic: String, partition: Int)

    public var description: String {
        switch self {
        case .outOfMemory(let bytes, let reason):
            return "not enough memory for a \(bytes)-byte ring: \(reason)"
        case .invalidCapacity(let requested, let reason):
            return "invalid capacity \(requested): \(reason)"
        case .invalidConfiguration(let reason):
            return "invalid configuration: \(reason)"
        case .invalidArgument(let reason):
            return "invalid argument: \(reason)"
        case .recordTooLarge(let size, let limit):
            return "record of \(size) bytes exceeds the limit of \(limit) bytes"
        case .batchTooLarge(let size, let limit):
            return "batch of \(size) bytes exceeds the limit of \(limit) bytes"
        case .headerTooLarge(let name, let size, let limit):
            return "header '\(name)' of \(size) bytes exceeds the limit of \(limit) bytes"
        case .offsetOutOfRange(let requested, let logStart, let highWatermark):
            return "offset \(requested) is out of range [\(logStart), \(highWatermark)]"
        case .closed:
            return "the partition is closed"
        case .tooManyReaders(let limit):
            return "all \(limit) reader slots are in use"
        case .full(let needed, let available):
            return "ring full: \(needed) bytes needed, \(available) available until the slowest reader moves"
        case .reservationExhausted(let needed, let remaining):
            return "batch reservation exhausted: \(needed) bytes needed, \(remaining) left"
        case .unknownTopic(let name):
            return "unknown topic '\(name)'"
        case .topicExists(let name):
            return "topic '\(name)' already exists"
        case .unknownPartition(let topic, let partition, let count):
            return "topic '\(topic)' has no partition \(partition) (it has \(count))"
        case .noValidOffset(let topic, let partition, let reason):
            return "no valid offset for \(topic)-\(partition): \(reason) (auto.offset.reset is none; seek first)"
        case .notAssigned(let topic, let partition):
            return "partition \(topic)-\(partition) is not assigned to this consumer"
        }
    }
}
