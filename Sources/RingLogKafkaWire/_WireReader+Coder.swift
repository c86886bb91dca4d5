extension _WireReader: _WireCoder {
    @usableFromInline var _isDecoding: Bool { true }
    @usableFromInline mutating func _int8(_ value: inout Int8) throws(KafkaWireError) { value = try readInt8() }
    @usableFromInline mutating func _int16(_ value: inout Int16) throws(KafkaWireError) { value = try readInt16() }
    @usableFromInline mutating func _int32(_ value: inout Int32) throws(KafkaWireError) { value = try readInt32() }
    @usableFromInline mutating func _int64(_ value: inout Int64) throws(KafkaWireError) { value = try readInt64() }
    @usableFromInline mutating func _bool(_ value: inout Bool) throws(KafkaWireError) { value = try readBool() }
    @usableFromInline mutating func _string(_ value: inout String) throws(KafkaWireError) { value = try readString() }
    @usableFromInline mutating func _nullableString(_ value: inout String?) throws(KafkaWireError) {
        value = try readNullableString()
    }
    @usableFromInline mutating func _bytes(_ value: inout [UInt8]) throws(KafkaWireError) { value = try readBytes() }
    @usableFromInline mutating func _records(_ value: inout ArraySlice<UInt8>?) throws(KafkaWireError) {
        value = try readNullableBytesSlice()
    }
    @usableFromInline mutating func _arrayCount(_ count: inout Int?) throws(KafkaWireError) { count = try readArrayCount() }
    @usableFromInline mutating func _compactNullableString(_ value: inout String?) throws(KafkaWireError) {
        value = try readCompactNullableString()
    }
    @usableFromInline mutating func _taggedFields() throws(KafkaWireError) { try skipTaggedFields() }
}
