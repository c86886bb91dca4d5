import NIOCore

/// What a group request's handler knows besides the request: who sent it and where to schedule.
///
/// Thread-safety: a value (`Sendable`).
public struct GroupRequestContext: Sendable {
    /// The request's API version (the response is encoded in it; some errors depend on it, e.g.
    /// MEMBER_ID_REQUIRED only from JoinGroup v4).
    public let apiVersion: Int16
    /// The request's correlation ID (for logs; the server echoes it itself).
    public let correlationId: Int32
    /// The client's ID from the request header, or nil.
    public let clientId: String?
    /// The connection the request came on (unique while the server runs); `connectionClosed`
    /// reports the same number when it goes away.
    public let connectionID: UInt64
    /// The client's address as `HOST:PORT` (Kafka's member `clientHost`).
    public let clientAddress: String
    /// The connection's event loop: schedule timers here (rebalance and session timeouts) if the
    /// handler has none of its own. `respond` may be called from any thread all the same.
    public let eventLoop: any EventLoop

    /// A context with these values.
    public init(apiVersion: Int16, correlationId: Int32, clientId: String?, connectionID: UInt64,
                clientAddress: String, eventLoop: any EventLoop) {
        self.apiVersion = apiVersion
        self.correlationId = correlationId
        self.clientId = clientId
        self.connectionID = connectionID
        self.clientAddress = clientAddress
        self.eventLoop = eventLoop
    }
}
