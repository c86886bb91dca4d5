/// One committed offset of a group for one (topic, partition).
///
/// The coordinator stores what the client committed and never checks it against the log: a
/// committed offset past the log's end (or before its start, after retention) is returned as
/// committed, and the server answers OFFSET_OUT_OF_RANGE when the consumer fetches from it.
///
/// Thread-safety: a value type (`Sendable`).
public struct CommittedOffset: Sendable, Equatable {
    /// The offset of the next record the group will consume.
    public var offset: Int64
    /// The leader epoch of the last consumed record (-1: unknown).
    public var leaderEpoch: Int32
    /// The client's metadata ("" when it sent none, as Kafka stores it).
    public var metadata: String
    /// When the coordinator stored it (the `now` of the commit, in nanoseconds).
    public var commitTimeNanoseconds: Int64

    /// An offset with the given fields.
    public init(offset: Int64, leaderEpoch: Int32 = -1, metadata: String = "", commitTimeNanoseconds: Int64 = 0) {
        self.offset = offset
        self.leaderEpoch = leaderEpoch
        self.metadata = metadata
        self.commitTimeNanoseconds = commitTimeNanoseconds
    }
}
