/// A typed Kafka request or response body, coded field by field for each supported version.
///
/// Decode one with `init(decoding:version:)` (the body only: no size, no header) and encode one
/// with `encode(into:version:)`; frames (size, header, body) are `KafkaRequestFrame` and
/// `KafkaResponseFrame`. Versions outside `codableVersions` throw `unsupportedVersion`.
///
/// Thread-safety: conforming types are values (`Sendable`). Complexity: O(encoded size).
public protocol KafkaMessage: Sendable, Equatable, _WireStruct {
    /// The API this message belongs to.
    static var apiKey: ApiKey { get }
    /// The versions this type decodes and encodes (by default `apiKey.supportedVersions`).
    static var codableVersions: ClosedRange<Int16> { get }
}

extension KafkaMessage {
    public static var codableVersions: ClosedRange<Int16> { apiKey.supportedVersions }

    /// Throws `unsupportedVersion` (correlation ID -1: not known here) unless `version` is codable.
    @inlinable
    public static func _checkVersion(_ version: Int16) throws(KafkaWireError) {
        guard codableVersions.contains(version) else {
            throw .unsupportedVersion(apiKey: apiKey.rawValue, version: version, correlationId: -1)
        }
    }

    /// Decodes a body of this version from `bytes`, which must hold exactly the body.
    /// Byte-string fields (record sets) are slices sharing `bytes`' storage.
    public init(decoding bytes: ArraySlice<UInt8>, version: Int16) throws(KafkaWireError) {
        var reader = _WireReader(bytes)
        try self.init(from: &reader, version: version)
        try reader.expectEnd()
    }

    /// Decodes a body of this version from `bytes`, which must hold exactly the body.
    public init(decoding bytes: [UInt8], version: Int16) throws(KafkaWireError) {
        try self.init(decoding: bytes[...], version: version)
    }

    /// Decodes a body from the reader's position, leaving it after the body.
    init(from reader: inout _WireReader, version: Int16) throws(KafkaWireError) {
        try Self._checkVersion(version)
        self.init()
        try _code(&reader, version: version)
    }

    /// Appends this body, in `version`'s layout, to `writer`.
    public func encode(into writer: inout WireWriter, version: Int16) throws(KafkaWireError) {
        try Self._checkVersion(version)
        var copy = self  // `_code` is mutating for decoding; encoding only reads (no buffer copies).
        try copy._code(&writer, version: version)
    }

    /// This body in `version`'s layout.
    public func encoded(version: Int16) throws(KafkaWireError) -> [UInt8] {
        var writer = WireWriter()
        try encode(into: &writer, version: version)
        return writer.bytes
    }
}
