import RingLogPlatform

/// A reader's private copy of what a validating read hands out.
///
/// A read that the producer can overwrite while it runs (overwrite retention, several
/// producers, or a registration the producer has not acknowledged yet) copies the walked bytes
/// here, then checks the write frontier, and only then hands out records, all of them pointing
/// into this copy. A caller therefore never sees a byte the producer may have changed: a torn
/// read throws before the first record is delivered.
///
/// Starts at `initialBytes` (or the ring, when smaller) on the first validating read and grows
/// only for a single record larger than it holds (cold path: one allocation per growth).
///
/// Thread-safety: owned by one reader, used by the thread polling it.
@usableFromInline
final class _ReadStaging {
    /// The first allocation: 64 KiB, more than a default poll of small records needs.
    @usableFromInline static var initialBytes: Int { 64 << 10 }

    private var memory: AlignedMemory
    /// Bytes the copy can hold.
    @usableFromInline private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        memory = AlignedMemory(byteCount: capacity, alignment: 64)
    }

    /// Copies `count` bytes from `source` (growing to at least `count` first) and returns where
    /// the copy starts. The copy reads bytes a producer may be writing: its callers validate
    /// afterwards, and ThreadSanitizer is told to ignore those reads.
    /// - Complexity: O(count).
    @usableFromInline
    func copy(from source: UnsafeRawPointer, count: Int) -> UnsafeRawPointer {
        if count > capacity {
            var grown = capacity
            while grown < count { grown &*= 2 }
            memory = AlignedMemory(byteCount: grown, alignment: 64)
            capacity = grown
        }
        ThreadSanitizer.ignoringReads { memory.base.copyMemory(from: source, byteCount: count) }
        return UnsafeRawPointer(memory.base)
    }
}
