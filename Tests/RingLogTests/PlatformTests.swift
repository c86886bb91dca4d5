import Testing
import RingLogPlatform
import Foundation

@Suite("Platform: mirrored memory, CRC32C, pinning")
struct PlatformTests {
    @Test func theMirroredMappingAliasesItsTwoHalves() throws {
        let memory = try MirroredMemory(capacity: 2 * MirroredMemory.pageSize)
        let c = memory.capacity
        for i in stride(from: 0, to: c, by: 97) {
            memory.base.storeBytes(of: UInt8(truncatingIfNeeded: i), toByteOffset: i, as: UInt8.self)
        }
        for i in stride(from: 0, to: c, by: 97) {
            #expect(memory.base.load(fromByteOffset: c + i, as: UInt8.self) == UInt8(truncatingIfNeeded: i))
        }
        // A write that straddles the end lands at the start.
        memory.base.storeBytes(of: UInt64(0x1122_3344_5566_7788), toByteOffset: c - 4, as: UInt64.self)
        #expect(memory.base.load(fromByteOffset: 0, as: UInt32.self) == 0x1122_3344)
    }

    @Test func aMirroredMappingNeedsAPageMultiple() {
        #expect(throws: PlatformError.invalidCapacity(1000, pageSize: MirroredMemory.pageSize)) {
            try MirroredMemory(capacity: 1000)
        }
    }

    @Test func hostStealTimeIsReadFromProcStatAndNeverGoesBackwards() throws {
        let first = try #require(HostSteal.milliseconds(), "/proc/stat has a cpu line with a steal field on Linux")
        let second = try #require(HostSteal.milliseconds())
        #expect(first >= 0 && second >= first)
    }

    @Test func crc32cMatchesTheStandardCheckValue() {
        let check = Array("123456789".utf8)
        #expect(check.withUnsafeBytes { CRC32C.checksum($0) } == 0xE306_9283)
        #expect([UInt8]().withUnsafeBytes { CRC32C.checksum($0) } == 0)
        // continuing over two halves equals one pass
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let whole = data.withUnsafeBytes { CRC32C.checksum($0) }
        let first = data[..<333].withUnsafeBytes { CRC32C.checksum($0) }
        let both = data[333...].withUnsafeBytes { CRC32C.checksum($0, continuing: first) }
        #expect(whole == both)
    }

    @Test("the resolved and the table CRC32C routines equal a bitwise reference at every length 0-300 and alignment 0-7")
    func crc32cRoutinesMatchABitwiseReference() {
        func reference(_ bytes: ArraySlice<UInt8>, _ start: UInt32) -> UInt32 {
            var c = ~start
            for b in bytes {
                c ^= UInt32(b)
                for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
            }
            return ~c
        }
        let resolved = CRC32C.resolved(), table = CRC32C.tableDriven()
        var rng: UInt64 = 0x9E37_79B9
        let data = (0..<320).map { _ -> UInt8 in rng = rng &* 6364136223846793005 &+ 1442695040888963407; return UInt8(truncatingIfNeeded: rng >> 56) }
        var mismatches = 0
        for start in 0..<8 {
            for length in 0...300 {
                let slice = data[start..<(start + length)]
                let seed: UInt32 = length % 3 == 0 ? 0 : 0xDEAD_BEEF
                let want = reference(slice, seed)
                slice.withUnsafeBytes { b in
                    if resolved(b, continuing: seed) != want || table(b, continuing: seed) != want
                        || CRC32C.checksum(b, continuing: seed) != want { mismatches += 1 }
                }
            }
        }
        #expect(mismatches == 0)
        #expect(Array("123456789".utf8).withUnsafeBytes { resolved($0) } == 0xE306_9283)
    }

    @Test func aPinnedThreadRunsOnItsCPU() throws {
        let seen = Locked<[Int?]>([])
        // On a thread of its own, so no test-runner thread stays pinned.
        runOnThreads(1) { _ in
            for cpu in [Topology.availableCPUs.first!, Topology.availableCPUs.last!] {
                try! ThreadAffinity.pinCurrentThread(to: cpu)
                seen.withValue { $0.append(ThreadAffinity.currentCPU) }
            }
        }
        #expect(seen.withValue { $0 } == [Topology.availableCPUs.first!, Topology.availableCPUs.last!])
        #expect(throws: PlatformError.self) { try ThreadAffinity.pinCurrentThread(to: 100_000) }
    }

    @Test func alignedMemoryIsAlignedAndZeroed() {
        let m = AlignedMemory(byteCount: 1000, alignment: 128)
        #expect(Int(bitPattern: m.base) % 128 == 0)
        #expect((0..<1000).allSatisfy { m.base.load(fromByteOffset: $0, as: UInt8.self) == 0 })
    }
}
