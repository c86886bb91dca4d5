/// The compression of a record batch's records: bits 0-2 of its attributes.
public enum CompressionCodec: Int8, Sendable, CaseIterable {
    /// Uncompressed.
    case none = 0
    /// GZIP.
    case gzip = 1
    /// Snappy.
    case snappy = 2
    /// LZ4 (frame format).
    case lz4 = 3
    /// Zstandard.
    case zstd = 4
}
