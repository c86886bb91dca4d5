#if NATS
import CNats
import Foundation

/// Drives NATS JetStream (a log: a stream plus durable pull consumers) over loopback through
/// the NATS C client: a topic is a stream on one subject, a subscription is a durable consumer
/// whose members form a queue group (they compete), producers publish each batch and flush it,
/// consumers take what was delivered and ack each message.
/// Partitions do not exist in a stream: ignored, and recorded as such.
/// The server comes from `RINGLOG_NATS` (default nats://127.0.0.1:4222);
/// `scripts/nats.sh start` runs one bound to 127.0.0.1 with JetStream on.
public final class NATSDriver: BenchmarkDriver {
    let url: String
    let admin: _NATSConnection
    let consumersPerSubscription: Int
    let runID = String(UInt64.random(in: 0...UInt64.max), radix: 36).uppercased()
    var streams: [(name: String, subject: String)] = []

    public init(consumersPerSubscription: Int) throws {
        url = ProcessInfo.processInfo.environment["RINGLOG_NATS"] ?? "nats://127.0.0.1:4222"
        self.consumersPerSubscription = consumersPerSubscription
        admin = try _NATSConnection(url: url)
        serverVersion = Self.serverVersion(url: url)
    }

    /// nats-server's version from the INFO line it greets every client with.
    let serverVersion: String

    static func serverVersion(url: String) -> String {
        let address = url.split(separator: "/").last.map(String.init) ?? url
        let parts = address.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]),
              let greeting = _serverGreeting(host: String(parts[0]), port: port),
              let version = _jsonStringField("version", in: greeting) else { return "unknown (no INFO greeting read)" }
        return "nats-server \(version)"
    }

    public var name: String { "nats-jetstream" }
    public var settings: [String: String] {
        ["server": "\(url) (loopback)", "stream": "one per topic, file storage; partitions ignored",
         "consumers": "one durable consumer per subscription, its members a queue group, each message acked",
         "publish": "core NATS publish per message, flushed per batch (no per-message PubAck; the run verification catches any loss)",
         "client": "NATS C client \(String(cString: nats_GetVersion()))",
         "clientVersion": "NATS C client \(String(cString: nats_GetVersion()))",
         "serverVersion": serverVersion]
    }
    public var storageBytes: Int { 0 }
    public var ordersPerPartition: Bool { consumersPerSubscription == 1 }
    public var lossless: Bool { true }

    public func createTopic(index: Int, partitions: Int, numaNode: Int?) throws {
        let name = "RINGLOG_\(runID)_\(index)"
        let subject = "ringlog.\(runID).\(index)"
        try admin.addStream(name: name, subject: subject)
        streams.append((name, subject))
    }

    public func makeProducer(topic: Int, index: Int) throws -> Producer {
        Producer(connection: try _NATSConnection(url: url), subject: streams[topic].subject)
    }

    public func makeConsumer(topic: Int, subscription: Int, index: Int) throws -> Consumer {
        try makeConsumer(topic: topic, durable: "sub\(subscription)")
    }

    public var lateSubscriber: String { "a new durable consumer (deliver policy all)" }
    public func makeLateConsumer(topic: Int) throws -> Consumer { try makeConsumer(topic: topic, durable: "late") }

    func makeConsumer(topic: Int, durable: String) throws -> Consumer {
        let c = try _NATSConnection(url: url)
        try c.pullSubscribe(subject: streams[topic].subject, stream: streams[topic].name, durable: durable)
        return Consumer(connection: c)
    }

    public func shutdown() {
        for s in streams { admin.deleteStream(s.name) }
    }

    public struct Producer: DriverProducer {
        let connection: _NATSConnection
        let subject: String
        var buffer = [UInt8](repeating: 0, count: 1 << 20)

        public mutating func send(count: Int, size: Int, key: (Int) -> UInt32, fill: (Int, UnsafeMutableRawBufferPointer) -> Void) throws -> Int {
            for i in 0..<count {
                buffer.withUnsafeMutableBytes { fill(i, UnsafeMutableRawBufferPointer(rebasing: $0[0..<size])) }
                try buffer.withUnsafeBytes { try connection.publish(subject, UnsafeRawBufferPointer(rebasing: $0[0..<size])) }
            }
            try connection.flush()
            return count
        }
    }

    public struct Consumer: DriverConsumer {
        let connection: _NATSConnection
        public mutating func poll(max: Int, _ body: (Int, UnsafeRawBufferPointer) -> Void) throws -> Int {
            try connection.fetch(max: max) { body(0, $0) }
        }
        public mutating func close() {}
    }
}

/// One NATS connection with its JetStream context (and at most one pull subscription): the
/// only holder of their pointers. One thread at a time.
final class _NATSConnection: @unchecked Sendable {
    var connection: OpaquePointer?
    var js: OpaquePointer?
    var subscription: OpaquePointer?

    init(url: String) throws {
        var nc: OpaquePointer?
        let s = natsConnection_ConnectTo(&nc, url)
        guard s == NATS_OK, let nc else {
            throw HarnessError.driver("nats at \(url): \(String(cString: natsStatus_GetText(s))) (start one with scripts/nats.sh start)")
        }
        connection = nc
        var ctx: OpaquePointer?
        let j = natsConnection_JetStream(&ctx, nc, nil)
        guard j == NATS_OK else { throw HarnessError.driver("nats JetStream: \(String(cString: natsStatus_GetText(j)))") }
        js = ctx
    }

    deinit {
        if let subscription { natsSubscription_Destroy(subscription) }
        if let js { jsCtx_Destroy(js) }
        if let connection { natsConnection_Destroy(connection) }
    }

    func check(_ s: natsStatus, _ what: String, _ jerr: jsErrCode = jsErrCode(rawValue: 0)) throws {
        guard s == NATS_OK else {
            throw HarnessError.driver("nats \(what): \(String(cString: natsStatus_GetText(s)))\(jerr.rawValue != 0 ? " (JetStream error \(jerr.rawValue))" : "")")
        }
    }

    func addStream(name: String, subject: String) throws {
        var cfg = jsStreamConfig()
        jsStreamConfig_Init(&cfg)
        var jerr = jsErrCode(rawValue: 0)
        try name.withCString { n in
            try subject.withCString { sub in
                var subjects: [UnsafePointer<CChar>?] = [sub]
                try subjects.withUnsafeMutableBufferPointer { list in
                    cfg.Name = n
                    cfg.Subjects = list.baseAddress
                    cfg.SubjectsLen = 1
                    cfg.Storage = js_FileStorage
                    var info: UnsafeMutablePointer<jsStreamInfo>?
                    try check(js_AddStream(&info, js, &cfg, nil, &jerr), "add stream \(name)", jerr)
                    if let info { jsStreamInfo_Destroy(info) }
                }
            }
        }
    }

    func deleteStream(_ name: String) {
        var jerr = jsErrCode(rawValue: 0)
        _ = js_DeleteStream(js, name, nil, &jerr)
    }

    /// Publishes on the stream's subject (core NATS publish; the stream captures it).
    func publish(_ subject: String, _ data: UnsafeRawBufferPointer) throws {
        try check(natsConnection_Publish(connection, subject, data.baseAddress, Int32(data.count)), "publish")
    }

    /// Flushes the batch to the server and waits for its round trip.
    func flush() throws {
        try check(natsConnection_Flush(connection), "flush")
    }

    /// A durable push consumer shared by the subscription's members as a queue group (they
    /// compete), with manual acks.
    func pullSubscribe(subject: String, stream: String, durable: String) throws {
        var so = jsSubOptions()
        jsSubOptions_Init(&so)
        so.ManualAck = true
        var jerr = jsErrCode(rawValue: 0)
        var sub: OpaquePointer?
        try stream.withCString { st in
            try durable.withCString { d in
                so.Stream = st
                so.Queue = d
                so.Config.Durable = d
                so.Config.DeliverGroup = d
                try check(js_SubscribeSync(&sub, js, subject, nil, &so, &jerr), "subscribe \(durable)", jerr)
            }
        }
        subscription = sub
    }

    /// Takes up to `max` delivered messages (waiting at most 1 ms for the first), passes each to
    /// `body`, acks each.
    func fetch(max: Int, _ body: (UnsafeRawBufferPointer) -> Void) throws -> Int {
        var n = 0
        while n < max {
            var m: OpaquePointer?
            if n > 0 {
                var pending: Int32 = 0, bytes: Int32 = 0
                _ = natsSubscription_GetPending(subscription, &pending, &bytes)
                if pending <= 0 { break }
            }
            let s = natsSubscription_NextMsg(&m, subscription, 1)
            if s == NATS_TIMEOUT { break }
            try check(s, "next message")
            guard let m else { break }
            defer { natsMsg_Destroy(m) }
            body(UnsafeRawBufferPointer(start: natsMsg_GetData(m), count: Int(natsMsg_GetDataLength(m))))
            try check(natsMsg_Ack(m, nil), "ack")
            n += 1
        }
        return n
    }
}
#endif
