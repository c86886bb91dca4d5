/// A zero-filled raw allocation aligned to `alignment` bytes (a power of two, at least 64), for
/// counters that must sit on cache lines of their own. Swift cannot align stored properties,
/// so shared counters live here instead, one 128-byte line each (two lines on Intel, where the
/// adjacent-line prefetcher pairs 64-byte lines).
///
/// Thread-safety: immutable after creation; the owner decides who touches which bytes.
public final class AlignedMemory: @unchecked Sendable {
    /// The size of one padded slot: 128 bytes.
    public static let cacheLine = 128

    public let base: UnsafeMutableRawPointer
    public let byteCount: Int

    /// Allocates `byteCount` bytes aligned to `alignment`, zero-filled.
    /// - Complexity: O(byteCount).
    public init(byteCount: Int, alignment: Int = AlignedMemory.cacheLine) {
        precondition(byteCount > 0 && alignment >= 64 && alignment & (alignment - 1) == 0)
        base = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: alignment)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
        self.byteCount = byteCount
    }

    deinit { base.deallocate() }
}
