import ArgumentParser
import RingLog

/// A small append/fetch tour of the engine with readable output.
struct ExampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "example",
        abstract: "Append records to a partition, read them back zero-copy, replay, and show retention.")

    @Option(help: "Records to append.")
    var records = 10

    func validate() throws {
        guard (1...100_000).contains(records) else { throw ValidationError("--records must be in 1...100000, got \(records)") }
    }

    func run() throws {
        let log = try PartitionLog(.init(capacity: 1 << 16, retention: .overwrite, checksums: true))
        print("partition: 64 KiB mirrored ring, overwrite retention, CRC32C per record")
        for i in 0..<records {
            let offset = try log.append(value: Array("order \(i) created".utf8), key: Array("user_\(i % 3)".utf8),
                                        headers: [RecordHeader(name: "type", value: Array("ORDER_CREATED".utf8))])
            if i < 3 || i == records - 1 { print("  appended offset \(offset)") } else if i == 3 { print("  ...") }
        }
        print("high watermark \(log.highWatermark), log start \(log.logStartOffset)")

        let reader = try log.makeReader(startingAt: .earliest)
        print("reader polls up to 4 records at a time (borrowed views into the ring, no copies):")
        while true {
            let n = try reader.poll(maxRecords: 4) { batch -> Int in
                batch.forEach { record in
                    let key = String(decoding: record.keyBytes ?? [], as: UTF8.self)
                    let value = String(decoding: record.valueBytes, as: UTF8.self)
                    print("  offset \(record.offset) key \(key) value \"\(value)\" crc \(record.isChecksumValid ? "ok" : "BAD")")
                }
                return batch.count
            }
            if n == 0 { break }
        }
        print("reader lag \(reader.lag)")

        let replayFrom = max(0, log.highWatermark - 2)
        let replay = try log.fetch(from: replayFrom) { batch in batch.map { $0.offset } }
        print("replay from offset \(replayFrom): \(replay)")

        // Retention: fill the ring far past its size; the oldest records are dropped.
        let filler = [UInt8](repeating: 0x2A, count: 1000)
        for _ in 0..<200 { try log.append(value: filler) }
        print("after 200 more 1 KB records: log start \(log.logStartOffset), high watermark \(log.highWatermark)")
        do {
            try log.fetch(from: 0) { _ in () }
        } catch {
            print("fetch from offset 0 now fails: \(error)")
        }
    }
}
