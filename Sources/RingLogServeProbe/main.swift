// Drives `KafkaBroker.reply(to:connection:)` with Produce (and Fetch) request frames in a loop,
// no sockets, so callgrind can count the instructions of the broker's produce and fetch paths:
//
//     RingLogServeProbe produce|both|stored-produce|stored-both ITERATIONS [RECORDS] [VALUE_BYTES] [RING_BYTES]
//
// Each iteration sends one Produce v7 (acks 1) of one RecordBatch v2 holding RECORDS records
// (default 100) with an 8-byte key and a VALUE_BYTES value (default 100); `both` then fetches
// those records back with one Fetch v11 (max wait 0). The partition's ring holds RING_BYTES (default
// 16 MiB); one smaller than what the iterations write wraps, so the counts are the steady state of a
// full overwrite ring (the log start moving on every produce). scripts/serve-callgrind.sh runs it under
// callgrind with collection limited to `reply` and turns the counts into instructions per message.
//
// `stored-produce` and `stored-both` run the same requests through the stored-batch alternative
// the server does not use, `storedReply` below: a produced batch is validated as the server does
// (`_validatedRecordCount`), then kept whole as one engine record (its Kafka base offset as the
// key), and a fetch copies the stored batch out and writes its base offset; both decode the
// request and encode the response as `reply` does. It leaves out what a real server would add
// (finding the stored batch that holds a fetch offset, per-record ListOffsets by time), so it
// bounds what keeping batches whole could save.
import NIOCore
import NIOEmbedded
import RingLog
import RingLogKafkaWire
@_spi(Probe) import RingLogServer
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count >= 3, ["produce", "both", "stored-produce", "stored-both"].contains(arguments[1]),
      let iterations = Int(arguments[2]), iterations > 0 else {
    print("usage: RingLogServeProbe produce|both|stored-produce|stored-both ITERATIONS [RECORDS] [VALUE_BYTES] [RING_BYTES]")
    exit(2)
}
let records = arguments.count > 3 ? Int(arguments[3]) ?? 100 : 100
let valueBytes = arguments.count > 4 ? Int(arguments[4]) ?? 100 : 100
let ringBytes = arguments.count > 5 ? Int(arguments[5]) ?? 1 << 24 : 1 << 24
let fetching = arguments[1].hasSuffix("both")
let stored = arguments[1].hasPrefix("stored")

// No event loop threads (valgrind 3.19 crashed on NIO's): the fetches never wait, so the
// connection's loop is never used.
let loop = EmbeddedEventLoop()
let broker = KafkaBroker(configuration: KafkaServerConfiguration(ringCapacity: ringBytes), log: { _ in })
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

/// The stored-batch alternative's answer to a Produce or Fetch frame (see the top of this file).
/// `nextOffset` is the partition's next Kafka offset; a stored batch's engine offset is its
/// position among the batches, so the probe finds the batch of a fetch offset by division.
@inline(never)
func storedReply(to frame: ArraySlice<UInt8>, log: PartitionLog, nextOffset: inout Int64) throws -> [UInt8] {
    let decoded = try KafkaRequestFrame(decoding: frame)
    switch decoded.request {
    case .produce(let request):
        let records = request.topics[0].partitions[0].records ?? []
        guard let count = broker._validatedRecordCount(records, limit: log.configuration.maximumBatchBytes) else { fatalError("refused") }
        let base = nextOffset
        let appended: Result<Int64, RingLogError> = records.withUnsafeBytes { bytes in
            withUnsafeBytes(of: base) { key in
                Result { () throws(RingLogError) -> Int64 in
                    try log.append(value: RawSpan(_unsafeBytes: bytes), key: RawSpan(_unsafeBytes: key))
                }
            }
        }
        _ = try appended.get()
        nextOffset += Int64(count)
        let response = ProduceResponse(topics: [.init(name: "probe", partitions: [.init(index: 0, errorCode: .none, baseOffset: base)])])
        return try KafkaResponseFrame.encoded(response, version: decoded.header.apiVersion, correlationId: decoded.header.correlationId)
    case .fetch(let request):
        let wanted = request.topics[0].partitions[0].fetchOffset
        let out: [UInt8] = try log.fetch(from: wanted / Int64(records), maxRecords: 1) { batch -> [UInt8] in
            var stored = batch.makeIterator()
            guard let record = stored.next() else { return [] }
            var copy = record.withUnsafeValueBytes { Array($0) }
            let base = record.key.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }
            copy.withUnsafeMutableBytes { _ = RecordBatch.rewriteBaseOffset(base, in: $0, at: 0) }
            return copy
        }
        let response = FetchResponse(topics: [.init(name: "probe", partitions: [
            .init(partitionIndex: 0, errorCode: .none, highWatermark: nextOffset, lastStableOffset: nextOffset, logStartOffset: 0,
                  records: out[...])])])
        return try KafkaResponseFrame.encoded(response, version: decoded.header.apiVersion, correlationId: decoded.header.correlationId)
    default:
        fatalError("unexpected request")
    }
}

var responseBytes = 0
var offset: Int64 = 0
let storedLog = stored ? try PartitionLog(broker.configuration.partitionConfiguration) : nil
var storedNext: Int64 = 0
for _ in 0..<iterations {
    if let storedLog {
        responseBytes += try storedReply(to: produce, log: storedLog, nextOffset: &storedNext).count
        if fetching { responseBytes += try storedReply(to: try fetchFrame(from: offset), log: storedLog, nextOffset: &storedNext).count }
        offset += Int64(records)
        continue
    }
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
let highWatermark = stored ? storedNext : log.highWatermark
print("\(arguments[1]): \(iterations) × \(records) records of \(valueBytes) B; high watermark \(highWatermark); \(responseBytes) response bytes")
try? loop.close()
