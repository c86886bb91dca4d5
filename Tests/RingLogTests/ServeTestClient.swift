import Foundation
import RingLogKafkaWire
import RingLogServer
#if canImport(Glibc)
import Glibc
#endif

/// Why a serve test's client gave up.
struct ServeTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A blocking Kafka client on one TCP socket, for the `ringlog serve` tests: it writes frames
/// as they are given (hostile ones too) and reads response frames.
final class ServeTestClient {
    private let fd: Int32
    private var nextCorrelationId: Int32 = 1

    /// Connects to 127.0.0.1:`port`; reads time out after `timeoutSeconds`.
    init(port: Int, timeoutSeconds: Int = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServeTestError("socket: errno \(errno)") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let error = errno
            close(fd)
            throw ServeTestError("connect to port \(port): errno \(error)")
        }
    }

    deinit { close(fd) }

    /// Writes `bytes` as they are.
    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw ServeTestError("send: errno \(errno)") }
            sent += n
        }
    }

    /// Writes a frame: the int32 size of `body`, then `body`.
    func sendFrame(_ body: [UInt8]) throws {
        let size = UInt32(body.count)
        try send([UInt8(size >> 24), UInt8(size >> 16 & 0xff), UInt8(size >> 8 & 0xff), UInt8(size & 0xff)] + body)
    }

    /// Reads exactly `count` bytes; nil when the server closed the connection first.
    private func receive(_ count: Int) throws -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = bytes.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + got, count - got, 0) }
            if n == 0 { return nil }
            if n < 0 {
                if errno == ECONNRESET { return nil }
                throw ServeTestError(errno == EAGAIN ? "no response within the timeout" : "recv: errno \(errno)")
            }
            got += n
        }
        return bytes
    }

    /// The next response frame (after its size prefix); nil when the server closed the connection.
    func receiveFrame() throws -> [UInt8]? {
        guard let prefix = try receive(4) else { return nil }
        let size = Int(UInt32(prefix[0]) << 24 | UInt32(prefix[1]) << 16 | UInt32(prefix[2]) << 8 | UInt32(prefix[3]))
        return try receive(size)
    }

    /// True when the server has closed the connection (reads return end of stream).
    func isClosedByServer() throws -> Bool {
        try receive(1) == nil
    }

    /// Sends `request` at `version` with a fresh correlation ID and returns it (the response is
    /// read separately, for pipelining).
    @discardableResult
    func send(_ request: KafkaRequest, version: Int16) throws -> Int32 {
        let correlationId = nextCorrelationId
        nextCorrelationId += 1
        let frame = KafkaRequestFrame(
            header: KafkaRequestHeader(api: request.apiKey, apiVersion: version, correlationId: correlationId, clientId: "serve-test"),
            request: request)
        try send(try frame.encoded())
        return correlationId
    }

    /// Reads the next response as `Body` at `version`, checking its correlation ID.
    func receive<Body: KafkaMessage>(_: Body.Type, version: Int16, correlationId: Int32) throws -> Body {
        guard let frame = try receiveFrame() else { throw ServeTestError("the server closed the connection") }
        let (echoed, body) = try KafkaResponseFrame.decode(Body.self, from: frame[...], version: version)
        guard echoed == correlationId else { throw ServeTestError("correlation id \(echoed), expected \(correlationId)") }
        return body
    }

    /// One request and its response.
    func call<Body: KafkaMessage>(_ request: KafkaRequest, version: Int16, as body: Body.Type) throws -> Body {
        let correlationId = try send(request, version: version)
        return try receive(body, version: version, correlationId: correlationId)
    }
}

/// Collects a test server's log lines.
final class ServeLogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    /// Appends a line.
    func append(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
    }

    /// The lines so far.
    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}

/// A server on 127.0.0.1 and a free port, with `configure` applied to the defaults and `groups`
/// behind the group APIs, its log lines collected.
func startServeTestServer(groups: any GroupRequestHandling = CoordinatedGroups(),
                          _ configure: (inout KafkaServerConfiguration) -> Void = { _ in }) throws -> (KafkaServer, ServeLogLines) {
    var configuration = KafkaServerConfiguration(listen: ListenAddress(host: "127.0.0.1", port: 0), eventLoops: 2)
    configure(&configuration)
    let lines = ServeLogLines()
    let server = try KafkaServer.start(configuration: configuration, groups: groups, log: { lines.append($0) })
    return (server, lines)
}

/// A RecordBatch v2 of `count` records `key-i` / `value-i` (with one header on the odd ones)
/// at timestamps `firstTimestamp + i`.
func serveTestBatch(_ count: Int, prefix: String = "", firstTimestamp: Int64 = 1_700_000_000_000) throws -> [UInt8] {
    var builder = RecordBatchBuilder()
    for i in 0..<count {
        let headers: [(key: [UInt8], value: [UInt8]?)] = i % 2 == 1 ? [(Array("h".utf8), Array("hv-\(i)".utf8))] : []
        try builder.append(key: Array("\(prefix)key-\(i)".utf8), value: Array("\(prefix)value-\(i)".utf8), headers: headers,
                           timestamp: firstTimestamp + Int64(i))
    }
    return builder.build()
}

/// A Produce request (v7 layout) of `records` to `partition` of `topic`.
func serveProduce(_ topic: String, partition: Int32 = 0, records: [UInt8], acks: Int16 = -1) -> KafkaRequest {
    .produce(ProduceRequest(acks: acks, timeoutMs: 5000, topics: [.init(name: topic, partitions: [.init(index: partition, records: records[...])])]))
}

/// A Fetch request of one partition.
func serveFetch(_ topic: String, partition: Int32 = 0, offset: Int64, maxWaitMs: Int32 = 0, minBytes: Int32 = 1,
                partitionMaxBytes: Int32 = 1 << 20, maxBytes: Int32 = 50 << 20) -> KafkaRequest {
    .fetch(FetchRequest(maxWaitMs: maxWaitMs, minBytes: minBytes, maxBytes: maxBytes, topics: [
        .init(name: topic, partitions: [.init(partition: partition, fetchOffset: offset, partitionMaxBytes: partitionMaxBytes)])]))
}

/// A ListOffsets request (v1 layout) of one partition at `timestamp`.
func serveListOffsets(_ topic: String, partition: Int32 = 0, timestamp: Int64) -> KafkaRequest {
    .listOffsets(ListOffsetsRequest(topics: [.init(name: topic, partitions: [.init(partitionIndex: partition, timestamp: timestamp)])]))
}
