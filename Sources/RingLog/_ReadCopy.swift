import RingLogPlatform

/// Where one validating read copies to: the reader's staging, or a heap buffer of the read's
/// own that the caller frees once the records were handed out.
@usableFromInline
struct _ReadCopy {
    @usableFromInline let base: UnsafeRawPointer
    @usableFromInline let owned: UnsafeMutableRawPointer?

    /// Copies `count` bytes from `source` into `staging` when they fit, else into a new heap
    /// buffer. The source may be changing under a producer: the caller validates afterwards,
    /// and ThreadSanitizer is told to ignore these reads.
    /// - Complexity: O(count).
    @usableFromInline
    init(from source: UnsafeRawPointer, count: Int, staging: _ReadStaging?) {
        let target: UnsafeMutableRawPointer
        if let staging, count <= staging.capacity {
            target = staging.base
            owned = nil
        } else {
            target = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 64)
            owned = target
        }
        ThreadSanitizer.ignoringReads { target.copyMemory(from: source, byteCount: count) }
        base = UnsafeRawPointer(target)
    }

    /// Frees the read's own buffer, if it has one.
    @inlinable func release() { owned?.deallocate() }
}
