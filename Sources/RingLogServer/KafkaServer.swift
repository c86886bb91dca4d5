import NIOCore
import NIOPosix
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// `ringlog serve`: a `KafkaBroker` behind SwiftNIO. Each connection gets a frame decoder (int32
/// size prefix, at most `maxRequestBytes`) and a handler that answers its requests in order;
/// connections are spread over one event loop per core, and what one does never holds up
/// another.
///
/// Start one with `start(configuration:groups:log:)`, stop it with `shutdown()`.
///
/// Thread-safety: every member may be called from any thread except an event loop of the
/// server (`shutdown` and `waitUntilClosed` wait for them).
public final class KafkaServer: Sendable {
    /// The protocol side, shared by every connection.
    public let broker: KafkaBroker
    /// The address the server listens on (with the real port when port 0 was asked for).
    public let address: ListenAddress

    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let connections: _ConnectionCounter
    /// Set by the first `shutdown()`.
    private let stopped = Atomic<Bool>(false)

    private init(broker: KafkaBroker, address: ListenAddress, group: MultiThreadedEventLoopGroup, channel: any Channel,
                 connections: _ConnectionCounter) {
        self.broker = broker
        self.address = address
        self.group = group
        self.channel = channel
        self.connections = connections
    }

    /// Validates `configuration`, binds its listen address and starts serving.
    /// - Parameters:
    ///   - configuration: where to listen, the limits, retention and event loops (checked first).
    ///   - groups: the group coordinator behind JoinGroup, SyncGroup, Heartbeat, LeaveGroup,
    ///     OffsetCommit and OffsetFetch (default: a `GroupCoordinator`, `CoordinatedGroups`).
    ///   - log: receives the server's log lines (default: standard error).
    /// - Throws: `KafkaServerError` (`.invalidConfiguration`, `.invalidAddress`, `.bindFailed`
    ///   with the system's reason, e.g. the address in use); nothing is left running then.
    public static func start(
        configuration: KafkaServerConfiguration, groups: any GroupRequestHandling = CoordinatedGroups(),
        log: @escaping @Sendable (String) -> Void = KafkaBroker.standardErrorLog
    ) throws(KafkaServerError) -> KafkaServer {
        try configuration.validate()
        let broker = KafkaBroker(configuration: configuration, groups: groups, log: log)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: configuration.eventLoops ?? System.coreCount)
        let connections = _ConnectionCounter(limit: configuration.maxConnections)
        let maxFrame = configuration.maxRequestBytes
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                guard let id = connections.open() else {
                    log("refusing a connection from \(channel.remoteAddress?.description ?? "?"): --max-connections \(configuration.maxConnections) reached")
                    channel.close(promise: nil)
                    return channel.eventLoop.makeSucceededVoidFuture()
                }
                channel.closeFuture.whenComplete { _ in
                    connections.close()
                    groups.connectionClosed(id)
                }
                return channel.eventLoop.makeCompletedFuture {
                    let handler = _KafkaConnectionHandler(broker: broker) { context in
                        let local = context.channel.localAddress
                        let remote = context.channel.remoteAddress
                        return KafkaConnection(id: id, localHost: local?.ipAddress ?? configuration.listen.host,
                                               localPort: local?.port ?? configuration.listen.port,
                                               remoteAddress: remote.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "?",
                                               eventLoop: context.eventLoop)
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(_KafkaFrameDecoder(maxFrameBytes: maxFrame)))
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        let host = configuration.listen.host
        let port = configuration.listen.port
        let channel: any Channel
        do {
            channel = try bootstrap.bind(host: host, port: port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw .bindFailed(host: host, port: port, reason: Self.reason(error))
        }
        groups.serverStarted(broker: broker, eventLoops: group)
        let bound = ListenAddress(host: channel.localAddress?.ipAddress ?? host, port: channel.localAddress?.port ?? port)
        return KafkaServer(broker: broker, address: bound, group: group, channel: channel, connections: connections)
    }

    /// Connections open now.
    public var openConnections: Int { connections.count }

    /// Stops listening, closes every connection and stops the event loops. Idempotent: calls
    /// after the first (from a signal handler and the main thread, say) return at once.
    public func shutdown() {
        // relaxed: only who goes first matters; NIO's own shutdown synchronizes the rest.
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        broker.groups.serverStopping()
        broker.failPendingReplies()
        channel.close(promise: nil)
        try? channel.closeFuture.wait()
        try? group.syncShutdownGracefully()
    }

    /// Blocks until the listening socket is closed (by `shutdown()`, from another thread or a
    /// signal handler).
    public func waitUntilClosed() {
        try? channel.closeFuture.wait()
    }

    /// The system's words for a bind failure ("Address already in use (errno: 98)").
    static func reason(_ error: any Error) -> String {
        if let io = error as? IOError {
            return "\(String(cString: strerror(io.errnoCode))) (errno \(io.errnoCode))"
        }
        return "\(error)"
    }
}
