import Synchronization

/// A fixed array of atomic integers, each on a 128-byte line of its own (two 64-byte lines,
/// so adjacent-line prefetch does not pair them): the only holder of the run's counter
/// memory. Threads update their own slots without sharing a line with any other slot.
final class _CacheLineCounters: @unchecked Sendable {
    /// Ints per slot: 16 × 8 bytes = 128 bytes.
    private static let stride = 16
    private let base: UnsafeMutablePointer<Atomic<Int>>
    let count: Int

    init(count: Int) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * Self.stride * 8, alignment: 128)
        base = raw.bindMemory(to: Atomic<Int>.self, capacity: count * Self.stride)
        for i in 0..<(count * Self.stride) { (base + i).initialize(to: Atomic(0)) }
    }

    deinit {
        base.deinitialize(count: count * Self.stride)
        UnsafeMutableRawPointer(base).deallocate()
    }

    /// Slot `index`'s atomic (0 ≤ index < count).
    @inline(__always)
    subscript(index: Int) -> UnsafeMutablePointer<Atomic<Int>> { base + index * Self.stride }
}
