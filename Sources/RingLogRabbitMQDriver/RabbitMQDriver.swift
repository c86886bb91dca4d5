#if RabbitMQ
import CRabbitMQ
import Foundation
import RingLogBench

/// Drives RabbitMQ (AMQP 0.9.1, the real queue) over loopback through rabbitmq-c, mapped as
/// OMB's RabbitMQ driver maps it: a topic is a fanout exchange, each subscription its own classic
/// queue bound to it (the broker copies every message into every queue), the subscription's
/// consumers compete on that queue with auto-ack. Partitions do not exist: ignored, and
/// recorded as such. The server comes from `RINGLOG_RABBITMQ` (`host:port`, default
/// 127.0.0.1:5672, user guest); `scripts/rabbitmq.sh start` runs one bound to 127.0.0.1.
/// `RINGLOG_RABBITMQ_QUEUE` picks the queue type: `classic` (default), `quorum` (replicated,
/// durable) or `stream` (RabbitMQ's log: read from the first offset, manual acks).
final class RabbitMQDriver: BenchmarkDriver {
    typealias Producer = BrokerProducer<_AMQPPublisher>
    typealias Consumer = BrokerConsumer<_AMQPConnection>

    let host: String
    let port: Int32
    let admin: _AMQPConnection
    let consumersPerSubscription: Int
    let subscriptions: Int
    let runID = String(UInt64.random(in: 0...UInt64.max), radix: 36)
    let queueType: String
    var exchanges: [String] = []

    init(subscriptions: Int, consumersPerSubscription: Int) throws {
        queueType = ProcessInfo.processInfo.environment["RINGLOG_RABBITMQ_QUEUE"] ?? "classic"
        guard ["classic", "quorum", "stream"].contains(queueType) else {
            throw HarnessError.driver("RINGLOG_RABBITMQ_QUEUE must be classic, quorum or stream, got '\(queueType)'")
        }
        let address = ProcessInfo.processInfo.environment["RINGLOG_RABBITMQ"] ?? "127.0.0.1:5672"
        let parts = address.split(separator: ":")
        guard parts.count == 2, let p = Int32(parts[1]) else { throw HarnessError.driver("RINGLOG_RABBITMQ must be host:port, got '\(address)'") }
        host = String(parts[0])
        port = p
        self.subscriptions = subscriptions
        self.consumersPerSubscription = consumersPerSubscription
        admin = try _AMQPConnection(host: host, port: port)
    }

    var name: String { queueType == "classic" ? "rabbitmq" : "rabbitmq-\(queueType)" }
    var settings: [String: String] {
        ["server": "\(host):\(port) (loopback)", "topology": "fanout exchange per topic, one \(queueType) queue per subscription (broker copies)",
         "consume": queueType == "stream" ? "basic.consume from offset first, manual ack per batch, prefetch 1000 (stream consumers do not compete: each reads the whole stream)" : "basic.consume with auto-ack, prefetch 1000", "publish": "basic.publish, transient, no confirms (as OMB's default)",
         "partitions": "ignored (a queue has none)",
         "serverVersion": admin.serverProperty("product").map { "\($0) \(admin.serverProperty("version") ?? "?")" } ?? "unknown",
         "clientVersion": "rabbitmq-c \(String(cString: amqp_version()))"]
    }
    var storageBytes: Int { 0 }
    var ordersPerPartition: Bool { consumersPerSubscription == 1 }
    var lossless: Bool { true }

    func createTopic(index: Int, partitions: Int, numaNode: Int?) throws {
        let exchange = "ringlog-\(runID)-\(index)"
        try admin.declareFanout(exchange)
        for s in 0..<subscriptions { try admin.declareQueue("\(exchange)-sub-\(s)", type: queueType, boundTo: exchange) }
        exchanges.append(exchange)
    }

    func makeProducer(topic: Int, index: Int) throws -> Producer {
        Producer(_AMQPPublisher(connection: try _AMQPConnection(host: host, port: port), exchange: exchanges[topic]))
    }

    func makeConsumer(topic: Int, subscription: Int, index: Int) throws -> Consumer {
        let c = try _AMQPConnection(host: host, port: port)
        try c.consume("\(exchanges[topic])-sub-\(subscription)", stream: queueType == "stream")
        return Consumer(c)
    }

    var lateSubscriber: String {
        queueType == "stream"
            ? "a new consumer on the stream, from offset first"
            : "a new \(queueType) queue bound to the exchange now (the broker copies only what arrives after the bind)"
    }
    var lateQueues: [String] = []

    func makeLateConsumer(topic: Int) throws -> Consumer {
        let c = try _AMQPConnection(host: host, port: port)
        if queueType == "stream" {
            try c.consume("\(exchanges[topic])-sub-0", stream: true)
        } else {
            let name = "\(exchanges[topic])-late"
            try admin.declareQueue(name, type: queueType, boundTo: exchanges[topic])
            lateQueues.append(name)
            try c.consume(name, stream: false)
        }
        return Consumer(c)
    }

    func shutdown() {
        for q in lateQueues { admin.deleteQueue(q) }
        for e in exchanges {
            for s in 0..<subscriptions { admin.deleteQueue("\(e)-sub-\(s)") }
            admin.deleteExchange(e)
        }
    }
}

/// A producer's connection: one publish per message (the client buffers the frames).
final class _AMQPPublisher: BrokerPublishing {
    let connection: _AMQPConnection
    let exchange: String

    init(connection: _AMQPConnection, exchange: String) {
        self.connection = connection
        self.exchange = exchange
    }

    func publish(_ message: UnsafeRawBufferPointer) throws { try connection.publish(exchange, message) }
    func endBatch(count: Int) throws {}
}

/// One AMQP connection with channel 1 open: the only holder of its pointers. One thread at a time.
final class _AMQPConnection: BrokerFetching, @unchecked Sendable {
    let state: amqp_connection_state_t

    init(host: String, port: Int32) throws {
        state = amqp_new_connection()
        guard let socket = amqp_tcp_socket_new(state) else {
            amqp_destroy_connection(state)
            throw HarnessError.driver("rabbitmq: cannot create a socket")
        }
        let rc = amqp_socket_open(socket, host, port)
        guard rc == 0 else {
            amqp_destroy_connection(state)
            throw HarnessError.driver("rabbitmq at \(host):\(port): \(String(cString: amqp_error_string2(rc))) (start one with scripts/rabbitmq.sh start)")
        }
        try check(ringlog_amqp_login_plain(state, "guest", "guest"), "login")
        amqp_channel_open(state, 1)
        try check(amqp_get_rpc_reply(state), "channel open")
    }

    deinit {
        _ = amqp_channel_close(state, 1, Int32(AMQP_REPLY_SUCCESS))
        _ = amqp_connection_close(state, Int32(AMQP_REPLY_SUCCESS))
        amqp_destroy_connection(state)
    }

    func check(_ r: amqp_rpc_reply_t, _ what: String) throws {
        switch r.reply_type {
        case AMQP_RESPONSE_NORMAL: return
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            throw HarnessError.driver("rabbitmq \(what): \(String(cString: amqp_error_string2(r.library_error)))")
        default:
            throw HarnessError.driver("rabbitmq \(what): the server refused (reply type \(r.reply_type.rawValue), method \(r.reply.id))")
        }
    }

    /// A string field of the server's `connection.start` properties (`product`, `version`).
    func serverProperty(_ key: String) -> String? {
        guard let table = amqp_get_server_properties(state) else { return nil }
        for i in 0..<Int(table.pointee.num_entries) {
            let entry = table.pointee.entries[i]
            let name = String(decoding: UnsafeRawBufferPointer(start: entry.key.bytes, count: entry.key.len), as: UTF8.self)
            guard name == key else { continue }
            let kind = Int32(entry.value.kind)
            guard kind == Int32(AMQP_FIELD_KIND_UTF8.rawValue) || kind == Int32(AMQP_FIELD_KIND_BYTES.rawValue) else { return nil }
            let b = entry.value.value.bytes
            return String(decoding: UnsafeRawBufferPointer(start: b.bytes, count: b.len), as: UTF8.self)
        }
        return nil
    }

    func declareFanout(_ name: String) throws {
        amqp_exchange_declare(state, 1, amqp_cstring_bytes(name), amqp_cstring_bytes("fanout"), 0, 0, 0, 0, amqp_empty_table)
        try check(amqp_get_rpc_reply(state), "declare exchange \(name)")
    }

    func declareQueue(_ name: String, type: String, boundTo exchange: String) throws {
        if type == "classic" {
            amqp_queue_declare(state, 1, amqp_cstring_bytes(name), 0, 0, 0, 0, amqp_empty_table)
        } else {
            ringlog_amqp_declare_typed_queue(state, amqp_cstring_bytes(name), type)
        }
        try check(amqp_get_rpc_reply(state), "declare queue \(name)")
        amqp_queue_bind(state, 1, amqp_cstring_bytes(name), amqp_cstring_bytes(exchange), amqp_cstring_bytes(""), amqp_empty_table)
        try check(amqp_get_rpc_reply(state), "bind queue \(name)")
    }

    func deleteQueue(_ name: String) {
        amqp_queue_delete(state, 1, amqp_cstring_bytes(name), 0, 0)
        _ = amqp_get_rpc_reply(state)
    }

    func deleteExchange(_ name: String) {
        amqp_exchange_delete(state, 1, amqp_cstring_bytes(name), 0)
        _ = amqp_get_rpc_reply(state)
    }

    func publish(_ exchange: String, _ body: UnsafeRawBufferPointer) throws {
        let bytes = amqp_bytes_t(len: body.count, bytes: UnsafeMutableRawPointer(mutating: body.baseAddress))
        let rc = amqp_basic_publish(state, 1, amqp_cstring_bytes(exchange), amqp_cstring_bytes(""), 0, 0, nil, bytes)
        if rc != 0 { throw HarnessError.driver("rabbitmq publish: \(String(cString: amqp_error_string2(rc)))") }
    }

    /// Manual acks (stream queues): the delivery tag to ack after the current batch.
    var manualAck = false

    func consume(_ queue: String, stream: Bool) throws {
        amqp_basic_qos(state, 1, 0, 1000, 0)
        try check(amqp_get_rpc_reply(state), "qos")
        if stream {
            manualAck = true
            ringlog_amqp_consume_stream(state, amqp_cstring_bytes(queue))
        } else {
            amqp_basic_consume(state, 1, amqp_cstring_bytes(queue), amqp_empty_bytes, 0, 1, 0, amqp_empty_table)
        }
        try check(amqp_get_rpc_reply(state), "consume \(queue)")
    }

    /// Takes up to `max` deliveries (waiting at most 1 ms for each), passes each body to `body`.
    func fetch(max: Int, _ body: (UnsafeRawBufferPointer) -> Void) throws -> Int {
        var n = 0
        var lastTag: UInt64 = 0
        defer { if manualAck && lastTag != 0 { _ = amqp_basic_ack(state, 1, lastTag, 1) } }
        while n < max {
            amqp_maybe_release_buffers(state)
            var envelope = amqp_envelope_t()
            var timeout = timeval(tv_sec: 0, tv_usec: n == 0 ? 1000 : 0)
            let r = amqp_consume_message(state, &envelope, &timeout, 0)
            if r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && r.library_error == AMQP_STATUS_TIMEOUT.rawValue { break }
            try check(r, "receive")
            body(UnsafeRawBufferPointer(start: envelope.message.body.bytes, count: envelope.message.body.len))
            lastTag = envelope.delivery_tag
            amqp_destroy_envelope(&envelope)
            n += 1
        }
        return n
    }
}
#endif
