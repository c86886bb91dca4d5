/// Why a Kafka wire frame could not be decoded or encoded.
///
/// Every decoder in `RingLogKafkaWire` reports hostile or damaged input with one of these cases
/// instead of trapping, so a server can answer (or drop the connection) and carry on.
public enum KafkaWireError: Error, Equatable, Sendable {
    /// The input ended `needed` bytes into a field that had only `remaining` bytes left.
    case truncated(needed: Int, remaining: Int)
    /// A length or count prefix was negative where only -1 (null) or a non-negative value is allowed.
    case negativeLength(Int)
    /// A length prefix asked for more bytes than the input has left.
    case lengthExceedsRemaining(length: Int, remaining: Int)
    /// An array count was larger than the input could possibly hold (or than the sane cap).
    case arrayTooLong(count: Int)
    /// A varint ran longer than its 5 (varint) or 10 (varlong) byte maximum.
    case malformedVarint
    /// A field that is not nullable in this version was null (length -1).
    case unexpectedNull
    /// A string's bytes were not valid UTF-8.
    case invalidUTF8
    /// A value is too large for its wire field (a string over 32 767 bytes, an array over `Int32.max`).
    case valueTooLarge
    /// The request's API key is not one this codec knows.
    case unknownApiKey(apiKey: Int16, correlationId: Int32)
    /// The API is known but this version is not supported (see `ApiKey.supportedVersions`).
    case unsupportedVersion(apiKey: Int16, version: Int16, correlationId: Int32)
    /// The frame held `count` bytes after the last field of its message.
    case trailingBytes(count: Int)
    /// A record batch's magic byte was not 2 (only RecordBatch v2 is supported).
    case unsupportedMagic(Int8)
    /// A record batch's stored CRC-32C does not match the one computed over its bytes.
    case crcMismatch(stored: UInt32, computed: UInt32)
    /// A record batch's length field is smaller than the fixed header or runs past the input.
    case invalidBatchLength(Int)
    /// A record inside a batch did not fit in its declared length, or the batch held a different
    /// number of records than its header says.
    case malformedRecord
    /// The batch's records are compressed with a codec this module doesn't decompress (or an
    /// unknown codec number): its records can't be iterated (the batch itself still parses).
    case compressedRecords(codec: Int8)
}
