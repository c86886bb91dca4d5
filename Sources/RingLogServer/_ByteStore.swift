/// A growable byte buffer written through raw pointers: what the fetch encoder writes records
/// into (one capacity check per record, then plain stores through a `Cursor`; `[UInt8].append`
/// checked uniqueness and capacity per byte).
///
/// Thread-safety: one owner.
final class _ByteStore {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    /// Bytes written.
    var count = 0

    /// An empty store with room for `capacity` bytes.
    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    /// Makes room for `more` bytes after `count` (doubling).
    @inline(__always)
    func reserve(_ more: Int) {
        if count + more > capacity { grow(count + more) }
    }

    private func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let bigger = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        bigger.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }

    /// Appends zero bytes (room reserved).
    @inline(__always)
    func appendZeros(_ n: Int) {
        (base + count).initializeMemory(as: UInt8.self, repeating: 0, count: n)
        count += n
    }

    /// A write position at `count`, for writing into room already reserved through a local
    /// pointer (the store's fields are not reloaded and stored per byte); `commit` ends it.
    struct Cursor {
        fileprivate var position: UnsafeMutableRawPointer

        /// Writes one byte.
        @inline(__always)
        mutating func put(_ byte: UInt8) {
            position.storeBytes(of: byte, as: UInt8.self)
            position += 1
        }

        /// Writes `bytes`.
        @inline(__always)
        mutating func put(_ bytes: UnsafeRawBufferPointer) {
            if let source = bytes.baseAddress, bytes.count > 0 { position.copyMemory(from: source, byteCount: bytes.count) }
            position += bytes.count
        }

        /// Writes a zig-zag varint (at most 10 bytes).
        @inline(__always)
        mutating func putVarint(_ value: Int64) {
            var rest = UInt64(bitPattern: (value << 1) ^ (value >> 63))
            while rest >= 0x80 {
                put(UInt8(truncatingIfNeeded: rest) | 0x80)
                rest >>= 7
            }
            put(UInt8(truncatingIfNeeded: rest))
        }
    }

    /// A cursor at the end of what is written; write at most the room reserved, then `commit`.
    @inline(__always)
    func cursor() -> Cursor { Cursor(position: base + count) }

    /// Takes what `cursor` wrote as written.
    @inline(__always)
    func commit(_ cursor: Cursor) { count = cursor.position - base }

    /// The bytes written, as an array (one copy).
    var array: [UInt8] { Array(UnsafeRawBufferPointer(start: base, count: count)) }
}
