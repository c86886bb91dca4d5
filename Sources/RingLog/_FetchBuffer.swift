import Synchronization
import RingLogPlatform

/// The copy buffer stateless fetches share: a fetch takes it, copies and validates into it,
/// hands records out of it, and puts it back, so fetching allocates nothing once the buffer
/// exists. A fetch that finds it taken (another thread fetching) or needs more room for one
/// record allocates a buffer of its own for that call.
///
/// The slot lives on a cache line of its own, so fetchers exchanging it never touch the lines
/// that readers and producers use.
///
/// Thread-safety: any number of threads; one holds the buffer at a time.
@usableFromInline
final class _FetchBuffer: @unchecked Sendable {
    /// 64 KiB: a default fetch of small records fits.
    @usableFromInline static var defaultBytes: Int { 64 << 10 }

    private let line = AlignedMemory(byteCount: AlignedMemory.cacheLine)
    /// The cached buffer's address, 0 while a fetch holds it.
    private var slot: UnsafeMutablePointer<Atomic<UInt>> { line.base.assumingMemoryBound(to: Atomic<UInt>.self) }

    init() {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: Self.defaultBytes, alignment: 64)
        line.base.bindMemory(to: Atomic<UInt>.self, capacity: 1).initialize(to: Atomic(UInt(bitPattern: buffer)))
    }

    deinit {
        // relaxed: no fetch runs while the partition is being deinitialized.
        let cached = slot.pointee.load(ordering: .relaxed)
        if let buffer = UnsafeMutableRawPointer(bitPattern: cached) { buffer.deallocate() }
    }

    /// A buffer of at least `bytes` (`defaultBytes` when smaller): the shared one when it is
    /// free and large enough, else a new allocation. Give it back with `give`.
    @usableFromInline
    func take(_ bytes: Int) -> UnsafeMutableRawPointer {
        if bytes <= Self.defaultBytes {
            // acquiring-and-releasing: the last holder's use of the buffer happens-before ours.
            let cached = slot.pointee.exchange(0, ordering: .acquiringAndReleasing)
            if let buffer = UnsafeMutableRawPointer(bitPattern: cached) { return buffer }
        }
        return UnsafeMutableRawPointer.allocate(byteCount: max(bytes, Self.defaultBytes), alignment: 64)
    }

    /// Puts back a buffer `take` returned for `bytes`: it becomes the shared one when that slot is
    /// empty and it has the default size, else it is freed.
    @usableFromInline
    func give(_ buffer: UnsafeMutableRawPointer, bytes: Int) {
        if bytes <= Self.defaultBytes {
            // releasing: our use of the buffer happens-before the next holder's.
            let (stored, _) = slot.pointee.compareExchange(expected: 0, desired: UInt(bitPattern: buffer), ordering: .releasing)
            if stored { return }
        }
        buffer.deallocate()
    }
}
