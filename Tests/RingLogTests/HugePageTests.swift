import Testing
import RingLog
import RingLogPlatform

/// Huge pages depend on the host: `vm.nr_hugepages` reserves the pool (CI reserves some when it
/// can). Where the pool is empty these tests pin down the fallback and its message instead.
@Suite("Huge pages for partition rings")
struct HugePageTests {
    @Test func aRingThatIsNotAMultipleOf2MiBFallsBackToBasePagesAndSaysWhy() throws {
        let memory = try MirroredMemory(capacity: 1 << 16, hugePages: .preferred)
        #expect(memory.backing == .base(pageSize: MirroredMemory.pageSize))
        #expect(memory.hugePageNote?.contains("not a multiple of the 2 MiB huge page") == true)
    }

    @Test func requiredHugePagesThrowAnErrorNamingTheCause() {
        #expect(throws: PlatformError.hugePagesUnavailable("capacity 65536 bytes is not a multiple of the 2 MiB huge page")) {
            try MirroredMemory(capacity: 1 << 16, hugePages: .required)
        }
        #expect(throws: RingLogError.invalidConfiguration(
            "huge pages required but unavailable: capacity 65536 bytes is not a multiple of the 2 MiB huge page")) {
            try PartitionLog(.init(capacity: 1 << 16, hugePages: .required))
        }
    }

    @Test func basePagesAreUsedWithoutANoteWhenHugePagesAreNotAsked() throws {
        let memory = try MirroredMemory(capacity: 2 << 20)
        #expect(memory.backing == .base(pageSize: MirroredMemory.pageSize))
        #expect(memory.hugePageNote == nil)
    }

    @Test func aHugePageRingAliasesItsHalvesOrExplainsAnEmptyPool() throws {
        let capacity = 2 << 20
        let memory = try MirroredMemory(capacity: capacity, hugePages: .preferred)
        if (MirroredMemory.totalHugePages ?? 0) == 0 {
            // No pool: the fallback must say how to get one.
            #expect(memory.backing == .base(pageSize: MirroredMemory.pageSize))
            #expect(memory.hugePageNote?.contains("vm.nr_hugepages") == true)
            print("huge pages: pool empty on this host (vm.nr_hugepages = 0); fallback checked, hugetlb path not exercised")
        } else {
            #expect(memory.backing == .hugeTLB(pageSize: 2 << 20), "pool has pages: \(memory.hugePageNote ?? "")")
        }
        #expect(Int(bitPattern: memory.base) % (2 << 20) == 0, "mirror must be 2 MiB aligned")
        // Whatever backs it, both halves alias and a write across the end lands at the start.
        for i in stride(from: 0, to: capacity, by: 4099) {
            memory.base.storeBytes(of: UInt8(truncatingIfNeeded: i &* 7), toByteOffset: i, as: UInt8.self)
        }
        for i in stride(from: 0, to: capacity, by: 4099) {
            #expect(memory.base.load(fromByteOffset: capacity + i, as: UInt8.self) == UInt8(truncatingIfNeeded: i &* 7))
        }
        memory.base.storeBytes(of: UInt64(0x0102_0304_0506_0708), toByteOffset: capacity - 4, as: UInt64.self)
        #expect(memory.base.load(fromByteOffset: 0, as: UInt32.self) == 0x0102_0304)
    }

    @Test func aPartitionOnHugePagesReadsWrappedRecordsBackIntact() throws {
        let log = try PartitionLog(.init(capacity: 2 << 20, checksums: true, hugePages: .preferred))
        if (MirroredMemory.totalHugePages ?? 0) > 0 {
            #expect(log.pageBacking.isHuge, "\(log.hugePageNote ?? "")")
        } else {
            #expect(log.hugePageNote != nil)
        }
        // 3 laps of 1000-byte records: many wrap the 2 MiB end.
        let value = (0..<1000).map { UInt8(truncatingIfNeeded: $0) }
        var next: Int64 = 0
        var checked = 0
        for lap in 0..<(3 * (2 << 20) / 1024) {
            try log.append(value: value, key: Array("k\(lap)".utf8))
            if log.highWatermark - next >= 512 {
                checked += try log.fetch(from: next, maxRecords: 512) { batch in
                    var n = 0
                    batch.forEach { record in
                        #expect(record.isChecksumValid == true)
                        #expect(record.value.byteCount == 1000)
                        next = record.offset + 1
                        n += 1
                    }
                    return n
                }
            }
        }
        #expect(checked >= 5_000)
    }
}
