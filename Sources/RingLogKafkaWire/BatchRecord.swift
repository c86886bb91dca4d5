/// One record inside a RecordBatch v2, its byte fields borrowed from the batch (slices, no copy):
///
///     length varint | attributes int8 | timestampDelta varlong | offsetDelta varint |
///     keyLength varint (-1 null) | key | valueLength varint (-1 null) | value |
///     headerCount varint | per header: keyLength varint, key, valueLength varint, value
///
/// All varints are zig-zag encoded.
///
/// Thread-safety: a value type (`Sendable`).
public struct BatchRecord: Sendable, Equatable {
    /// The record's attributes (unused by Kafka so far: 0).
    public var attributes: Int8
    /// The timestamp relative to the batch's `baseTimestamp`.
    public var timestampDelta: Int64
    /// The offset relative to the batch's `baseOffset`.
    public var offsetDelta: Int32
    /// The key, or nil.
    public var key: ArraySlice<UInt8>?
    /// The value, or nil (a tombstone).
    public var value: ArraySlice<UInt8>?
    /// The headers, in order.
    public var headers: [Header]

    /// A record with these fields.
    public init(attributes: Int8 = 0, timestampDelta: Int64 = 0, offsetDelta: Int32 = 0,
                key: ArraySlice<UInt8>? = nil, value: ArraySlice<UInt8>? = nil, headers: [Header] = []) {
        self.attributes = attributes
        self.timestampDelta = timestampDelta
        self.offsetDelta = offsetDelta
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// A record header: a non-null key (UTF-8 by convention) and a nullable value.
    public struct Header: Sendable, Equatable {
        /// The header key.
        public var key: ArraySlice<UInt8>
        /// The header value, or nil.
        public var value: ArraySlice<UInt8>?

        /// A header with these bytes.
        public init(key: ArraySlice<UInt8>, value: ArraySlice<UInt8>?) {
            self.key = key
            self.value = value
        }
    }
}
