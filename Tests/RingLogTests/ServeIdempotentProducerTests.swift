import Testing
import RingLogKafkaWire
@testable import RingLogServer

/// A batch of `count` records from producer `id` at `epoch` starting at `sequence`.
private func idempotentBatch(_ count: Int, id: Int64, epoch: Int16, sequence: Int32, attributes: Int16 = 0) throws -> [UInt8] {
    var builder = RecordBatchBuilder()
    builder.producerId = id
    builder.producerEpoch = epoch
    builder.baseSequence = sequence
    builder.attributes = attributes
    for i in 0..<count {
        try builder.append(key: nil, value: Array("s\(Int(sequence) + i)".utf8), timestamp: 1_700_000_000_000)
    }
    return builder.build()
}

@Suite("ringlog serve: idempotent producers (InitProducerId, sequence checks)")
struct ServeIdempotentProducerTests {
    @Test func theSequenceCheckFollowsKafkasRules() {
        let range = { (first: Int32, last: Int32, epoch: Int16) in
            _ProducerBatchRange(producerId: 7, epoch: epoch, firstSequence: first, lastSequence: last)
        }
        #expect(_ProducerSequence.check(nil, range(0, 4, 0)) == .append)
        guard case .refuse(.unknownProducerId, _) = _ProducerSequence.check(nil, range(5, 9, 0)) else { Issue.record("no state, sequence 5"); return }
        let after = _ProducerSequence.appended(nil, range(0, 4, 0), baseOffset: 100, at: 1)
        #expect(_ProducerSequence.check(after, range(5, 9, 0)) == .append)
        #expect(_ProducerSequence.check(after, range(0, 4, 0)) == .duplicate(baseOffset: 100))
        guard case .refuse(.outOfOrderSequenceNumber, _) = _ProducerSequence.check(after, range(6, 9, 0)) else { Issue.record("a gap"); return }
        guard case .refuse(.invalidProducerEpoch, _) = _ProducerSequence.check(
            _ProducerSequence.appended(nil, range(0, 0, 3), baseOffset: 0, at: 1), range(1, 1, 2)) else { Issue.record("old epoch"); return }
        #expect(_ProducerSequence.check(after, range(0, 0, 1)) == .append, "a new epoch starts over at 0")
        guard case .refuse(.outOfOrderSequenceNumber, _) = _ProducerSequence.check(after, range(5, 5, 1)) else { Issue.record("new epoch, not 0"); return }
        // Only the last five ranges are remembered.
        var state = after
        for k in 1...5 { state = _ProducerSequence.appended(state, range(Int32(5 * k), Int32(5 * k + 4), 0), baseOffset: Int64(100 + 5 * k), at: UInt64(k + 1)) }
        #expect(state.recent.count == 5 && state.recent.first?.first == 5)
        #expect(_ProducerSequence.check(state, range(5, 9, 0)) == .duplicate(baseOffset: 105))
        guard case .refuse(.outOfOrderSequenceNumber, _) = _ProducerSequence.check(state, range(0, 4, 0)) else { Issue.record("forgotten range"); return }
        // IDs of two runs of the server never meet: each starts from its start time (ms) × 2^20.
        let earlier = _ProducerSequences(firstProducerId: 1_700_000_000_000 << 20)
        let later = _ProducerSequences()
        #expect(later.firstProducerId > earlier.firstProducerId + (1 << 20))
        let id = later.allocateProducerId()
        #expect(later.wasAllocated(id) && !later.wasAllocated(id + 1) && !earlier.wasAllocated(id))
        // Sequences wrap from Int32.max to 0.
        #expect(_ProducerBatchRange.sequence(.max - 1, advancedBy: 3) == 1)
        #expect(_ProducerBatchRange.next(after: .max) == 0)
    }

    @Test("InitProducerId grants distinct IDs at epoch 0; a retried batch is answered with its first offset and not appended again; gaps, old epochs, unknown producers and transactions are refused")
    func idempotentProduceOverTheWire() throws {
        let (server, lines) = try startServeTestServer()
        defer { server.shutdown() }
        let client = try ServeTestClient(port: server.address.port)
        _ = try client.call(.metadata(MetadataRequest(topics: ["t"])), version: 4, as: MetadataResponse.self)
        let a = try client.call(.initProducerId(InitProducerIdRequest()), version: 1, as: InitProducerIdResponse.self)
        let b = try client.call(.initProducerId(InitProducerIdRequest()), version: 0, as: InitProducerIdResponse.self)
        #expect(a.errorCode == .none && a.producerId >= 0 && a.producerEpoch == 0)
        #expect(b.producerId != a.producerId)
        let tx = try client.call(.initProducerId(InitProducerIdRequest(transactionalId: "tx", transactionTimeoutMs: 1000)), version: 1,
                                 as: InitProducerIdResponse.self)
        #expect(tx.errorCode == .invalidRequest && tx.producerId == -1)
        #expect(lines.all.contains { $0.contains("transactions are not supported") })

        func produce(_ batch: [UInt8]) throws -> (KafkaErrorCode, Int64) {
            let r = try client.call(serveProduce("t", records: batch), version: 7, as: ProduceResponse.self)
            return (r.topics[0].partitions[0].errorCode, r.topics[0].partitions[0].baseOffset)
        }
        let first = try idempotentBatch(3, id: a.producerId, epoch: 0, sequence: 0)
        #expect(try produce(first) == (.none, 0))
        #expect(try produce(first) == (.none, 0), "a retry gets its first append's offset")
        #expect(try produce(try idempotentBatch(2, id: b.producerId, epoch: 0, sequence: 0)) == (.none, 3))
        #expect(try produce(try idempotentBatch(2, id: a.producerId, epoch: 0, sequence: 3)) == (.none, 5))
        #expect(try produce(try idempotentBatch(1, id: a.producerId, epoch: 0, sequence: 9)).0 == .outOfOrderSequenceNumber)
        #expect(try produce(try idempotentBatch(1, id: 99_999, epoch: 0, sequence: 4)).0 == .unknownProducerId)
        #expect(try produce(try idempotentBatch(1, id: max(a.producerId, b.producerId) + 10, epoch: 0, sequence: 0)).0 == .unknownProducerId,
                "an ID this run did not hand out, even at sequence 0")
        #expect(try produce(try idempotentBatch(1, id: a.producerId, epoch: 1, sequence: 0)) == (.none, 7), "a new epoch starts over")
        #expect(try produce(try idempotentBatch(1, id: a.producerId, epoch: 0, sequence: 5)).0 == .invalidProducerEpoch)
        #expect(try produce(try idempotentBatch(1, id: a.producerId, epoch: 1, sequence: 1, attributes: 0x10)).0 == .invalidRecord)
        // Two producers' batches in one partition's records: refused, nothing appended.
        let mixed = try idempotentBatch(1, id: a.producerId, epoch: 1, sequence: 1) + (try idempotentBatch(1, id: b.producerId, epoch: 0, sequence: 2))
        #expect(try produce(mixed).0 == .invalidRecord)
        #expect(try produce(try serveTestBatch(1)) == (.none, 8), "a plain producer's batch goes on as before")

        // Every record once, in order: no retry was appended twice, no refused batch at all.
        let fetched = try client.call(serveFetch("t", offset: 0), version: 11, as: FetchResponse.self)
        let records = try #require(fetched.topics[0].partitions[0].records)
        let values = try RecordBatchIterator.batches(in: records).flatMap { try $0.records() }.map { String(decoding: $0.value ?? [], as: UTF8.self) }
        #expect(values == ["s0", "s1", "s2", "s0", "s1", "s3", "s4", "s0", "value-0"])
    }
}
