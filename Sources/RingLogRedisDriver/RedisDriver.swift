#if Redis
import CHiredis
import Foundation
import RingLogBench

/// Drives Redis Streams (a real log with consumer groups) over loopback through hiredis:
/// a topic is one stream, a subscription is a consumer group, producers `XADD` (pipelined, one
/// round trip per batch), consumers `XREADGROUP` and `XACK` each batch. Partitions do not
/// exist in a stream: `partitionsPerTopic` is ignored and recorded as such.
/// The server comes from `RINGLOG_REDIS` (`host:port`, default 127.0.0.1:6379);
/// `scripts/redis.sh start` runs one bound to 127.0.0.1.
final class RedisDriver: BenchmarkDriver {
    typealias Producer = BrokerProducer<_RedisStreamWriter>
    typealias Consumer = BrokerConsumer<_RedisGroupReader>

    let host: String
    let port: Int32
    let consumersPerSubscription: Int
    let runID = String(UInt64.random(in: 0...UInt64.max), radix: 36)
    var streams: [String] = []

    init(consumersPerSubscription: Int) throws {
        let address = ProcessInfo.processInfo.environment["RINGLOG_REDIS"] ?? "127.0.0.1:6379"
        let parts = address.split(separator: ":")
        guard parts.count == 2, let p = Int32(parts[1]) else {
            throw HarnessError.driver("RINGLOG_REDIS must be host:port, got '\(address)'")
        }
        host = String(parts[0])
        port = p
        self.consumersPerSubscription = consumersPerSubscription
        // Fails early, with the address in the message; records the server's version.
        let info = try _RedisConnection(host: host, port: port).string(["INFO", "server"])
        let line = info.split(whereSeparator: \.isNewline).first { $0.hasPrefix("redis_version:") }
        serverVersion = line.map { "redis \($0.dropFirst("redis_version:".count))" } ?? "unknown (no redis_version in INFO)"
    }

    let serverVersion: String

    var name: String { "redis-streams" }
    var settings: [String: String] {
        ["server": "\(host):\(port) (loopback)", "stream": "one per topic; partitions ignored", "groups": "one per subscription",
         "ack": "XACK per batch", "transport": "hiredis, pipelined XADD per batch",
         "serverVersion": serverVersion, "clientVersion": "hiredis \(HIREDIS_MAJOR).\(HIREDIS_MINOR).\(HIREDIS_PATCH)"]
    }
    var storageBytes: Int { 0 }
    var ordersPerPartition: Bool { consumersPerSubscription == 1 }
    var lossless: Bool { true }

    func createTopic(index: Int, partitions: Int, numaNode: Int?) throws {
        streams.append("ringlog-\(runID)-topic-\(index)")
    }

    func makeProducer(topic: Int, index: Int) throws -> Producer {
        Producer(_RedisStreamWriter(connection: try _RedisConnection(host: host, port: port), stream: streams[topic]))
    }

    func makeConsumer(topic: Int, subscription: Int, index: Int) throws -> Consumer {
        try makeConsumer(topic: topic, group: "sub-\(subscription)", index: index)
    }

    var lateSubscriber: String { "a new consumer group created at ID 0 (XGROUP CREATE ... 0)" }
    func makeLateConsumer(topic: Int) throws -> Consumer { try makeConsumer(topic: topic, group: "late", index: 0) }

    func makeConsumer(topic: Int, group: String, index: Int) throws -> Consumer {
        let c = try _RedisConnection(host: host, port: port)
        // BUSYGROUP (the group exists) is fine: consumers of one subscription share it.
        _ = try? c.command(["XGROUP", "CREATE", streams[topic], group, "0", "MKSTREAM"])
        return Consumer(_RedisGroupReader(connection: c, stream: streams[topic], group: group, name: "c\(index)"))
    }

    func shutdown() {
        guard let c = try? _RedisConnection(host: host, port: port) else { return }
        for s in streams { _ = try? c.command(["DEL", s]) }
    }
}

/// A producer's connection: `XADD` per message, pipelined; the batch's replies read at its end.
final class _RedisStreamWriter: BrokerPublishing {
    let connection: _RedisConnection
    let stream: String

    init(connection: _RedisConnection, stream: String) {
        self.connection = connection
        self.stream = stream
    }

    func publish(_ message: UnsafeRawBufferPointer) throws {
        try connection.append(["XADD", stream, "*", "p"], binary: message)
    }

    func endBatch(count: Int) throws {
        for _ in 0..<count { try connection.readReply { _ in } }
    }
}

/// A consumer's connection: `XREADGROUP` for up to `max` entries (blocking 1 ms), then one
/// `XACK` for the batch.
final class _RedisGroupReader: BrokerFetching {
    let connection: _RedisConnection
    let stream: String
    let group: String
    let name: String

    init(connection: _RedisConnection, stream: String, group: String, name: String) {
        self.connection = connection
        self.stream = stream
        self.group = group
        self.name = name
    }

    func fetch(max: Int, _ body: (UnsafeRawBufferPointer) -> Void) throws -> Int {
        try connection.append(["XREADGROUP", "GROUP", group, name, "COUNT", String(max), "BLOCK", "1", "STREAMS", stream, ">"], binary: nil)
        var got: [String] = []
        try connection.readReply { reply in
            // [[stream, [[id, [field, value]], ...]]] or nil on timeout
            guard reply.pointee.type == REDIS_REPLY_ARRAY, reply.pointee.elements > 0,
                  let streamEntry = reply.pointee.element[0], streamEntry.pointee.elements == 2,
                  let entries = streamEntry.pointee.element[1] else { return }
            for e in 0..<entries.pointee.elements {
                guard let entry = entries.pointee.element[e], entry.pointee.elements == 2,
                      let id = entry.pointee.element[0], let fields = entry.pointee.element[1],
                      fields.pointee.elements >= 2, let value = fields.pointee.element[1] else { continue }
                got.append(String(cString: id.pointee.str))
                body(UnsafeRawBufferPointer(start: value.pointee.str, count: Int(value.pointee.len)))
            }
        }
        if !got.isEmpty { _ = try connection.command(["XACK", stream, group] + got) }
        return got.count
    }
}

/// One hiredis connection: the only holder of its unsafe pointers. One thread at a time.
final class _RedisConnection: @unchecked Sendable {
    let context: UnsafeMutablePointer<redisContext>

    init(host: String, port: Int32) throws {
        guard let c = redisConnectWithTimeout(host, port, timeval(tv_sec: 2, tv_usec: 0)) else {
            throw HarnessError.driver("redis: cannot allocate a connection")
        }
        if c.pointee.err != 0 {
            let message = withUnsafeBytes(of: c.pointee.errstr) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            redisFree(c)
            throw HarnessError.driver("redis at \(host):\(port): \(message) (start one with scripts/redis.sh start)")
        }
        context = c
    }

    deinit { redisFree(context) }

    /// Queues a command (arguments, then optionally one binary argument) without waiting.
    func append(_ args: [String], binary: UnsafeRawBufferPointer?) throws {
        var strings = args.map { Array($0.utf8) }
        if let binary { strings.append(Array(binary)) }
        var pointers: [UnsafePointer<CChar>?] = []
        var lengths: [Int] = []
        try withArrays(strings, 0, &pointers, &lengths)
    }

    private func withArrays(_ strings: [[UInt8]], _ i: Int, _ pointers: inout [UnsafePointer<CChar>?], _ lengths: inout [Int]) throws {
        if i == strings.count {
            let rc = redisAppendCommandArgv(context, Int32(strings.count), &pointers, lengths)
            if rc != REDIS_OK { throw HarnessError.driver("redis: append failed") }
            return
        }
        try strings[i].withUnsafeBufferPointer { b in
            try b.withMemoryRebound(to: CChar.self) { c in
                pointers.append(c.baseAddress ?? UnsafePointer(bitPattern: 1))
                lengths.append(c.count)
                try withArrays(strings, i + 1, &pointers, &lengths)
            }
        }
    }

    /// Reads one reply, passes it to `body`, frees it. - Throws: on a connection or server error.
    func readReply(_ body: (UnsafeMutablePointer<redisReply>) throws -> Void) throws {
        var raw: UnsafeMutableRawPointer?
        guard redisGetReply(context, &raw) == REDIS_OK, let raw else { throw HarnessError.driver("redis: connection lost") }
        let reply = raw.assumingMemoryBound(to: redisReply.self)
        defer { freeReplyObject(raw) }
        if reply.pointee.type == REDIS_REPLY_ERROR {
            throw HarnessError.driver("redis: " + String(cString: reply.pointee.str))
        }
        try body(reply)
    }

    /// Sends one command and returns its string reply.
    func string(_ args: [String]) throws -> String {
        try append(args, binary: nil)
        var text = ""
        try readReply { r in
            if let s = r.pointee.str { text = String(decoding: UnsafeRawBufferPointer(start: s, count: Int(r.pointee.len)), as: UTF8.self) }
        }
        return text
    }

    /// Sends one command and waits for its reply.
    @discardableResult
    func command(_ args: [String]) throws -> Int {
        try append(args, binary: nil)
        var n = 0
        try readReply { n = Int($0.pointee.integer) }
        return n
    }
}
#endif
