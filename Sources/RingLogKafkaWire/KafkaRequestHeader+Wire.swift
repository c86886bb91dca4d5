extension KafkaRequestHeader {
    /// Decodes the fields headers v1 and v2 share from the start of a frame (the bytes after the
    /// int32 size), leaving the reader at v2's tagged fields (`skipTaggedFields` if `isFlexible`)
    /// or at the body.
    init(from reader: inout _WireReader) throws(KafkaWireError) {
        apiKey = try reader.readInt16()
        apiVersion = try reader.readInt16()
        correlationId = try reader.readInt32()
        clientId = try reader.readNullableString()
    }

    /// Decodes just the header fields v1 and v2 share from the start of a frame (the bytes after
    /// the int32 size): enough to answer a request whose body fails to decode, whatever its API
    /// and version.
    ///
    /// Complexity: O(header size).
    public init(decoding frame: ArraySlice<UInt8>) throws(KafkaWireError) {
        var reader = _WireReader(frame)
        try self.init(from: &reader)
    }

    /// Appends the header (v1, or v2 when `isFlexible`).
    public func encode(into writer: inout WireWriter) throws(KafkaWireError) {
        writer.writeInt16(apiKey)
        writer.writeInt16(apiVersion)
        writer.writeInt32(correlationId)
        try writer.writeNullableString(clientId)
        if isFlexible { writer.writeUnsignedVarint(0) }
    }
}
