import Testing
import RingLogKafkaWire
@testable import RingLogServer

/// The produce path's in-place record parser against the codec's: on valid batches and on
/// thousands of mutated ones, both accept the same bytes and read the same records.
@Suite("ringlog serve: the produce path's record scanner agrees with the codec")
struct ServeRecordScannerTests {
    /// What one parser read: per record the deltas, key, value and headers (nil: it threw).
    typealias Reading = [String]?

    /// The codec's reading of `batch`'s records.
    static func codec(_ batch: [UInt8]) -> Reading {
        guard let parsed = try? RingLogKafkaWire.RecordBatch(parsing: batch, verifyingCRC: false),
              let records = try? parsed.records() else { return nil }
        return records.map { r in
            "\(r.timestampDelta)|\(r.offsetDelta)|\(r.key.map(Array.init) as [UInt8]?)|\(r.value.map(Array.init) as [UInt8]?)|"
                + r.headers.map { "\(Array($0.key))=\($0.value.map(Array.init) as [UInt8]?)" }.joined(separator: ",")
        }
    }

    /// The scanner's reading of `batch`'s records (the header as the codec parsed it).
    static func scanner(_ batch: [UInt8]) -> Reading {
        guard let parsed = try? RingLogKafkaWire.RecordBatch(parsing: batch, verifyingCRC: false) else { return nil }
        return batch.withUnsafeBytes { raw -> Reading in
            let bytes = UnsafeRawBufferPointer(rebasing: raw[RecordBatchHeader.size..<parsed.header.totalSize])
            var scanner = _RecordScanner(bytes, count: Int(parsed.header.recordsCount))
            var out: [String] = []
            do {
                while let r = try scanner.next() {
                    var headers: [String] = []
                    scanner.forEachHeader(of: r) { key, value in headers.append("\(Array(key))=\(value.map { Array($0) } as [UInt8]?)") }
                    out.append("\(r.timestampDelta)|\(r.offsetDelta)|\(r.key.map { Array(scanner.slice($0)) } as [UInt8]?)|"
                               + "\(r.value.map { Array(scanner.slice($0)) } as [UInt8]?)|" + headers.joined(separator: ","))
                }
            } catch {
                return nil
            }
            return out
        }
    }

    /// A batch with null keys and values, headers with null values, and far-apart timestamps.
    static func sample() throws -> [UInt8] {
        var builder = RecordBatchBuilder()
        try builder.append(key: nil, value: Array("plain".utf8), timestamp: 1_000)
        try builder.append(key: Array("k".utf8), value: nil, headers: [(Array("a".utf8), nil), (Array("b".utf8), [1, 2, 3])], timestamp: 900)
        try builder.append(key: [], value: [], timestamp: 5_000_000_000)
        try builder.append(key: Array(repeating: 7, count: 300), value: Array(repeating: 9, count: 200), timestamp: 1_001)
        return builder.build()
    }

    @Test("valid batches read the same")
    func validBatches() throws {
        for batch in [try Self.sample(), try serveTestBatch(50)] {
            let expected = Self.codec(batch)
            #expect(expected != nil && Self.scanner(batch) == expected)
        }
    }

    @Test("20,000 mutated batches: accepted and read alike, refused alike")
    func mutatedBatches() throws {
        var random = SplitMix(seed: 0x5eed)
        let originals = [try Self.sample(), try serveTestBatch(6)]
        var accepted = 0
        for i in 0..<20_000 {
            var batch = originals[i % originals.count]
            let recordsStart = RecordBatchHeader.size
            switch random.next() % 4 {
            case 0: // flip bits in the records
                for _ in 0...(random.next() % 3) {
                    let at = recordsStart + Int(random.next() % UInt64(batch.count - recordsStart))
                    batch[at] ^= UInt8(1 << (random.next() % 8))
                }
            case 1: // a hostile byte (varint continuation, -1, huge)
                let at = recordsStart + Int(random.next() % UInt64(batch.count - recordsStart))
                batch[at] = [0xff, 0x80, 0x01, 0x7f, 0x00, 0xfe][Int(random.next() % 6)]
            case 2: // the record count changed
                let count = Int32(bitPattern: UInt32(random.next() % 12))
                batch.withUnsafeMutableBytes { $0.storeBytes(of: count.bigEndian, toByteOffset: 57, as: Int32.self) }
            default: // records cut short (batch length follows)
                let cut = Int(random.next() % UInt64(batch.count - recordsStart))
                batch.removeLast(cut)
                let length = Int32(batch.count - RecordBatchHeader.lengthPrefixSize)
                batch.withUnsafeMutableBytes { $0.storeBytes(of: length.bigEndian, toByteOffset: 8, as: Int32.self) }
            }
            let expected = Self.codec(batch)
            let got = Self.scanner(batch)
            #expect(got == expected, "mutation \(i)")
            if expected != nil { accepted += 1 }
            if got != expected { break }
        }
        #expect(accepted > 100, "some mutations still parse")
    }
}
