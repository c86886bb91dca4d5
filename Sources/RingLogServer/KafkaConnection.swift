import NIOCore

/// The connection a request came on, as the broker needs it.
///
/// Thread-safety: a value (`Sendable`).
public struct KafkaConnection: Sendable {
    /// Unique while the server runs.
    public let id: UInt64
    /// The address the client connected to (`Metadata` and `FindCoordinator` advertise it, so a
    /// server listening on 0.0.0.0 names an address the client can reach).
    public let localHost: String
    /// The port the client connected to.
    public let localPort: Int
    /// The client's address as `HOST:PORT`.
    public let remoteAddress: String
    /// The event loop the connection is served on (deferred replies complete there).
    public let eventLoop: any EventLoop

    /// A connection with these values.
    public init(id: UInt64, localHost: String, localPort: Int, remoteAddress: String, eventLoop: any EventLoop) {
        self.id = id
        self.localHost = localHost
        self.localPort = localPort
        self.remoteAddress = remoteAddress
        self.eventLoop = eventLoop
    }
}
