import NIOCore

/// What the broker does with one request frame.
public enum KafkaReply: Sendable {
    /// This whole response frame (size prefix included) goes out, in request order.
    case response([UInt8])
    /// No response (a Produce with acks 0 that succeeded).
    case noResponse
    /// A response frame that is ready later (a long-poll Fetch, a JoinGroup waiting for its
    /// rebalance); later requests' responses on the connection wait for it.
    case deferred(EventLoopFuture<[UInt8]>)
    /// Nothing sane can be said (a frame whose header does not parse, a malformed body of an API
    /// without an error field, a failed acks-0 produce): the connection is closed.
    case close(reason: String)
}
