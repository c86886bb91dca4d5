import Testing
import RingLog
import RingLogPlatform

/// The read contract (see `Record`): a read hands out only intact records; a read of records
/// that were overwritten throws before its closure sees any of them.
@Suite("Read contract: no record of a failed read is handed out")
struct ReadContractTests {
    /// A 4 KiB overwrite ring with a reader at offset 0 and 40 laps of 40-byte values after it.
    static func lappedReader(producerMode: ProducerMode = .single) throws -> (PartitionLog, PartitionReader) {
        let log = try PartitionLog(.init(capacity: 4096, retention: .overwrite, producerMode: producerMode))
        let reader = try log.makeReader(startingAt: .earliest)
        for i in 0..<4_000 { try log.append(value: [UInt8](repeating: UInt8(truncatingIfNeeded: i), count: 40).span.bytes) }
        return (log, reader)
    }

    @Test(arguments: [ProducerMode.single, .multi])
    func aLappedPollEachThrowsWithoutCallingItsClosure(mode: ProducerMode) throws {
        let (log, reader) = try Self.lappedReader(producerMode: mode)
        var seen = 0
        #expect(throws: RingLogError.self) { try reader.pollEach { _ in seen += 1 } }
        #expect(seen == 0, "records of a lapped read were handed out")
        #expect(reader.nextOffset == 0, "the position does not move on a failed read")
        try reader.seekToBeginning()
        let n = try reader.pollEach { record in
            seen += 1
            #expect(record.valueBytes == [UInt8](repeating: UInt8(truncatingIfNeeded: record.offset), count: 40))
        }
        #expect(n > 0 && n == seen && reader.nextOffset == log.logStartOffset + Int64(n))
    }

    @Test(arguments: [ProducerMode.single, .multi])
    func aLappedPollThrowsWithoutCallingItsClosure(mode: ProducerMode) throws {
        let (_, reader) = try Self.lappedReader(producerMode: mode)
        var calls = 0
        #expect(throws: RingLogError.self) { try reader.poll { _ in calls += 1 } }
        #expect(calls == 0)
    }

    @Test func aFetchBelowTheLogStartThrowsWithoutCallingItsClosure() throws {
        let (log, _) = try Self.lappedReader()
        var calls = 0
        #expect(throws: RingLogError.self) { try log.fetch(from: 10) { _ in calls += 1 } }
        #expect(calls == 0)
        let start = log.logStartOffset
        let values = try log.fetch(from: start, maxRecords: 5) { batch in batch.map { $0.valueBytes } }
        #expect(values == (0..<5).map { [UInt8](repeating: UInt8(truncatingIfNeeded: start + Int64($0)), count: 40) })
    }

    @Test func validatedReadsHandOutRecordsLargerThanTheirFirstCopyBuffer() throws {
        // 200 KiB values in a 1 MiB overwrite ring: larger than the 64 KiB a reader's copy
        // starts with, so the copy grows; each poll still hands out one whole record.
        let log = try PartitionLog(.init(capacity: 1 << 20, retention: .overwrite))
        let reader = try log.makeReader(startingAt: .earliest)
        for i in 0..<3 { try log.append(value: [UInt8](repeating: UInt8(i + 1), count: 200 << 10).span.bytes) }
        var got: [[UInt8]] = []
        while reader.lag > 0 { _ = try reader.pollEach(maxRecords: 10) { got.append($0.valueBytes) } }
        let written: [[UInt8]] = (0..<3).map { i in [UInt8](repeating: UInt8(i + 1), count: 200 << 10) }
        #expect(got == written)
    }

    @Test func validatedReadsKeepTheirByteAndRecordLimits() throws {
        let log = try PartitionLog(.init(capacity: 1 << 16, retention: .overwrite))
        let reader = try log.makeReader(startingAt: .earliest)
        for i in 0..<100 { try log.append(value: [UInt8](repeating: UInt8(i), count: 100).span.bytes) }
        #expect(try reader.pollEach(maxRecords: 7) { _ in } == 7)
        // 100-byte values take 112-byte frames (plus a batch header and padding each): 300 bytes hold 2.
        let n = try reader.poll(maxBytes: 300) { batch in batch.count }
        #expect(n >= 1 && n <= 2)
        var offsets: [Int64] = []
        while reader.lag > 0 { _ = try reader.pollEach { offsets.append($0.offset) } }
        #expect(offsets == Array(Int64(7 + n)..<100))
    }
}
