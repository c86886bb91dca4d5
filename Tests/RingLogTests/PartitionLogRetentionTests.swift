import Testing
import RingLog
import Foundation

@Suite("Retention: overwrite (Kafka) and block (Disruptor)")
struct PartitionLogRetentionTests {
    /// 4 KiB ring, single appends of 16 (batch header) + 8 (record header) + 104 (value) = 128
    /// bytes, a multiple of the 64-byte publication boundary, so they leave no padding: 32 fit.
    let value = [UInt8](repeating: 0xAB, count: 104)

    @Test func overwriteDropsTheOldestRecordsAndAdvancesTheLogStart() throws {
        let log = try PartitionLog(.init(capacity: 4096, retention: .overwrite))
        for _ in 0..<100 { try log.append(value: value) }
        #expect(log.highWatermark == 100)
        #expect(log.bytesWritten == 100 * 128, "the ring wrapped three times")
        let start = log.logStartOffset
        // 4096 / 128 = 32: the last 32 records are intact, older ones were overwritten.
        #expect(start == 100 - 32)
        #expect(throws: RingLogError.offsetOutOfRange(requested: 0, logStart: start, highWatermark: 100)) {
            try log.fetch(from: 0) { $0.count }
        }
        #expect(throws: RingLogError.offsetOutOfRange(requested: start - 1, logStart: start, highWatermark: 100)) {
            try log.fetch(from: start - 1) { $0.count }
        }
        let offsets = try log.fetch(from: start, maxRecords: 1000) { $0.map { $0.offset } }
        #expect(offsets == Array(start..<100))
    }

    @Test func aReaderThatFellBehindGetsOffsetOutOfRangeAndCanSeekToTheLogStart() throws {
        let log = try PartitionLog(.init(capacity: 4096, retention: .overwrite))
        let reader = try log.makeReader(startingAt: .earliest)
        for _ in 0..<100 { try log.append(value: value) }
        #expect(throws: RingLogError.offsetOutOfRange(requested: 0, logStart: 68, highWatermark: 100)) {
            try reader.poll { $0.count }
        }
        #expect(reader.nextOffset == 0, "a failed poll does not move the position")
        try reader.seekToBeginning()
        #expect(reader.nextOffset == 68)
        #expect(try reader.poll(maxRecords: 1000) { $0.count } == 32)
        #expect(reader.lag == 0)
    }

    @Test func overwriteNeverWaitsForReaders() throws {
        let log = try PartitionLog(.init(capacity: 4096, retention: .overwrite))
        let reader = try log.makeReader()
        for _ in 0..<1000 { try log.tryAppend(value: value.span.bytes) }
        #expect(log.highWatermark == 1000)
        _ = reader
    }

    @Test func blockRetentionRefusesToOverwriteUnreadRecords() throws {
        let log = try PartitionLog(.init(capacity: 4096, retention: .block))
        let reader = try log.makeReader(startingAt: .earliest)
        var appended = 0
        while true {
            do { try log.tryAppend(value: value.span.bytes); appended += 1 } catch {
                guard case .full = error else { Issue.record("unexpected \(error)"); break }
                break
            }
        }
        #expect(appended == 32)
        #expect(log.logStartOffset == 0, "nothing was overwritten")
        // The reader releases 10 records: exactly 10 more fit.
        #expect(try reader.poll(maxRecords: 10) { $0.count } == 10)
        for _ in 0..<10 { try log.tryAppend(value: value.span.bytes) }
        #expect(throws: RingLogError.self) { try log.tryAppend(value: value.span.bytes) }
        // Read everything back in order: nothing lost.
        var offsets: [Int64] = []
        while true {
            let n = try reader.poll(maxRecords: 7) { batch in
                offsets += batch.map { $0.offset }
                return batch.count
            }
            if n == 0 { break }
        }
        #expect(offsets == Array(10..<42))
    }

    @Test func blockRetentionWithoutReadersBehavesLikeOverwrite() throws {
        let log = try PartitionLog(.init(capacity: 4096, retention: .block))
        for _ in 0..<100 { try log.tryAppend(value: value.span.bytes) }
        #expect(log.logStartOffset == 68)
    }

    @Test func aBlockedProducerResumesWhenTheReaderReleases() throws {
        let log = try PartitionLog(.init(capacity: 4096, retention: .block, waitStrategy: .spinThenPark(spins: 10, yields: 2, parkMicroseconds: 1000)))
        let reader = try log.makeReader()
        let total = 500
        let received = Locked<[Int64]>([])
        runOnThreads(2) { [value] role in
            if role == 0 {
                for _ in 0..<total { try! log.append(value: value) }
            } else {
                // Start reading only once the ring is full (32 records), so the producer's 33rd
                // append must block until this reader releases space.
                while log.highWatermark < 32 { usleep(100) }
                usleep(5_000)
                var got = 0
                while got < total {
                    let n = try! reader.poll(maxRecords: 16) { batch in
                        received.withValue { $0 += batch.map { $0.offset } }
                        return batch.count
                    }
                    got += n
                    if n == 0 { _ = reader.awaitRecords(timeoutNanoseconds: 10_000_000) }
                }
            }
        }
        #expect(received.withValue { $0 } == Array(0..<Int64(total)))
        #expect(log.producerWaits.episodes > 0, "the 4 KiB ring forced the producer to wait")
    }

    @Test func aProducerWaitingOnAFullRingResumesOnlyOnceAnExtraEighthIsFree() throws {
        // 4 KiB ring, 128-byte single appends: 32 fit. After a wait the producer needs its record plus
        // 512 bytes (an eighth): one released record is not enough, seven are.
        let log = try PartitionLog(.init(capacity: 4096, retention: .block, waitStrategy: .spinThenYield(spins: 16)))
        let reader = try log.makeReader()
        for _ in 0..<32 { try log.append(value: value) }
        let appended = Locked(false)
        runOnThreads(2) { [value] role in
            if role == 0 {
                try! log.append(value: value)
                appended.withValue { $0 = true }
            } else {
                usleep(100_000) // let the producer reach the full ring and start waiting
                #expect(appended.withValue { $0 } == false, "the ring is full")
                #expect(try! reader.poll(maxRecords: 1) { $0.count } == 1)
                usleep(50_000)
                #expect(appended.withValue { $0 } == false, "128 free bytes must not end the wait")
                #expect(try! reader.poll(maxRecords: 6) { $0.count } == 6)
                while !appended.withValue({ $0 }) { usleep(100) }
            }
        }
        #expect(log.highWatermark == 33)
        #expect(log.producerWaits.episodes == 1)
    }

    @Test func closingWakesAProducerBlockedOnAFullRing() throws {
        let log = try PartitionLog(.init(capacity: 4096, retention: .block, waitStrategy: .spinThenPark(spins: 1, yields: 1, parkMicroseconds: 500)))
        let reader = try log.makeReader()
        for _ in 0..<32 { try log.append(value: value) }
        let outcome = Locked<RingLogError?>(nil)
        runOnThreads(2) { [value] role in
            if role == 0 {
                do throws(RingLogError) { try log.append(value: value) } catch { outcome.withValue { $0 = error } }
            } else {
                usleep(20_000)
                log.close()
            }
        }
        #expect(outcome.withValue { $0 } == .closed)
        _ = reader
    }

    @Test func offsetForTimestampFindsTheFirstRecordAtOrAfterIt() throws {
        let log = try PartitionLog(.init(capacity: 1 << 16))
        for i in 0..<20 { try log.append("v", timestamp: Int64(i * 10)) }
        #expect(log.offset(forTimestamp: 0) == 0)
        #expect(log.offset(forTimestamp: 55) == 6)
        #expect(log.offset(forTimestamp: 190) == 19)
        #expect(log.offset(forTimestamp: 191) == nil)
    }

    @Test func readersStartAtEarliestLatestOrAGivenOffset() throws {
        let log = try PartitionLog(.init(capacity: 1 << 16))
        for i in 0..<10 { try log.append("v\(i)") }
        #expect(try log.makeReader(startingAt: .earliest).nextOffset == 0)
        #expect(try log.makeReader(startingAt: .latest).nextOffset == 10)
        let r = try log.makeReader(startingAt: .offset(7))
        #expect(try r.poll { $0.map { $0.valueString } } == ["v7", "v8", "v9"])
        #expect(throws: RingLogError.offsetOutOfRange(requested: 11, logStart: 0, highWatermark: 10)) {
            try log.makeReader(startingAt: .offset(11))
        }
        try r.seek(to: 2)
        #expect(r.lag == 8)
        try r.seekToEnd()
        #expect(r.lag == 0)
    }
}
