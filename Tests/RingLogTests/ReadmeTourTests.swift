import Testing
import RingLog

/// The API tour in README.md, compiled and run. `.ci/run` checks that the README's code block
/// is exactly the text between the markers below, so the README cannot drift from the API.
@Suite("README API tour")
struct ReadmeTourTests {
    @Test func theReadmeTourCompilesAndRuns() throws {
        // README-TOUR-BEGIN
        // A partition: a 1 MiB ring with Kafka-like overwrite retention and a CRC32C per record.
        let log = try PartitionLog(.init(capacity: 1 << 20, retention: .overwrite, checksums: true))

        // Append one record (key and value are copied into the ring) ...
        let first = try log.append(value: Array("hello".utf8), key: Array("user-1".utf8))

        // ... or a batch written in place: one reservation and one release store for all of it.
        let frame = try log.frameSize(keyLength: nil, valueLength: 8)
        let range = try log.appendBatch(maxBytes: 100 * frame) { batch throws(RingLogError) in
            for i in 0..<100 {
                try batch.append(valueCapacity: 8) { out in out.append(UInt64(i), as: UInt64.self) }
            }
        }

        // A registered reader polls borrowed views (`~Escapable`: they cannot leave the closure): intact records only (overwrite retention copies
        // and validates them first; a block-retention reader with one producer reads the ring in place).
        let reader = try log.makeReader(startingAt: .offset(range.baseOffset))
        var total: UInt64 = 0
        let polled = try reader.poll(maxRecords: 500) { records in
            records.forEach { record in
                total &+= record.value.unsafeLoad(fromByteOffset: 0, as: UInt64.self)
            }
            return records.count
        }

        // One record written in place, then read with pollEach: one pass over the frames
        // (poll must size its batch before handing it out). The hot path.
        try log.append(valueCapacity: 8) { out in out.append(UInt64(100), as: UInt64.self) }
        let each = try reader.pollEach { record in
            total &+= record.value.unsafeLoad(fromByteOffset: 0, as: UInt64.self)
        }

        // Replay from any offset still in the ring; below the log start is an error.
        let replayed = try log.fetch(from: first, maxRecords: 3) { records in records.map { $0.offset } }

        // Kafka semantics on top: topics of partitions, murmur2 keys, consumer groups.
        let broker = EventLog()
        let orders = try broker.createTopic("orders", configuration: .init(partitions: 3))
        let producer = broker.makeProducer()
        let sent = try producer.send(orders, key: Array("user_1".utf8), value: Array("ORDER_CREATED".utf8))

        // Each group sees every record; its members share the partitions; commits resume it.
        let inventory = try broker.makeConsumer(group: "inventory", topics: ["orders"],
                                                configuration: .init(autoOffsetReset: .earliest))
        var seen: [String] = []
        try inventory.poll { partition, batch in
            batch.forEach { record in seen.append("\(partition)@\(record.offset)") }
        }
        inventory.commitSync()
        // README-TOUR-END
        #expect(first == 0)
        #expect(range == AppendedRange(baseOffset: 1, count: 100))
        #expect(polled == 100)
        #expect(each == 1)
        #expect(total == 5050)
        #expect(replayed == [0, 1, 2])
        #expect(reader.lag == 0)
        #expect(sent.partition == Murmur2.partition(forKey: Array("user_1".utf8).span.bytes, partitionCount: 3))
        #expect(seen == ["orders-\(sent.partition)@0"])
        #expect(inventory.committed(TopicPartition("orders", sent.partition)) == 1)
    }
}
