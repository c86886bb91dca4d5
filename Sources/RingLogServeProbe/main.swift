// Drives `KafkaBroker.reply(to:connection:)` with Produce (and Fetch) request frames in a loop,
// no sockets, so callgrind can count the instructions of the broker's produce and fetch paths:
//
//     RingLogServeProbe produce ITERATIONS [RECORDS] [VALUE_BYTES]
//     RingLogServeProbe both ITERATIONS [RECORDS] [VALUE_BYTES]
//
// Each iteration sends one Produce v7 (acks 1) of one RecordBatch v2 holding RECORDS records
// (default 100) with an 8-byte key and a VALUE_BYTES value (default 100); `both` then fetches
// those records back with one Fetch v11 (max wait 0). scripts/serve-callgrind.sh runs it under
// callgrind with collection limited to `reply` and turns the counts into instructions per message.
import NIOCore
import NIOEmbedded
import RingLog
import RingLogKafkaWire
import RingLogServer
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count >= 3, ["produce", "both"].contains(arguments[1]), let iterations = Int(arguments[2]), iterations > 0 else {
    print("usage: RingLogServeProbe produce|both ITERATIONS [RECORDS] [VALUE_BYTES]")
    exit(2)
}
let records = arguments.count > 3 ? Int(arguments[3]) ?? 100 : 100
let valueBytes = arguments.count > 4 ? Int(arguments[4]) ?? 100 : 100
let fetching = arguments[1] == "both"

// No event loop threads (valgrind 3.19 crashed on NIO's): the fetches never wait, so the
// connection's loop is never used.
let loop = EmbeddedEventLoop()
let broker = KafkaBroker(configuration: KafkaServerConfiguration(ringCapacity: 1 << 24), log: { _ in })
let connection = KafkaConnection(id: 1, localHost: "127.0.0.1", localPort: 9092, remoteAddress: "127.0.0.1:1",
                                 eventLoop: loop)
_ = try broker.eventLog.createTopic("probe", configuration: TopicConfiguration(partitions: 1, partition: broker.configuration.partitionConfiguration))

var builder = RecordBatchBuilder()
for i in 0..<records {
    try builder.append(key: withUnsafeBytes(of: UInt64(i).bigEndian) { Array($0) },
                       value: [UInt8](repeating: UInt8(truncatingIfNeeded: i), count: valueBytes), timestamp: 1_700_000_000_000 + Int64(i))
}
let batch = builder.build()
let produce = try KafkaRequestFrame(
    header: KafkaRequestHeader(api: .produce, apiVersion: 7, correlationId: 1, clientId: "probe"),
    request: .produce(ProduceRequest(acks: 1, timeoutMs: 1000, topics: [.init(name: "probe", partitions: [.init(index: 0, records: batch[...])])]))
).encoded().dropFirst(4)

/// The Fetch v11 frame for the records from `offset`.
func fetchFrame(from offset: Int64) throws -> ArraySlice<UInt8> {
    let request = FetchRequest(maxWaitMs: 0, minBytes: 1, maxBytes: 50 << 20, topics: [
        .init(name: "probe", partitions: [.init(partition: 0, fetchOffset: offset, partitionMaxBytes: 1 << 20)])])
    return try KafkaRequestFrame(header: KafkaRequestHeader(api: .fetch, apiVersion: 11, correlationId: 2, clientId: "probe"),
                                 request: .fetch(request)).encoded().dropFirst(4)
}

var responseBytes = 0
var offset: Int64 = 0
for _ in 0..<iterations {
    guard case .response(let answer) = broker.reply(to: produce, connection: connection) else { fatalError("produce: no response") }
    responseBytes += answer.count
    if fetching {
        let frame = try fetchFrame(from: offset)
        guard case .response(let fetched) = broker.reply(to: frame, connection: connection) else { fatalError("fetch: no response") }
        responseBytes += fetched.count
    }
    offset += Int64(records)
}
let log = try broker.eventLog.topic("probe").partition(0)
print("\(arguments[1]): \(iterations) × \(records) records of \(valueBytes) B; high watermark \(log.highWatermark); \(responseBytes) response bytes")
try? loop.close()
