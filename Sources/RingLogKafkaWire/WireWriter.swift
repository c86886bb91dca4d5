/// An append-only big-endian encoder for Kafka wire frames.
///
/// Sizes that are only known once their content is written (the frame's int32 size, a record
/// batch's length) are reserved with `reserveInt32()` and filled in with `patchSize(at:)`.
///
/// Thread-safety: a value type; use one per thread. Complexity: appends are amortised O(their length).
public struct WireWriter: Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8] { storage }

    @usableFromInline var storage: [UInt8]

    /// An empty writer with room for `capacity` bytes.
    public init(capacity: Int = 256) {
        storage = []
        storage.reserveCapacity(max(0, capacity))
    }

    /// Bytes written so far.
    @inlinable public var count: Int { storage.count }

    /// Appends `value` big-endian.
    @inlinable public mutating func writeBigEndian<T: FixedWidthInteger>(_ value: T) {
        var remainingShift = T.bitWidth
        while remainingShift > 0 {
            remainingShift -= 8
            storage.append(UInt8(truncatingIfNeeded: value >> remainingShift))
        }
    }

    @inlinable public mutating func writeInt8(_ value: Int8) { storage.append(UInt8(bitPattern: value)) }
    @inlinable public mutating func writeInt16(_ value: Int16) { writeBigEndian(value) }
    @inlinable public mutating func writeInt32(_ value: Int32) { writeBigEndian(value) }
    @inlinable public mutating func writeInt64(_ value: Int64) { writeBigEndian(value) }
    @inlinable public mutating func writeUInt32(_ value: UInt32) { writeBigEndian(value) }
    @inlinable public mutating func writeBool(_ value: Bool) { storage.append(value ? 1 : 0) }

    /// Appends raw bytes with no length prefix.
    @inlinable public mutating func writeRaw<C: Collection>(_ raw: C) where C.Element == UInt8 {
        storage.append(contentsOf: raw)
    }

    /// Appends an int16-length string; throws `valueTooLarge` over 32 767 UTF-8 storage.
    public mutating func writeString(_ value: String) throws(KafkaWireError) {
        let utf8 = value.utf8
        guard utf8.count <= Int(Int16.max) else { throw .valueTooLarge }
        writeInt16(Int16(utf8.count))
        storage.append(contentsOf: utf8)
    }

    /// Appends an int16-length string, or -1 for `nil`.
    public mutating func writeNullableString(_ value: String?) throws(KafkaWireError) {
        guard let value else { writeInt16(-1); return }
        try writeString(value)
    }

    /// Appends an int32-length byte string, or -1 for `nil`.
    public mutating func writeNullableBytes<C: Collection>(_ value: C?) throws(KafkaWireError) where C.Element == UInt8 {
        guard let value else { writeInt32(-1); return }
        guard value.count <= Int(Int32.max) else { throw .valueTooLarge }
        writeInt32(Int32(value.count))
        storage.append(contentsOf: value)
    }

    /// Appends an int32 array count, or -1 for a null array (`nil`).
    public mutating func writeArrayCount(_ count: Int?) throws(KafkaWireError) {
        guard let count else { writeInt32(-1); return }
        guard count <= Int(Int32.max) else { throw .valueTooLarge }
        writeInt32(Int32(count))
    }

    /// Appends an unsigned LEB128 varint (flexible-version lengths and tags).
    public mutating func writeUnsignedVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            storage.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        storage.append(UInt8(truncatingIfNeeded: rest))
    }

    /// Appends a zig-zag varint (record fields).
    public mutating func writeVarint(_ value: Int32) {
        let zigZag = UInt32(bitPattern: (value << 1) ^ (value >> 31))
        writeUnsignedVarint(UInt64(zigZag))
    }

    /// Appends a zig-zag varlong (record fields).
    public mutating func writeVarlong(_ value: Int64) {
        writeUnsignedVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Appends a compact nullable string (unsigned varint length + 1, 0 for null).
    public mutating func writeCompactNullableString(_ value: String?) {
        guard let value else { writeUnsignedVarint(0); return }
        writeUnsignedVarint(UInt64(value.utf8.count) + 1)
        storage.append(contentsOf: value.utf8)
    }

    /// Appends a placeholder int32 and returns its position, for `patchSize(at:)` or `patchInt32(_:at:)`.
    public mutating func reserveInt32() -> Int {
        let position = storage.count
        storage.append(contentsOf: [0, 0, 0, 0])
        return position
    }

    /// Overwrites the int32 at `position` (from `reserveInt32()`) with `value`.
    public mutating func patchInt32(_ value: Int32, at position: Int) {
        precondition(position >= 0 && position + 4 <= storage.count, "patch position outside the written bytes")
        let raw = UInt32(bitPattern: value)
        storage[position] = UInt8(truncatingIfNeeded: raw >> 24)
        storage[position + 1] = UInt8(truncatingIfNeeded: raw >> 16)
        storage[position + 2] = UInt8(truncatingIfNeeded: raw >> 8)
        storage[position + 3] = UInt8(truncatingIfNeeded: raw)
    }

    /// Fills the int32 reserved at `position` with the number of bytes written after it.
    public mutating func patchSize(at position: Int) throws(KafkaWireError) {
        let size = storage.count - position - 4
        guard size <= Int(Int32.max) else { throw .valueTooLarge }
        patchInt32(Int32(size), at: position)
    }
}
