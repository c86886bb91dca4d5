/// One client connection of a real system, as a producer uses it: publishes messages one at a
/// time (the client library copies each), then ends the batch (a flush, or reading the
/// pipelined replies). Used by exactly one thread.
public protocol BrokerPublishing: AnyObject {
    /// Hands one message to the client library.
    func publish(_ message: UnsafeRawBufferPointer) throws
    /// Ends a batch of `count` published messages.
    func endBatch(count: Int) throws
}
