import RingLogPlatform

/// A reader's private copy of what a validating read hands out.
///
/// A read that the producer can overwrite while it runs (overwrite retention, several
/// producers, or a registration the producer has not acknowledged yet) copies the walked bytes
/// here, then checks the write frontier, and only then hands out records, all of them pointing
/// into this copy. A caller therefore never sees a byte the producer may have changed: a torn
/// read throws before the first record is delivered.
///
/// Fixed at creation (`min(defaultBytes, ring capacity)`), so a poll reads its fields with no
/// access checks. A read whose first record alone is larger takes a heap copy of its own for
/// that read (`_ReadCopy`).
///
/// Thread-safety: owned by one reader, used by the thread polling it.
@usableFromInline
final class _ReadStaging {
    /// 64 KiB: more than a default poll of small records needs.
    @usableFromInline static var defaultBytes: Int { 64 << 10 }

    @usableFromInline let base: UnsafeMutableRawPointer
    @usableFromInline let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
    }

    deinit { base.deallocate() }
}
