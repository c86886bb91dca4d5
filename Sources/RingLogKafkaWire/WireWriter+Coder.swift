extension WireWriter: _WireCoder {
    public var _isDecoding: Bool { false }
    public mutating func _int8(_ value: inout Int8) throws(KafkaWireError) { writeInt8(value) }
    public mutating func _int16(_ value: inout Int16) throws(KafkaWireError) { writeInt16(value) }
    public mutating func _int32(_ value: inout Int32) throws(KafkaWireError) { writeInt32(value) }
    public mutating func _int64(_ value: inout Int64) throws(KafkaWireError) { writeInt64(value) }
    public mutating func _bool(_ value: inout Bool) throws(KafkaWireError) { writeBool(value) }
    public mutating func _string(_ value: inout String) throws(KafkaWireError) { try writeString(value) }
    public mutating func _nullableString(_ value: inout String?) throws(KafkaWireError) { try writeNullableString(value) }
    public mutating func _bytes(_ value: inout [UInt8]) throws(KafkaWireError) { try writeNullableBytes(value) }
    public mutating func _records(_ value: inout ArraySlice<UInt8>?) throws(KafkaWireError) { try writeNullableBytes(value) }
    public mutating func _arrayCount(_ count: inout Int?) throws(KafkaWireError) { try writeArrayCount(count) }
    public mutating func _compactNullableString(_ value: inout String?) throws(KafkaWireError) {
        writeCompactNullableString(value)
    }
    public mutating func _taggedFields() throws(KafkaWireError) { writeUnsignedVarint(0) }
}
