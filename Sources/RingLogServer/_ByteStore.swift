/// A growable byte buffer written through raw pointers: what the fetch encoder writes records
/// into (one capacity check per record, then plain stores; `[UInt8].append` checked
/// uniqueness and capacity per byte).
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

    /// Appends one byte (room reserved).
    @inline(__always)
    func append(_ byte: UInt8) {
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    /// Appends `bytes` (room reserved).
    @inline(__always)
    func append(_ bytes: UnsafeRawBufferPointer) {
        if let source = bytes.baseAddress, bytes.count > 0 { (base + count).copyMemory(from: source, byteCount: bytes.count) }
        count += bytes.count
    }

    /// Appends zero bytes (room reserved).
    @inline(__always)
    func appendZeros(_ n: Int) {
        (base + count).initializeMemory(as: UInt8.self, repeating: 0, count: n)
        count += n
    }

    /// Appends a zig-zag varint (room reserved: at most 10 bytes).
    @inline(__always)
    func appendVarint(_ value: Int64) {
        var rest = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while rest >= 0x80 {
            append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        append(UInt8(truncatingIfNeeded: rest))
    }

    /// The bytes written, as an array (one copy).
    var array: [UInt8] { Array(UnsafeRawBufferPointer(start: base, count: count)) }
}
