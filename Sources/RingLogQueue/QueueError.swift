/// Errors of the queue baseline. An operation that throws leaves the queue unchanged.
public enum QueueError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The slot count is not a power of two of at least 2, or too large.
    case invalidCapacity(requested: Int, reason: String)
    /// The largest message is not in 1...maximum.
    case invalidMessageSize(requested: Int, limit: Int)
    /// A message longer than the queue's slots.
    case messageTooLarge(size: Int, limit: Int)

    public var description: String {
        switch self {
        case .invalidCapacity(let requested, let reason): return "invalid queue capacity \(requested): \(reason)"
        case .invalidMessageSize(let requested, let limit): return "invalid maximum message size \(requested): must be in 1...\(limit)"
        case .messageTooLarge(let size, let limit): return "message of \(size) bytes exceeds the queue's slot size of \(limit) bytes"
        }
    }
}
