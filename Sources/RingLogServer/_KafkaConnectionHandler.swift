import NIOCore

/// One connection's requests: each frame goes to the broker, and the responses go out in the
/// order the requests came in, whatever order they are ready in. A response that is not ready
/// (a long-poll Fetch, a JoinGroup) holds back the ones after it in `pending`; while
/// `maxPending` responses are owed, the handler stops reading from the socket, so a client
/// that pipelines without reading cannot grow the queue.
///
/// Thread-safety: confined to the channel's event loop (NIO's handler rules).
final class _KafkaConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// A response owed, by its request's sequence number; nil bytes: not ready yet.
    private struct Slot {
        let sequence: UInt64
        var bytes: [UInt8]?
    }

    /// Responses owed at most before reading stops.
    static let maxPending = 64

    private let broker: KafkaBroker
    private var connection: KafkaConnection?
    private let makeConnection: (ChannelHandlerContext) -> KafkaConnection
    private var pending = CircularBuffer<Slot>(initialCapacity: 8)
    private var nextSequence: UInt64 = 0
    /// A read the pipeline asked for while `pending` was full.
    private var readHeld = false
    private var isActive = true

    init(broker: KafkaBroker, makeConnection: @escaping (ChannelHandlerContext) -> KafkaConnection) {
        self.broker = broker
        self.makeConnection = makeConnection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var frame = unwrapInboundIn(data)
        let connection = self.connection ?? makeConnection(context)
        self.connection = connection
        let bytes = frame.readBytes(length: frame.readableBytes) ?? []
        switch broker.reply(to: bytes[...], connection: connection) {
        case .noResponse:
            break
        case .response(let response):
            if pending.isEmpty {
                context.write(wrapOutboundOut(context.channel.allocator.buffer(bytes: response)), promise: nil)
            } else {
                pending.append(Slot(sequence: take(), bytes: response))
            }
        case .deferred(let future):
            let sequence = take()
            pending.append(Slot(sequence: sequence, bytes: nil))
            future.assumeIsolated().whenComplete { [self] result in
                switch result {
                case .success(let response): fill(sequence, response, context: context)
                case .failure(let error): close(context, reason: "a deferred response failed: \(error)")
                }
            }
        case .close(let reason):
            close(context, reason: reason)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        if pending.count >= Self.maxPending {
            readHeld = true
        } else {
            context.read()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        isActive = false
        pending.removeAll()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        close(context, reason: "\(error)")
    }

    /// The next sequence number.
    private func take() -> UInt64 {
        defer { nextSequence &+= 1 }
        return nextSequence
    }

    /// Stores the response to request `sequence` and writes every response ready from the head.
    private func fill(_ sequence: UInt64, _ response: [UInt8], context: ChannelHandlerContext) {
        guard isActive, let head = pending.first else { return }
        let index = pending.index(pending.startIndex, offsetBy: Int(sequence &- head.sequence))
        pending[index].bytes = response
        var wrote = false
        while let first = pending.first, let bytes = first.bytes {
            context.write(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
            pending.removeFirst()
            wrote = true
        }
        if wrote { context.flush() }
        if readHeld && pending.count < Self.maxPending {
            readHeld = false
            context.read()
        }
    }

    /// Logs why and closes the connection (once).
    private func close(_ context: ChannelHandlerContext, reason: String) {
        guard isActive else { return }
        isActive = false
        broker.log("closing connection \(connection?.remoteAddress ?? "?"): \(reason)")
        context.close(promise: nil)
    }
}
