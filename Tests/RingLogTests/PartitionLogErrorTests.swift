import Testing
import RingLog

@Suite("Bad input gets a specific error and leaves the log unchanged")
struct PartitionLogErrorTests {
    @Test(arguments: [0, -4096, 5000, 3 * 4096, 1 << 31])
    func capacityMustBeAPowerOfTwoAtLeastAPage(capacity: Int) {
        #expect {
            try PartitionLog(.init(capacity: capacity))
        } throws: { error in
            guard case .invalidCapacity(let requested, _) = error as? RingLogError else { return false }
            return requested == capacity
        }
    }

    @Test func tooSmallCapacityNamesThePageSize() {
        #expect(throws: RingLogError.invalidCapacity(requested: 1024, reason: "smaller than the page size (4096 bytes)")) {
            try PartitionLog(.init(capacity: 1024))
        }
    }

    @Test func anOversizedRecordIsRejectedAndNothingIsAppended() throws {
        let log = try PartitionLog(.init(capacity: 4096))
        try log.append("ok")
        #expect(throws: RingLogError.recordTooLarge(size: 8 + 3000, limit: 2048)) {
            try log.append(value: [UInt8](repeating: 0, count: 3000))
        }
        #expect(log.highWatermark == 1)
        #expect(try log.append("next") == 1)
    }

    @Test func anOversizedHeaderNameIsRejected() throws {
        let log = try PartitionLog(.init(capacity: 1 << 20))
        let longName = String(repeating: "h", count: 70_000)
        #expect {
            try log.append(value: [1], headers: [RecordHeader(name: longName, value: [])])
        } throws: { error in
            guard case .headerTooLarge(_, let size, let limit) = error as? RingLogError else { return false }
            return size == 70_000 && limit == 65_535
        }
        #expect(log.highWatermark == 0)
    }

    @Test func aBatchLargerThanHalfTheRingIsRejected() throws {
        let log = try PartitionLog(.init(capacity: 4096))
        #expect(throws: RingLogError.batchTooLarge(size: 4096, limit: 2048)) {
            try log.appendBatch(maxBytes: 4096) { _ throws(RingLogError) in }
        }
    }

    @Test func overfillingABatchReservationThrowsAndTheRecordIsNotWritten() throws {
        let log = try PartitionLog(.init(capacity: 4096))
        let range = try log.appendBatch(maxBytes: 100) { batch throws(RingLogError) in
            // 104 bytes for records (100 rounded up to 8); the batch header has its own 16.
            try batch.append(value: [1, 2, 3])                          // 32 of 104 bytes (8 + 3, at least 32)
            try batch.append(value: [UInt8](repeating: 0, count: 48))   // 88 of 104
            #expect(throws: RingLogError.reservationExhausted(needed: 32, remaining: 16)) {
                try batch.append(value: [UInt8](repeating: 0, count: 8))
            }
        }
        #expect(range.count == 2)
    }

    @Test func aFailingBatchPublishesNothing() throws {
        for mode in ProducerMode.allCases {
            let log = try PartitionLog(.init(capacity: 4096, producerMode: mode))
            try log.append("before")
            #expect(throws: RingLogError.self) {
                try log.appendBatch(maxBytes: 400) { batch throws(RingLogError) in
                    try batch.append(value: [1])
                    try batch.append(value: [2])
                    throw .invalidConfiguration("caller gave up")
                }
            }
            #expect(log.highWatermark == 1)
            try log.append("after")
            #expect(try log.readAll(from: 0).map(\.1) == ["before", "after"], "mode \(mode)")
        }
    }

    @Test func appendingAfterCloseFails() throws {
        let log = try PartitionLog(.init(capacity: 4096))
        try log.append("a")
        log.close()
        #expect(throws: RingLogError.closed) { try log.append("b") }
        #expect(log.highWatermark == 1)
        #expect(try log.readAll(from: 0).count == 1, "published records stay readable")
    }

    @Test func readerSlotsAreLimited() throws {
        let log = try PartitionLog(.init(capacity: 4096, maxReaders: 2))
        let a = try log.makeReader()
        let b = try log.makeReader()
        #expect(throws: RingLogError.tooManyReaders(limit: 2)) { try log.makeReader() }
        a.close()
        let c = try log.makeReader()
        _ = (b, c)
    }

    @Test func pollAndFetchLimitsMustBeAtLeastOne() throws {
        let log = try PartitionLog(.init(capacity: 4096))
        try log.append("a")
        let reader = try log.makeReader()
        #expect(throws: RingLogError.invalidArgument("maxRecords must be at least 1, got 0")) {
            try reader.poll(maxRecords: 0) { $0.count }
        }
        #expect(throws: RingLogError.invalidArgument("maxBytes must be at least 1, got -5")) {
            try log.fetch(from: 0, maxBytes: -5) { $0.count }
        }
        #expect(reader.nextOffset == 0, "a rejected poll does not move the reader")
        #expect(try reader.poll(maxRecords: 1) { $0.count } == 1)
    }

    @Test func invalidWaitStrategyIsRejected() {
        #expect(throws: RingLogError.invalidConfiguration("parkMicroseconds 0 must be positive")) {
            try PartitionLog(.init(capacity: 4096, waitStrategy: .spinThenPark(spins: 1, yields: 1, parkMicroseconds: 0)))
        }
    }
}
