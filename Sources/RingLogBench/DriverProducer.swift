/// Sends messages for one producer thread.
public protocol DriverProducer: SendableMetatype {
    /// Sends up to `count` messages of `size` bytes. Message `i` gets key `messages.key(i)`
    /// (`MessageHeader.noKey` for none) and its bytes are written in place by
    /// `messages.write(i, into: buffer)`. Returns how many were accepted; 0 means the system
    /// pushes back (full) and the caller should retry (with the same messages).
    mutating func send(count: Int, size: Int, messages: inout MessageBatch) throws -> Int
    /// For systems that acknowledge asynchronously (Kafka's delivery reports): passes the
    /// latency in ns from the send call to each acknowledgement that arrived since the last call
    /// to `record`, and returns true; the runner then reports those as publish latency, as OMB
    /// does. The default returns false: the send call's own duration is the publish latency.
    mutating func takeAckLatencies(_ record: (Int64) -> Void) -> Bool
}

extension DriverProducer {
    @inline(__always)
    public mutating func takeAckLatencies(_ record: (Int64) -> Void) -> Bool { false }
}
