import _RingLogCShims

/// CRC32C (Castagnoli polynomial 0x1EDC6F41), the checksum of Kafka's v2 record batches.
/// Runs on the SSE4.2 `crc32` instruction where the CPU has it, a slicing-by-8 table otherwise.
///
/// Thread-safety: pure function. Complexity: O(n).
public enum CRC32C {
    /// The checksum of `bytes`, continuing from `crc` (0 to start).
    @inlinable
    public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        ringlog_crc32c(crc, bytes.baseAddress, bytes.count)
    }

    /// The checksum of `count` bytes at `pointer`, continuing from `crc`.
    @inlinable
    public static func checksum(_ pointer: UnsafeRawPointer, count: Int, continuing crc: UInt32 = 0) -> UInt32 {
        ringlog_crc32c(crc, pointer, count)
    }

    /// True when the hardware instruction is used.
    public static var isHardwareAccelerated: Bool { ringlog_crc32c_is_hardware() != 0 }
}
