/// Response framing: int32 size, response header v0 (the correlation ID), body.
///
/// Every response this codec encodes is a non-flexible version, so the header never has tagged
/// fields (nor does ApiVersions' in any version).
///
/// Thread-safety: stateless. Complexity: O(response size).
public enum KafkaResponseFrame {
    /// Appends a whole response frame for `body` in `version`'s layout.
    public static func encode<Body: KafkaMessage>(
        _ body: Body, version: Int16, correlationId: Int32, into writer: inout WireWriter
    ) throws(KafkaWireError) {
        let sizeAt = writer.reserveInt32()
        writer.writeInt32(correlationId)
        try body.encode(into: &writer, version: version)
        try writer.patchSize(at: sizeAt)
    }

    /// A whole response frame for `body` in `version`'s layout.
    public static func encoded<Body: KafkaMessage>(
        _ body: Body, version: Int16, correlationId: Int32
    ) throws(KafkaWireError) -> [UInt8] {
        var writer = WireWriter()
        try encode(body, version: version, correlationId: correlationId, into: &writer)
        return writer.bytes
    }

    /// Decodes a response frame (the bytes after the int32 size) whose body is `Body` in
    /// `version` (responses don't say their API or version: the client remembers them). For tests
    /// and clients.
    public static func decode<Body: KafkaMessage>(
        _: Body.Type, from frame: ArraySlice<UInt8>, version: Int16
    ) throws(KafkaWireError) -> (correlationId: Int32, body: Body) {
        var reader = _WireReader(frame)
        let correlationId = try reader.readInt32()
        let body = try Body(from: &reader, version: version)
        try reader.expectEnd()
        return (correlationId, body)
    }
}
