#if NATS
import CNats
import Foundation
import RingLogBench

/// Drives NATS JetStream (a log: a stream plus durable consumers) over loopback through the
/// NATS C client: a topic is a stream on one subject, a subscription is a durable consumer whose
/// members compete for its messages, producers publish each batch and flush it, consumers ack
/// each message. Consumers pull (`RINGLOG_NATS_CONSUMER=pull`, default: one pull request per
/// poll for up to `RINGLOG_NATS_PULL_BATCH` messages) or take pushed messages as a queue group
/// (`push`).
/// Partitions do not exist in a stream: ignored, and recorded as such.
/// The server comes from `RINGLOG_NATS` (default nats://127.0.0.1:4222);
/// `scripts/nats.sh start` runs one bound to 127.0.0.1 with JetStream on.
final class NATSDriver: BenchmarkDriver {
    typealias Producer = BrokerProducer<_NATSPublisher>
    typealias Consumer = BrokerConsumer<_NATSConnection>

    let url: String
    let admin: _NATSConnection
    let consumersPerSubscription: Int
    let runID = String(UInt64.random(in: 0...UInt64.max), radix: 36).uppercased()
    var streams: [(name: String, subject: String)] = []

    /// Pull consumers (`RINGLOG_NATS_CONSUMER=pull`, the default) or push consumers in a queue
    /// group (`push`).
    let pull: Bool
    /// Messages per pull request at most (`RINGLOG_NATS_PULL_BATCH`).
    let pullBatch: Int

    init(consumersPerSubscription: Int) throws {
        let env = ProcessInfo.processInfo.environment
        url = env["RINGLOG_NATS"] ?? "nats://127.0.0.1:4222"
        let mode = env["RINGLOG_NATS_CONSUMER"] ?? "pull"
        guard mode == "pull" || mode == "push" else {
            throw HarnessError.driver("RINGLOG_NATS_CONSUMER must be pull or push, got '\(mode)'")
        }
        pull = mode == "pull"
        let batchText = env["RINGLOG_NATS_PULL_BATCH"] ?? "\(Self.defaultPullBatch)"
        guard let b = Int(batchText), (1...Self.maximumPullBatch).contains(b) else {
            throw HarnessError.driver("RINGLOG_NATS_PULL_BATCH must be 1...\(Self.maximumPullBatch), got '\(batchText)'")
        }
        pullBatch = b
        self.consumersPerSubscription = consumersPerSubscription
        admin = try _NATSConnection(url: url)
        serverVersion = Self.serverVersion(url: url)
    }

    /// nats-server's version from the INFO line it greets every client with.
    let serverVersion: String

    static let defaultPullBatch = 64
    static let maximumPullBatch = 4096

    static func serverVersion(url: String) -> String {
        let address = url.split(separator: "/").last.map(String.init) ?? url
        let parts = address.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]),
              let greeting = _serverGreeting(host: String(parts[0]), port: port),
              let version = _jsonStringField("version", in: greeting) else { return "unknown (no INFO greeting read)" }
        return "nats-server \(version)"
    }

    var name: String { "nats-jetstream" }
    var settings: [String: String] {
        ["server": "\(url) (loopback)", "stream": "one per topic, file storage; partitions ignored",
         "consumers": pull
            ? "one durable pull consumer per subscription (explicit acks), its members pulling from it (they compete): a no_wait pull request per poll for up to \(pullBatch) messages (sent at once), each message acked (acks on a second, buffered connection)"
            : "one durable push consumer per subscription, its members a queue group, each message acked",
         "publish": "core NATS publish per message, flushed per batch (no per-message PubAck; the run verification catches any loss)",
         "client": "NATS C client \(String(cString: nats_GetVersion()))",
         "clientVersion": "NATS C client \(String(cString: nats_GetVersion()))",
         "serverVersion": serverVersion]
    }
    var storageBytes: Int { 0 }
    var ordersPerPartition: Bool { consumersPerSubscription == 1 }
    var lossless: Bool { true }

    func createTopic(index: Int, partitions: Int, numaNode: Int?) throws {
        let name = "RINGLOG_\(runID)_\(index)"
        let subject = "ringlog.\(runID).\(index)"
        try admin.addStream(name: name, subject: subject)
        streams.append((name, subject))
    }

    func makeProducer(topic: Int, index: Int) throws -> Producer {
        Producer(_NATSPublisher(connection: try _NATSConnection(url: url), subject: streams[topic].subject))
    }

    func makeConsumer(topic: Int, subscription: Int, index: Int) throws -> Consumer {
        try makeConsumer(topic: topic, durable: "sub\(subscription)")
    }

    var lateSubscriber: String { "a new durable consumer (deliver policy all)" }
    func makeLateConsumer(topic: Int) throws -> Consumer { try makeConsumer(topic: topic, durable: "late") }

    func makeConsumer(topic: Int, durable: String) throws -> Consumer {
        let c = try _NATSConnection(url: url, sendAsap: pull)
        // Pull consumers ack on a second, buffered connection: acks batch up in its socket
        // writes while the pull requests on `c` go out at once.
        if pull { c.acks = try _NATSConnection(url: url) }
        if pull {
            try c.pullSubscribe(subject: streams[topic].subject, stream: streams[topic].name, durable: durable, batch: pullBatch)
        } else {
            try c.pushSubscribe(subject: streams[topic].subject, stream: streams[topic].name, durable: durable)
        }
        return Consumer(c)
    }

    func shutdown() {
        for s in streams { admin.deleteStream(s.name) }
    }
}

/// A producer's connection: a core NATS publish per message, one flush per batch.
final class _NATSPublisher: BrokerPublishing {
    let connection: _NATSConnection
    let subject: String

    init(connection: _NATSConnection, subject: String) {
        self.connection = connection
        self.subject = subject
    }

    func publish(_ message: UnsafeRawBufferPointer) throws { try connection.publish(subject, message) }
    func endBatch(count: Int) throws { try connection.flush() }
}

/// One NATS connection with its JetStream context (and at most one pull subscription): the
/// only holder of their pointers. One thread at a time.
final class _NATSConnection: BrokerFetching, @unchecked Sendable {
    var connection: OpaquePointer?
    var js: OpaquePointer?
    var subscription: OpaquePointer?
    /// Where a pull consumer publishes its acks (nil: on this connection).
    var acks: _NATSConnection?

    /// - Parameter sendAsap: write each publish to the socket at once instead of leaving it to
    ///   the client's flusher thread (pull consumers: a pull request is one small message whose
    ///   round trip is the consumer's critical path).
    init(url: String, sendAsap: Bool = false) throws {
        var nc: OpaquePointer?
        var options: OpaquePointer?
        guard natsOptions_Create(&options) == NATS_OK, let options else { throw HarnessError.driver("nats: cannot create options") }
        defer { natsOptions_Destroy(options) }
        try check(natsOptions_SetURL(options, url), "url \(url)")
        if sendAsap { try check(natsOptions_SetSendAsap(options, true), "send asap") }
        let s = natsConnection_Connect(&nc, options)
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

    /// Set by `pullSubscribe`: `fetch` then requests batches instead of taking pushed messages.
    var isPull = false
    /// The most messages one pull request asks for (see `NATSDriver.pullBatch`).
    var pullBatch = 0
    /// `$JS.API.CONSUMER.MSG.NEXT.<stream>.<durable>`: where pull requests go.
    var nextSubject = ""
    /// The pull request for a full batch, built once (a poll asking for fewer builds its own).
    var fullBatchRequest = ""
    /// This connection's inbox: pull replies (messages and status notices) arrive here.
    var inbox = ""

    /// A durable pull consumer (explicit acks, from the start of the stream), created if it
    /// does not exist; the subscription's members pull from the same durable, so they compete.
    ///
    /// Pulls speak JetStream's pull protocol over core NATS (a request per poll to
    /// `$JS.API.CONSUMER.MSG.NEXT`, replies on a private inbox) instead of the client's
    /// `natsSubscription_Fetch`: in Debian's libnats 3.4.1 that call can return more messages than
    /// the list it allocated holds (measured: 123 for a batch of 64, 9 for a batch of 8), which
    /// corrupts the heap.
    func pullSubscribe(subject: String, stream: String, durable: String, batch: Int) throws {
        var cfg = jsConsumerConfig()
        jsConsumerConfig_Init(&cfg)
        cfg.AckPolicy = js_AckExplicit
        cfg.DeliverPolicy = js_DeliverAll
        cfg.MaxAckPending = 65_536
        var jerr = jsErrCode(rawValue: 0)
        try durable.withCString { d in
            cfg.Durable = d
            var info: UnsafeMutablePointer<jsConsumerInfo>?
            try check(js_AddConsumer(&info, js, stream, &cfg, nil, &jerr), "add pull consumer \(durable)", jerr)
            if let info { jsConsumerInfo_Destroy(info) }
        }
        var box: UnsafeMutablePointer<natsInbox>?
        try check(natsInbox_Create(&box), "inbox")
        defer { natsInbox_Destroy(box) }
        inbox = String(cString: UnsafeRawPointer(box!).assumingMemoryBound(to: CChar.self))
        var sub: OpaquePointer?
        try check(natsConnection_SubscribeSync(&sub, connection, inbox), "subscribe \(inbox)")
        subscription = sub
        nextSubject = "$JS.API.CONSUMER.MSG.NEXT.\(stream).\(durable)"
        isPull = true
        pullBatch = batch
        fullBatchRequest = Self.pullRequest(batch)
    }

    /// A durable push consumer shared by the subscription's members as a queue group (they
    /// compete), with manual acks.
    func pushSubscribe(subject: String, stream: String, durable: String) throws {
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
        if isPull { return try pull(max: max, body) }
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

    static func pullRequest(_ batch: Int) -> String { "{\"batch\":\(batch),\"no_wait\":true}" }

    /// One pull request for up to `min(max, pullBatch)` messages with `no_wait` (the server
    /// answers at once: the messages it has, then a status notice if they were fewer); acks each.
    func pull(max: Int, _ body: (UnsafeRawBufferPointer) -> Void) throws -> Int {
        let want = Swift.min(max, pullBatch)
        let request = want == pullBatch ? fullBatchRequest : Self.pullRequest(want)
        try check(natsConnection_PublishRequestString(connection, nextSubject, inbox, request), "pull request")
        var n = 0
        while n < want {
            var m: OpaquePointer?
            // The reply comes within a loopback round trip; 1 s only guards a lost server.
            let s = natsSubscription_NextMsg(&m, subscription, 1000)
            if s == NATS_TIMEOUT { break }
            try check(s, "pull reply")
            guard let m else { break }
            defer { natsMsg_Destroy(m) }
            // A status notice (404 no messages, 408 request expired) has no data and ends the batch.
            let length = Int(natsMsg_GetDataLength(m))
            if length == 0 { break }
            body(UnsafeRawBufferPointer(start: natsMsg_GetData(m), count: length))
            if let reply = natsMsg_GetReply(m) { try check(natsConnection_PublishString((acks ?? self).connection, reply, "+ACK"), "ack") }
            n += 1
        }
        return n
    }
}
#endif
