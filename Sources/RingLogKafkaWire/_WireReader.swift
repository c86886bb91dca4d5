/// A bounds-checked cursor over a frame's bytes: every read checks what remains first and throws a
/// `KafkaWireError` instead of trapping, whatever the input.
///
/// Slices it hands out (`readNullableBytesSlice`) share the frame's storage: no copy.
///
/// Thread-safety: a value type; use one per thread. Complexity: each read is O(its length).
@usableFromInline
internal struct _WireReader {
    @usableFromInline let storage: ArraySlice<UInt8>
    /// The absolute index (into `storage`'s indices) of the next byte to read.
    @usableFromInline var position: Int

    @inlinable init(_ bytes: ArraySlice<UInt8>) {
        storage = bytes
        position = bytes.startIndex
    }

    @inlinable init(_ bytes: [UInt8]) { self.init(bytes[...]) }

    /// Bytes not read yet.
    @inlinable var remaining: Int { storage.endIndex - position }

    /// Bytes read so far.
    @inlinable var consumed: Int { position - storage.startIndex }

    /// Claims the next `count` bytes, returning their index range.
    @inlinable mutating func take(_ count: Int) throws(KafkaWireError) -> Range<Int> {
        guard count >= 0 else { throw .negativeLength(count) }
        let left = remaining
        guard count <= left else { throw .truncated(needed: count, remaining: left) }
        let start = position
        position = start + count
        return start..<position
    }

    @inlinable mutating func readBigEndian<T: FixedWidthInteger>(_: T.Type) throws(KafkaWireError) -> T {
        let range = try take(MemoryLayout<T>.size)
        var value: T = 0
        for index in range { value = (value &<< 8) | T(truncatingIfNeeded: storage[index]) }
        return value
    }

    @inlinable mutating func readInt8() throws(KafkaWireError) -> Int8 { try readBigEndian(Int8.self) }
    @inlinable mutating func readInt16() throws(KafkaWireError) -> Int16 { try readBigEndian(Int16.self) }
    @inlinable mutating func readInt32() throws(KafkaWireError) -> Int32 { try readBigEndian(Int32.self) }
    @inlinable mutating func readInt64() throws(KafkaWireError) -> Int64 { try readBigEndian(Int64.self) }
    @inlinable mutating func readUInt32() throws(KafkaWireError) -> UInt32 { try readBigEndian(UInt32.self) }
    @inlinable mutating func readBool() throws(KafkaWireError) -> Bool { try readInt8() != 0 }

    /// A UTF-8 string of `count` bytes.
    @inlinable mutating func readUTF8(count: Int) throws(KafkaWireError) -> String {
        let range = try take(count)
        guard let string = String(validating: storage[range], as: UTF8.self) else { throw .invalidUTF8 }
        return string
    }

    /// An int16-length string; -1 (null) is `nil`.
    @inlinable mutating func readNullableString() throws(KafkaWireError) -> String? {
        let length = Int(try readInt16())
        if length == -1 { return nil }
        try checkLength(length)
        return try readUTF8(count: length)
    }

    /// An int16-length string that must not be null.
    @inlinable mutating func readString() throws(KafkaWireError) -> String {
        guard let string = try readNullableString() else { throw .unexpectedNull }
        return string
    }

    /// An int32-length byte string as a slice of the frame (no copy); -1 (null) is `nil`.
    @inlinable mutating func readNullableBytesSlice() throws(KafkaWireError) -> ArraySlice<UInt8>? {
        let length = Int(try readInt32())
        if length == -1 { return nil }
        try checkLength(length)
        return storage[try take(length)]
    }

    /// An int32-length byte string that must not be null, copied out.
    @inlinable mutating func readBytes() throws(KafkaWireError) -> [UInt8] {
        guard let slice = try readNullableBytesSlice() else { throw .unexpectedNull }
        return Array(slice)
    }

    /// An int32 array count; `nil` for -1 (null). Every array element in this codec is at least one
    /// byte, so a count over the bytes left (or over `_WireLimits.maxArrayCount`) is rejected before
    /// anything is allocated.
    @inlinable mutating func readArrayCount() throws(KafkaWireError) -> Int? {
        let count = Int(try readInt32())
        if count == -1 { return nil }
        guard count >= 0 else { throw .negativeLength(count) }
        guard count <= remaining, count <= _WireLimits.maxArrayCount else { throw .arrayTooLong(count: count) }
        return count
    }

    @inlinable func checkLength(_ length: Int) throws(KafkaWireError) {
        guard length >= 0 else { throw .negativeLength(length) }
        guard length <= remaining else { throw .lengthExceedsRemaining(length: length, remaining: remaining) }
    }

    /// An unsigned LEB128 varint of at most `maxBytes` bytes (5 for 32-bit, 10 for 64-bit values).
    /// Bits past the 64th are dropped (wrapping), never trapped on.
    @inlinable mutating func readUnsignedVarint(maxBytes: Int = 5) throws(KafkaWireError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for _ in 0..<maxBytes {
            let byte = UInt64(try readBigEndian(UInt8.self))
            value |= (byte & 0x7F) &<< shift
            if byte & 0x80 == 0 { return value }
            shift &+= 7
        }
        throw .malformedVarint
    }

    /// A zig-zag varint (record fields): at most 5 bytes, the upper bits of the fifth dropped.
    @inlinable mutating func readVarint() throws(KafkaWireError) -> Int32 {
        let raw = UInt32(truncatingIfNeeded: try readUnsignedVarint(maxBytes: 5))
        return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A zig-zag varlong (record fields): at most 10 bytes.
    @inlinable mutating func readVarlong() throws(KafkaWireError) -> Int64 {
        let raw = try readUnsignedVarint(maxBytes: 10)
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A compact (flexible-version) nullable string: unsigned varint length + 1, 0 for null.
    @inlinable mutating func readCompactNullableString() throws(KafkaWireError) -> String? {
        let lengthPlusOne = try readUnsignedVarint()
        if lengthPlusOne == 0 { return nil }
        guard lengthPlusOne - 1 <= UInt64(remaining) else {
            throw .lengthExceedsRemaining(length: Int(truncatingIfNeeded: lengthPlusOne - 1), remaining: remaining)
        }
        return try readUTF8(count: Int(lengthPlusOne - 1))
    }

    /// Skips a flexible-version tagged-field section: a count, then (tag, size, bytes) per field.
    @inlinable mutating func skipTaggedFields() throws(KafkaWireError) {
        let count = try readUnsignedVarint()
        guard count <= UInt64(remaining) else { throw .arrayTooLong(count: Int(truncatingIfNeeded: count)) }
        for _ in 0..<Int(count) {
            _ = try readUnsignedVarint()
            let size = try readUnsignedVarint()
            guard size <= UInt64(remaining) else {
                throw .lengthExceedsRemaining(length: Int(truncatingIfNeeded: size), remaining: remaining)
            }
            _ = try take(Int(size))
        }
    }

    /// Throws `trailingBytes` unless every byte was read.
    @inlinable func expectEnd() throws(KafkaWireError) {
        guard remaining == 0 else { throw .trailingBytes(count: remaining) }
    }
}
